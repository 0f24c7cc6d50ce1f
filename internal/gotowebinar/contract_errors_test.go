package gotowebinar_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// TestContractInvalidToken: an unknown and an expired token are GoTo's 403
// InvalidToken, final (the refresh belongs to the transport), and the token never
// shows up in the error.
func TestContractInvalidToken(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	const bogus = "eyJraWQiOiJvYXV0aHYyIn0.not-a-token-of-this-server"
	c.rec.setToken(bogus)
	n := c.rec.count()
	_, err := c.client.Me(c.ctx)
	require.ErrorIs(t, err, g2w.ErrInvalidToken)
	assert.NotErrorIs(t, err, g2w.ErrTransient)
	e := asAPIError(t, err)
	assert.Equal(t, http.StatusForbidden, e.StatusCode)
	assert.Equal(t, "InvalidToken", e.Code)
	assert.Equal(t, "Invalid token passed", e.Description)
	assert.NotContains(t, err.Error(), bogus)
	assert.Equal(t, []int{403}, statuses(c.rec.since(n)))

	// A real token that expired.
	good := c.authorize(t)
	c.rec.setToken(good)
	_, err = c.client.Webinar(c.ctx, g2w.Key(c.org.Key), g2w.Key(c.fake.Webinars(c.org.Key)[0].Key))
	require.NoError(t, err)
	c.fake.ExpireAccessTokens()
	_, err = c.client.Webinar(c.ctx, g2w.Key(c.org.Key), g2w.Key(c.fake.Webinars(c.org.Key)[0].Key))
	require.ErrorIs(t, err, g2w.ErrInvalidToken)
	assert.NotContains(t, err.Error(), good)

	// Another organizer's data is a 403 too, but not InvalidToken.
	c.rec.setToken(c.authorize(t))
	second := c.fake.Organizers()[1]
	_, err = c.client.Webinar(c.ctx, g2w.Key(second.Key), g2w.Key(c.fake.Webinars(second.Key)[0].Key))
	e = asAPIError(t, err)
	assert.Equal(t, http.StatusForbidden, e.StatusCode)
	assert.NotErrorIs(t, err, g2w.ErrInvalidToken)
	assert.NotEmpty(t, e.Incident)
}

// TestContractRateLimitThenSuccess: the fake's 10 requests/second limit is on, the
// client's pacing is off, so the eleventh request within one (virtual) second is
// refused with 429; the client backs off in-process and the retry succeeds.
func TestContractRateLimitThenSuccess(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{}, g2w.WithPacing(0, 0))
	n := c.rec.count()
	for range 10 {
		_, err := c.client.Me(c.ctx)
		require.NoError(t, err)
	}
	assert.Empty(t, c.clock.Slept(), "pacing is off")
	// A POST: a 429 is refused before any work, so even a create is repeated.
	before := len(c.fake.Webinars(c.org.Key))
	start := c.clock.Now().AddDate(0, 0, 5)
	created, err := c.client.CreateWebinar(c.ctx, g2w.Key(c.org.Key), g2w.WebinarCreate{
		Subject: "After a 429", Times: []g2w.DateTimeRange{{StartTime: start, EndTime: start.Add(time.Hour)}},
	})
	require.NoError(t, err)
	assert.NotZero(t, created.WebinarKey)
	assert.Len(t, c.fake.Webinars(c.org.Key), before+1, "created exactly once")

	got := statuses(c.rec.since(n))
	assert.Equal(t, []int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 201}, got)
	slept := c.clock.Slept()
	require.Len(t, slept, 1)
	assert.GreaterOrEqual(t, slept[0], 500*time.Millisecond, "back-off with jitter, at least half the base")
	assert.LessOrEqual(t, slept[0], time.Second)
}

// TestContractRateLimitBudgetExhausted: with no in-process wait allowed the 429 comes
// back as a transient error that says how long to wait.
func TestContractRateLimitBudgetExhausted(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{RateLimit: 1}, g2w.WithPacing(0, 0), g2w.WithMaxRateLimitWait(0))
	_, err := c.client.Me(c.ctx)
	require.NoError(t, err)
	n := c.rec.count()
	_, err = c.client.Me(c.ctx)
	require.ErrorIs(t, err, g2w.ErrRateLimited)
	require.ErrorIs(t, err, g2w.ErrTransient)
	assert.Positive(t, asAPIError(t, err).RetryAfter)
	assert.Equal(t, []int{429}, statuses(c.rec.since(n)))
}

// TestContract503TwiceThenSuccess: a GET answered 503 twice is retried and succeeds
// on the third attempt; a third 503 in a row is returned; a POST is not retried.
func TestContract503TwiceThenSuccess(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	w := c.fake.Webinars(c.org.Key)[0]

	c.fake.FailNext(2, http.StatusServiceUnavailable)
	n := c.rec.count()
	d, err := c.client.Webinar(c.ctx, org, key(t, w.Key))
	require.NoError(t, err)
	assert.Equal(t, g2w.Key(w.Key), d.WebinarKey)
	assert.Equal(t, []int{503, 503, 200}, statuses(c.rec.since(n)))

	c.fake.FailNext(3, http.StatusServiceUnavailable)
	n = c.rec.count()
	_, err = c.client.Webinar(c.ctx, org, g2w.Key(w.Key))
	require.ErrorIs(t, err, g2w.ErrTransient)
	assert.Equal(t, http.StatusServiceUnavailable, asAPIError(t, err).StatusCode)
	assert.Equal(t, []int{503, 503, 503}, statuses(c.rec.since(n)))

	c.fake.FailNext(1, http.StatusServiceUnavailable)
	before := len(c.fake.Webinars(c.org.Key))
	n = c.rec.count()
	start := c.clock.Now().AddDate(0, 0, 5)
	_, err = c.client.CreateWebinar(c.ctx, org, g2w.WebinarCreate{
		Subject: "Not retried", Times: []g2w.DateTimeRange{{StartTime: start, EndTime: start.Add(time.Hour)}},
	})
	require.ErrorIs(t, err, g2w.ErrTransient)
	assert.Equal(t, []int{503}, statuses(c.rec.since(n)), "a POST may have been applied: not retried")
	assert.Len(t, c.fake.Webinars(c.org.Key), before)
}

// TestContract400NotRetried: validation errors are final, for GET, PUT and POST alike.
func TestContract400NotRetried(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)

	n := c.rec.count()
	_, err := c.client.ListWebinars(c.ctx, org, time.Time{}, time.Time{}) // fromTime/toTime missing
	require.ErrorIs(t, err, g2w.ErrValidation)
	assert.NotErrorIs(t, err, g2w.ErrTransient)
	e := asAPIError(t, err)
	assert.Equal(t, "InvalidRequest", e.Code)
	assert.Contains(t, e.Description, "fromTime")
	assert.NotEmpty(t, e.Incident)
	assert.Equal(t, []int{400}, statuses(c.rec.since(n)))

	start := c.clock.Now().AddDate(0, 0, 5)
	one := []g2w.DateTimeRange{{StartTime: start, EndTime: start.Add(time.Hour)}}
	for name, body := range map[string]g2w.WebinarCreate{
		"subject too long": {Subject: strings.Repeat("s", 129), Times: one},
		"times missing":    {Subject: "No times"},
		"end before start": {Subject: "Backwards", Times: []g2w.DateTimeRange{{StartTime: start, EndTime: start.Add(-time.Hour)}}},
		"bad locale":       {Subject: "Locale", Times: one, Locale: "xx_XX"},
	} {
		n = c.rec.count()
		_, err = c.client.CreateWebinar(c.ctx, org, body)
		require.ErrorIs(t, err, g2w.ErrValidation, name)
		assert.Equal(t, []int{400}, statuses(c.rec.since(n)), name)
	}

	w := c.findWebinar(t, c.future)
	n = c.rec.count()
	err = c.client.UpdateWebinar(c.ctx, org, g2w.Key(w.Key), g2w.WebinarUpdate{Subject: strings.Repeat("s", 129)}, false)
	require.ErrorIs(t, err, g2w.ErrValidation)
	assert.Equal(t, []int{400}, statuses(c.rec.since(n)))
	past := c.findWebinar(t, c.past)
	err = c.client.UpdateWebinar(c.ctx, org, g2w.Key(past.Key), g2w.WebinarUpdate{Subject: "Too late"}, false)
	require.ErrorIs(t, err, g2w.ErrValidation)
}

// TestContractNotFoundAndConflict: unknown keys are 404, cancelling a webinar in
// session is 409.
func TestContractNotFoundAndConflict(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	unknown := g2w.Key(twoTo53 + 777)
	_, err := c.client.Webinar(c.ctx, org, unknown)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	_, err = c.client.StartURL(c.ctx, unknown)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	_, err = c.client.Registrant(c.ctx, org, g2w.Key(c.fake.Webinars(c.org.Key)[0].Key), unknown)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	_, err = c.client.ListAccountWebinars(c.ctx, unknown, time.Now(), time.Now())
	require.ErrorIs(t, err, g2w.ErrNotFound)

	now := c.clock.Now()
	live := c.findWebinar(t, func(w fake.Webinar) bool {
		return len(w.Times) == 1 && !now.Before(w.Times[0].Start) && now.Before(w.Times[0].End)
	})
	err = c.client.CancelWebinar(c.ctx, org, g2w.Key(live.Key), g2w.CancelOptions{})
	require.ErrorIs(t, err, g2w.ErrConflict)
	_, ok := asAPIError(t, err).ExistingRegistrant()
	assert.False(t, ok)
	w, _ := c.fake.Webinar(live.Key)
	assert.False(t, w.Cancelled)
}
