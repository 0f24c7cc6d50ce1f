package component

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// regConflictProxy stands between the component and the fake: it strips
// registrantKey and joinUrl from 409 bodies, or, with conflictAll set,
// answers every registration with such a bare 409.
type regConflictProxy struct {
	fake        http.Handler
	conflictAll bool
}

func (p *regConflictProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bare := []byte(`{"errorCode":"Conflict","description":"The user is already registered","incident":"1"}`)
	isCreate := r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/registrants")
	if isCreate && p.conflictAll {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write(bare)
		return
	}
	rec := httptest.NewRecorder()
	p.fake.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusConflict {
		body = bare
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = io.Copy(w, bytes.NewReader(body))
}

// regProxyComponent is a component whose API goes through p.
func regProxyComponent(t *testing.T, e *env, p http.Handler) *Component {
	mux := http.NewServeMux()
	mux.Handle(fakeBase+"/", http.StripPrefix(fakeBase, p))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	log := logrus.New()
	log.SetOutput(io.Discard)
	comp, err := New(Options{
		AppID: fake.DefaultClientID, AppSecret: fake.DefaultClientSecret,
		APIURL: srv.URL + fakeBase, AuthURL: srv.URL + fakeBase, Logger: logrus.NewEntry(log),
		ClientOptions: []gotowebinar.Option{gotowebinar.WithPacing(0, 0)},
	})
	require.NoError(t, err)
	return comp
}

func TestCreateRegistrantConflictWithoutKey(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := &regConflictProxy{fake: e.fake}
	comp := regProxyComponent(t, e, p)
	h := comp.handler("createRegistrant", comp.createRegistrant)
	w := regPlainWebinar(e)
	old := e.fake.Registrants(w.Key)[1]
	cfg := e.config(map[string]any{"webinarKey": keyString(w.Key)})

	r := e.run("createRegistrant", h, map[string]any{"firstName": "A", "lastName": "B", "email": "  " + strings.ToUpper(old.Email)}, cfg, nil)
	require.Equal(t, membus.Acked, r.Outcome, r.Events)
	assert.Equal(t, map[string]any{
		"registrantKey": keyString(old.Key), "joinUrl": old.JoinURL, "status": old.Status,
		"email": old.Email, "webinarKey": keyString(w.Key), "alreadyRegistered": true,
	}, r.Data[0], "found by listing the registrants and matching the email")

	p.conflictAll = true
	r = e.run("createRegistrant", h, map[string]any{"firstName": "A", "lastName": "B", "email": "nobody@example.org"}, cfg, nil)
	assert.Equal(t, membus.Rejected, r.Outcome)
	assert.Contains(t, r.Events[0].Error, "The user is already registered")
	assert.Contains(t, r.Events[0].Error, "no registrant of the webinar has this email")
}
