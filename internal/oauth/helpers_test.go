package oauth

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logBuffer collects log output from concurrent goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// persistRecorder is a Persist callback that records what it stored and how
// many API calls had already used the new access token at that moment.
type persistRecorder struct {
	f    *fakeGoTo
	mu   sync.Mutex
	objs []map[string]any
	// usedBefore[i] counts API calls made with objs[i]'s access token
	// before objs[i] was persisted.
	usedBefore []int
	fail       error
}

func (p *persistRecorder) persist(_ context.Context, obj map[string]any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		err := p.fail
		p.fail = nil
		return err
	}
	access, _ := obj["access_token"].(string)
	p.objs = append(p.objs, maps.Clone(obj))
	p.usedBefore = append(p.usedBefore, p.f.calls(access))
	return nil
}

func (p *persistRecorder) stored() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.objs...)
}

// setup returns a fake GoTo, options pointing at it with a recording Persist,
// and the captured log.
func setup(t *testing.T) (*fakeGoTo, Options, *persistRecorder, *logBuffer) {
	t.Helper()
	f := newFake(t)
	rec := &persistRecorder{f: f}
	logs := &logBuffer{}
	l := logrus.New()
	l.SetOutput(logs)
	l.SetLevel(logrus.DebugLevel)
	l.SetFormatter(&logrus.JSONFormatter{})
	return f, Options{Config: f.config(t), Persist: rec.persist, Log: logrus.NewEntry(l)}, rec, logs
}

func mustCredential(t *testing.T, cfg map[string]any, opts Options) *Credential {
	t.Helper()
	cred, err := NewCredential(cfg, opts)
	require.NoError(t, err)
	return cred
}

// call performs one API request through the credential's client.
func call(ctx context.Context, c *Credential, url string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := c.Client().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// assertNoSecrets checks that no token or client secret appears in text.
func assertNoSecrets(t *testing.T, f *fakeGoTo, text string) {
	t.Helper()
	for _, s := range f.allSecrets() {
		assert.NotContains(t, text, s)
	}
	assert.False(t, strings.Contains(text, "TOKEN-") || strings.Contains(text, "CLIENTSECRET"), "secret-like text in %q", text)
}
