package component

import (
	"cmp"
	"encoding/json"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// sessionsClock is a test clock shared by the component and the fake, so
// that sessions can end between polls.
type sessionsClock struct{ ns atomic.Int64 }

func (c *sessionsClock) Now() time.Time               { return time.Unix(0, c.ns.Load()).UTC() }
func (c *sessionsClock) Set(t time.Time)              { c.ns.Store(t.UnixNano()) }
func (c *sessionsClock) Add(d time.Duration)          { c.Set(c.Now().Add(d)) }
func (c *sessionsClock) At(d time.Duration) time.Time { return c.Now().Add(d) }

// newSessionsEnv is an env whose component and fake run on one clock,
// starting at the real time (oauth2 checks expiry on the real clock).
func newSessionsEnv(t *testing.T) (*env, *sessionsClock) {
	t.Helper()
	clock := &sessionsClock{}
	clock.Set(time.Now().UTC().Truncate(time.Second))
	return newEnv(t, envOptions{now: clock.Now, fake: fake.Options{Now: clock.Now}}), clock
}

// upcomingWebinar is a webinar of the main organizer starting after two
// days with at least n registrants, no sessions, panelists or
// co-organizers yet (which webinar that is depends on the date: the seed is
// laid out around now), other than skip.
func upcomingWebinar(t *testing.T, e *env, n int, skip ...int64) fake.Webinar {
	t.Helper()
	soon := time.Now().Add(48 * time.Hour)
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		if w.Times[0].Start.After(soon) && w.ApprovalType == "AUTOMATIC" && len(e.fake.Registrants(w.Key)) >= n &&
			len(e.fake.Sessions(w.Key)) == 0 && len(e.fake.Panelists(w.Key)) == 0 &&
			len(e.fake.Coorganizers(w.Key)) == 0 && !slices.Contains(skip, w.Key) {
			return w
		}
	}
	require.FailNow(t, "no upcoming webinar with enough registrants")
	return fake.Webinar{}
}

// seededSession is a past session of the main organizer with attendees
// who asked questions.
func seededSession(t *testing.T, e *env) (fake.Webinar, fake.Session) {
	t.Helper()
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		for _, s := range e.fake.Sessions(w.Key) {
			if len(s.Attendees) >= 2 && len(s.Questions) > 0 {
				return w, s
			}
		}
	}
	require.FailNow(t, "no seeded session with questions")
	return fake.Webinar{}, fake.Session{}
}

// organizerSessions are the main organizer's completed sessions that
// started in [from, to], as GoTo lists them (by start, then key).
func organizerSessions(e *env, from, to, now time.Time) []fake.Session {
	var out []fake.Session
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		for _, s := range e.fake.Sessions(w.Key) {
			if !s.Start.Before(from) && !s.Start.After(to) && !s.End.After(now) {
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b fake.Session) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// rejectedWith checks that a message failed with one error event
// containing every part.
func rejectedWith(t *testing.T, r result, parts ...string) {
	t.Helper()
	assert.Equal(t, membus.Rejected, r.Outcome)
	require.Len(t, r.Events, 1)
	assert.Equal(t, "error", r.Events[0].Kind)
	for _, p := range parts {
		assert.Contains(t, r.Events[0].Error, p)
	}
}

// dataKeys returns one string property of every data message.
func dataKeys(r result, name string) []string {
	var out []string
	for _, d := range r.Data {
		s, _ := d[name].(string)
		out = append(out, s)
	}
	return out
}

// allResults returns the results of an emitAll message, checking count.
func allResults(t *testing.T, r result) []any {
	t.Helper()
	require.Equal(t, membus.Acked, r.Outcome)
	require.Len(t, r.Data, 1)
	res, ok := r.Data[0]["results"].([]any)
	require.True(t, ok, "results is a list")
	assert.Equal(t, json.Number(keyString(int64(len(res)))), r.Data[0]["count"])
	return res
}

func TestOnlyRefusesUnknownFields(t *testing.T) {
	k := &call{name: "listPanelists", body: map[string]any{"webinarKey": "1", "form": "x", "alpha": 1}}
	err := k.only("webinarKey")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "alpha, form: is not an input of listPanelists, which takes webinarKey")
	assert.NoError(t, (&call{body: map[string]any{"webinarKey": "1"}}).only("webinarKey"))
	k = &call{name: "updateWebinar", body: map[string]any{"approvalType": "MANUAL"}}
	assert.Contains(t, k.only("subject").Error(), "cannot set the approval type", "a property the API cannot set says so")
}

func TestObjectList(t *testing.T) {
	cases := []struct {
		name string
		v    any
		n    int
		err  string
	}{
		{"list", []any{map[string]any{"a": "1"}, map[string]any{"a": "2"}}, 2, ""},
		{"JSON text", `[{"a": "1"}]`, 1, ""},
		{"one object", map[string]any{"a": "1"}, 1, ""},
		{"bad JSON", `[{"a": `, 0, "items: is not valid JSON"},
		{"empty", []any{}, 0, "items: must be a non-empty list"},
		{"not objects", []any{"x"}, 0, "items[0]: must be an object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := objectList(&call{body: map[string]any{"items": c.v}}, "items", "[...]")
			if c.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.err)
				return
			}
			require.NoError(t, err)
			assert.Len(t, got, c.n)
		})
	}
	_, err := objectList(&call{body: map[string]any{}}, "items", "[...]")
	assert.EqualError(t, err, missingField("items").Error())
}
