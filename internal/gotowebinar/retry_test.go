package gotowebinar

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence answers with the given statuses in turn, then with the last one.
func sequence(calls *atomic.Int32, header http.Header, statuses []int, final string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		st := statuses[min(n, len(statuses))-1]
		if st >= 300 {
			for k, v := range header {
				w.Header()[k] = v
			}
			writeJSON(w, st, `{"errorCode":"E","description":"status `+http.StatusText(st)+`"}`)
			return
		}
		writeJSON(w, st, final)
	}
}

func TestRateLimitedPOSTWaitsRetryAfterThenSucceeds(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0))
	var calls atomic.Int32
	env.mux.HandleFunc(registrantsPath, sequence(&calls, http.Header{"Retry-After": {"1"}},
		[]int{429, 429, 201}, `{"registrantKey":8325357307900339981,"joinUrl":"https://j"}`))

	got, err := env.client.CreateRegistrant(t.Context(), orgKey, wbKey, RegistrantCreate{Email: "a@example.com"}, false)
	require.NoError(t, err)
	assert.Equal(t, rkKey, got.RegistrantKey)
	assert.EqualValues(t, 3, calls.Load())
	assert.Equal(t, []time.Duration{time.Second, time.Second}, env.clock.Slept())
}

func TestRateLimitedWithoutRetryAfterBacksOffFromOneSecond(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0))
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, nil, []int{429, 429, 200}, `{"subject":"ok"}`))

	got, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	assert.Equal(t, "ok", got.Subject)
	slept := env.clock.Slept()
	require.Len(t, slept, 2)
	assert.GreaterOrEqual(t, slept[0], 500*time.Millisecond)
	assert.LessOrEqual(t, slept[0], time.Second)
	assert.GreaterOrEqual(t, slept[1], time.Second)
	assert.LessOrEqual(t, slept[1], 2*time.Second)
}

func TestRateLimitPastCapReturnsRetryAfter(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0))
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, http.Header{"Retry-After": {"3600"}}, []int{429}, ""))

	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.ErrorIs(t, err, ErrTransient)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.EqualValues(t, 1, calls.Load())
	assert.Empty(t, env.clock.Slept(), "no in-process wait beyond the cap")
}

func TestRateLimitHTTPDateRetryAfter(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0), WithMaxRateLimitWait(time.Minute))
	var calls atomic.Int32
	when := env.clock.Now().Add(5 * time.Second).Format(http.TimeFormat)
	env.mux.HandleFunc(webinarPath, sequence(&calls, http.Header{"Retry-After": {when}}, []int{429, 200}, `{}`))

	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{5 * time.Second}, env.clock.Slept())
}

func TestRateLimitWaitStopsAtCallerDeadline(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0), WithMaxRateLimitWait(time.Hour))
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, http.Header{"Retry-After": {"120"}}, []int{429}, ""))
	ctx, cancel := contextWithDeadline(t, env.clock.Now().Add(time.Minute))
	defer cancel()

	_, err := env.client.Webinar(ctx, orgKey, wbKey)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Empty(t, env.clock.Slept(), "a wait past the message deadline is left to the caller")
}

func TestGETRetriedOn503(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, nil, []int{503, 503, 200}, `{"subject":"ok"}`))

	got, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	assert.Equal(t, "ok", got.Subject)
	assert.EqualValues(t, 3, calls.Load())
}

func TestGETGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, nil, []int{502}, ""))

	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	assert.ErrorIs(t, err, ErrTransient)
	assert.NotErrorIs(t, err, ErrRateLimited)
	assert.EqualValues(t, 3, calls.Load())
}

func TestPOSTNotRetriedOn503(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(registrantsPath, sequence(&calls, nil, []int{503, 201}, `{"registrantKey":1,"joinUrl":"j"}`))

	_, err := env.client.CreateRegistrant(t.Context(), orgKey, wbKey, RegistrantCreate{Email: "a@example.com"}, false)
	assert.ErrorIs(t, err, ErrTransient)
	assert.EqualValues(t, 1, calls.Load(), "the registrant may have been created")
}

func TestCopyWebinarNotRetriedAlthoughPUT(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc("/G2W/rest/v2/webinars/5620084814059709442/copy", sequence(&calls, nil, []int{500}, ""))

	_, err := env.client.CopyWebinar(t.Context(), wbKey, CopyWebinarRequest{Subject: "c"})
	assert.ErrorIs(t, err, ErrTransient)
	assert.EqualValues(t, 1, calls.Load())
}

func TestBadRequestNotRetried(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, sequence(&calls, nil, []int{400}, ""))

	err := env.client.UpdateWebinar(t.Context(), orgKey, wbKey, WebinarUpdate{Subject: "s"}, false)
	assert.ErrorIs(t, err, ErrValidation)
	assert.NotErrorIs(t, err, ErrTransient)
	assert.EqualValues(t, 1, calls.Load())
}

func TestAttemptTimeoutIsTransientAndRetried(t *testing.T) {
	t.Parallel()
	env := setup(t, WithAttemptTimeout(100*time.Millisecond), WithMaxAttempts(2))
	var calls atomic.Int32
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		writeJSON(w, 200, `{"subject":"second"}`)
	})

	got, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	assert.Equal(t, "second", got.Subject)
	assert.EqualValues(t, 2, calls.Load())
}

func TestAttemptTimeoutSurfacesAsTransient(t *testing.T) {
	t.Parallel()
	env := setup(t, WithAttemptTimeout(50*time.Millisecond), WithMaxAttempts(1))
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	assert.ErrorIs(t, err, ErrTransient)
}

func TestCancelledContextStopsRetries(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	ctx, cancel := contextWithDeadline(t, time.Now().Add(time.Hour))
	// The caller gives up while the first attempt fails with a 503: the
	// retry that would follow must not be made.
	answer := sequence(&calls, nil, []int{503, 503, 503}, "")
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		answer(w, r)
	})

	_, err := env.client.Webinar(ctx, orgKey, wbKey)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrTransient, "the caller gave up; nothing to rebound")
	assert.EqualValues(t, 1, calls.Load(), "no retry after the caller gave up")
}

// refusedCredential is what an authorizing transport returns when the token
// endpoint rejected the credential (oauth.AuthError says Permanent).
type refusedCredential struct{}

func (refusedCredential) Error() string   { return "credential rejected: re-authorize" }
func (refusedCredential) Permanent() bool { return true }

type failingTransport struct{ calls atomic.Int32 }

func (f *failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	f.calls.Add(1)
	return nil, refusedCredential{}
}

// A transport error that says retrying cannot help is not retried: each
// retry would ask the token endpoint again (reliability.md R22).
func TestPermanentTransportErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	tr := &failingTransport{}
	clock := newFakeClock()
	c, err := NewClient(&http.Client{Transport: tr}, WithBaseURL("http://127.0.0.1:1/api"), WithClock(clock.Now, clock.Sleep))
	require.NoError(t, err)
	_, err = c.Webinar(t.Context(), orgKey, wbKey)
	require.Error(t, err)
	assert.ErrorAs(t, err, new(refusedCredential))
	assert.NotErrorIs(t, err, ErrTransient, "nothing to rebound")
	assert.EqualValues(t, 1, tr.calls.Load(), "one attempt")
}
