package component

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// webinarEnv is an env whose component and fake share a fixed clock, so
// that ranges computed by the test and by the component agree.
func webinarEnv(t *testing.T) (*env, time.Time) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	clock := func() time.Time { return now }
	return newEnv(t, envOptions{now: clock, fake: fake.Options{Now: clock}}), now
}

// startsIn lists the keys of the organizer's webinars with a start in
// [from, to], as the API's ranged list selects them.
func startsIn(ws []fake.Webinar, from, to time.Time) []string {
	var out []string
	for _, w := range ws {
		for _, tr := range w.Times {
			if !tr.Start.Before(from) && !tr.Start.After(to) {
				out = append(out, keyString(w.Key))
				break
			}
		}
	}
	return out
}

// createTestWebinar schedules a webinar through createWebinar and returns
// its key.
func createTestWebinar(t *testing.T, e *env, body map[string]any) string {
	t.Helper()
	r := e.run("createWebinar", e.comp.handler("createWebinar", e.comp.createWebinar), body, e.config(nil), nil)
	require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
	require.Len(t, r.Data, 1)
	return r.Data[0]["webinarKey"].(string)
}

func oneSession(subject string, start time.Time) map[string]any {
	return map[string]any{"subject": subject, "times": []any{map[string]any{
		"startTime": start.Format(time.RFC3339), "endTime": start.Add(time.Hour).Format(time.RFC3339)}}}
}

func webinarKeysOf(r result) []string {
	var out []string
	for _, d := range r.Data {
		out = append(out, d["webinarKey"].(string))
	}
	return out
}

// snapshotSize is the size of a snapshot as the platform stores it.
func snapshotSize(t *testing.T, s map[string]any) int {
	raw, err := json.Marshal(s)
	require.NoError(t, err)
	return len(raw)
}

func testWebinar(key int64, start time.Time) gotowebinar.Webinar {
	return gotowebinar.Webinar{WebinarKey: gotowebinar.Key(key), Subject: "w",
		Times: []gotowebinar.DateTimeRange{{StartTime: start, EndTime: start.Add(time.Hour)}}}
}

func TestUpcomingWatchedCapsAtTies(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := now.AddDate(2, 0, 0)
	day := func(d int) time.Time { return now.AddDate(0, 0, d) }
	list := []gotowebinar.Webinar{testWebinar(5, day(3)), testWebinar(1, day(-1)), testWebinar(2, day(1)),
		testWebinar(3, day(2)), testWebinar(4, day(2))}

	up, horizon := upcomingWatched(list, now, to, 10)
	assert.Equal(t, to, horizon)
	require.Len(t, up, 4, "the past webinar is not watched")
	assert.Equal(t, gotowebinar.Key(2), up[0].WebinarKey)

	up, horizon = upcomingWatched(list, now, to, 2)
	require.Len(t, up, 1, "two webinars tie at the cut: neither is watched")
	assert.Equal(t, gotowebinar.Key(2), up[0].WebinarKey)
	assert.True(t, horizon.Before(day(2)) && horizon.After(day(1)))
}

func TestReadWatchStateRejectsGarbage(t *testing.T) {
	for _, snap := range []map[string]any{
		{"polledAt": "yesterday", "horizon": "2026-01-01T00:00:00Z", "webinars": ""},
		{"polledAt": "2026-01-01T00:00:00Z", "horizon": "2026-01-01T00:00:00Z", "webinars": "AAAA"},
	} {
		_, err := readWatchState(&call{req: &sailor.Request{Snapshot: snap}}, 5)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "reset the snapshot")
	}
	s, err := readWatchState(&call{req: &sailor.Request{Snapshot: map[string]any{}}}, 5)
	require.NoError(t, err)
	assert.Nil(t, s, "an empty snapshot is a first poll")
}
