package gotowebinar

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const webinarPath = "/G2W/rest/v2/organizers/1234567890123456789/webinars/5620084814059709442"

// bearerTransport stands in for the OAuth transport built elsewhere.
type bearerTransport struct{ token string }

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func TestInvalidTokenIsRecognisedAndNeverQuoted(t *testing.T) {
	t.Parallel()
	const secret = "eyJraWQiOiJvYXV0aHYyLXNlY3JldC10b2tlbg"
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "Bearer "+secret, r.Header.Get("Authorization"))
		writeJSON(w, 403, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`)
	})
	c, err := NewClient(&http.Client{Transport: bearerTransport{secret}},
		WithBaseURL(env.server.URL+basePath), WithClock(env.clock.Now, env.clock.Sleep))
	require.NoError(t, err)

	_, err = c.Webinar(t.Context(), orgKey, wbKey)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidToken)
	assert.NotErrorIs(t, err, ErrTransient)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.EqualError(t, err, "gotowebinar: get webinar: 403 InvalidToken: Invalid token passed")
	assert.NotContains(t, err.Error(), secret)
	assert.EqualValues(t, 1, calls.Load(), "refreshing is the transport's job, not ours")
}

func TestForbiddenAppErrorIsNotInvalidToken(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, `{"errorCode":"Forbidden","description":"not your webinar","incident":12345}`)
	})
	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.NotErrorIs(t, err, ErrInvalidToken)
	assert.Equal(t, "Forbidden", apiErr.Code)
	assert.Equal(t, "12345", apiErr.Incident)
}

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		body     string
		sentinel error
		message  string
	}{
		{"edge 404", 404, `{"errorCode":"NOT_FOUND","message":"No route"}`, ErrNotFound,
			"gotowebinar: get webinar: 404 NOT_FOUND: No route"},
		{"validation", 400, `{"errorCode":"InvalidRequest","description":"subject too long","incident":"inc-1"}`, ErrValidation,
			"gotowebinar: get webinar: 400 InvalidRequest: subject too long"},
		{"conflict", 409, `{"errorCode":"Conflict","description":"in session"}`, ErrConflict,
			"gotowebinar: get webinar: 409 Conflict: in session"},
		{"html body", 404, "<html>\n<body>nope</body></html>", ErrNotFound,
			"gotowebinar: get webinar: 404: <html> <body>nope</body></html>"},
		{"empty body", 404, "", ErrNotFound, "gotowebinar: get webinar: 404: Not Found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			var calls atomic.Int32
			env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				writeJSON(w, tc.status, tc.body)
			})
			_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.NotErrorIs(t, err, ErrTransient)
			assert.EqualError(t, err, tc.message)
			assert.EqualValues(t, 1, calls.Load(), "4xx is not retried")
		})
	}
}

func TestErrorIsMatchesOnlyItsClass(t *testing.T) {
	t.Parallel()
	e := &Error{Op: "x", StatusCode: 501}
	assert.False(t, errors.Is(e, ErrTransient), "501 will not get better")
	assert.True(t, errors.Is(&Error{Op: "x", StatusCode: 502}, ErrTransient))
	assert.True(t, errors.Is(&Error{Op: "x", StatusCode: 408}, ErrTransient))
	assert.True(t, errors.Is(&Error{Op: "x", Err: errors.New("reset")}, ErrTransient))
	assert.False(t, errors.Is(&Error{Op: "x", StatusCode: 403}, ErrInvalidToken))
}

func TestLongNonJSONErrorIsTruncated(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, strings.Repeat("x", 5000))
	})
	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 300)
}
