package component

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// regAdd registers a person in the fake through the API client.
func regAdd(t *testing.T, e *env, wk int64, email string) fake.Registrant {
	t.Helper()
	cl, _, err := e.comp.api(context.Background(), e.cfg)
	require.NoError(t, err)
	_, err = cl.CreateRegistrant(context.Background(), gotowebinar.Key(e.organizer.Key), gotowebinar.Key(wk),
		gotowebinar.RegistrantCreate{FirstName: "New", LastName: "Person", Email: email}, false)
	require.NoError(t, err)
	r, ok := regFind(e, wk, email)
	require.True(t, ok)
	return r
}

func regKeys(data []map[string]any) []any {
	var keys []any
	for _, d := range data {
		keys = append(keys, d["registrantKey"])
	}
	return keys
}

func regKeyStrings(rs ...fake.Registrant) []any {
	var keys []any
	for _, r := range rs {
		keys = append(keys, keyString(r.Key))
	}
	return keys
}

// regPollOK checks the shape of a poll: its data, then one snapshot that
// fits the platform's 5 KB.
func regPollOK(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, membus.Acked, r.Outcome, r.Events)
	require.NotEmpty(t, r.Events)
	last := r.Events[len(r.Events)-1]
	assert.Equal(t, "snapshot", last.Kind, "the snapshot comes after every data message")
	assert.Len(t, r.Events, len(r.Data)+1)
	raw, err := json.Marshal(r.Snapshot)
	require.NoError(t, err)
	assert.Less(t, len(raw), 5000)
}

func TestNewRegistrantsOfOneWebinar(t *testing.T) {
	e := newEnv(t, envOptions{})
	large := regLargeWebinar(e)
	other := regPlainWebinar(e)
	var a, b, d fake.Registrant
	h := regHooked(e.comp.handler("newRegistrants", e.comp.newRegistrants), nil,
		func() {
			a, b = regAdd(t, e, large.Key, "a@example.org"), regAdd(t, e, large.Key, "b@example.org")
			regAdd(t, e, other.Key, "elsewhere@example.org")
		},
		func() { d = regAdd(t, e, large.Key, "d@example.org") })
	cfg := e.config(map[string]any{"webinarKey": keyString(large.Key)})

	rs := e.runMany("newRegistrants", h, []any{map[string]any{}, map[string]any{}, map[string]any{}}, cfg, nil)
	for _, r := range rs {
		regPollOK(t, r)
	}
	assert.Empty(t, rs[0].Data, "the first poll without startTime only remembers where it is")
	assert.ElementsMatch(t, regKeyStrings(a, b), regKeys(rs[1].Data))
	assert.Equal(t, regKeyStrings(d), regKeys(rs[2].Data))
	assert.Equal(t, map[string]any{
		"registrantKey": keyString(d.Key), "firstName": "New", "lastName": "Person", "email": "d@example.org",
		"registrationDate": d.RegistrationDate.UTC().Format(time.RFC3339), "status": d.Status, "joinUrl": d.JoinURL,
		"timeZone": d.TimeZone, "webinarKey": keyString(large.Key), "webinarSubject": large.Subject,
	}, rs[2].Data[0])

	// A new container (restart) with the stored snapshot: nothing twice.
	r := e.run("newRegistrants", e.comp.handler("newRegistrants", e.comp.newRegistrants), map[string]any{}, cfg, rs[2].Snapshot)
	regPollOK(t, r)
	assert.Empty(t, r.Data)
}

func TestNewRegistrantsFirstPollFromStartTime(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("newRegistrants", e.comp.newRegistrants)
	large := regLargeWebinar(e)
	want := e.fake.Registrants(large.Key)
	start := want[247].RegistrationDate.UTC().Format(time.RFC3339)
	cfg := e.config(map[string]any{"webinarKey": keyString(large.Key), "startTime": start})

	r := e.run("newRegistrants", h, map[string]any{}, cfg, nil)
	regPollOK(t, r)
	assert.Equal(t, regKeyStrings(want[247:]...), regKeys(r.Data), "everything since startTime, in order")

	r = e.run("newRegistrants", h, map[string]any{}, cfg, r.Snapshot)
	regPollOK(t, r)
	assert.Empty(t, r.Data)
}

func TestNewRegistrantsOfUpcomingWebinars(t *testing.T) {
	e := newEnv(t, envOptions{})
	now := time.Now()
	var matching []fake.Webinar
	var want []fake.Registrant
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		upcoming := false
		for _, tr := range w.Times {
			upcoming = upcoming || (tr.Start.After(now.Add(-registrantWindowBack)) && tr.Start.Before(now.Add(registrantWindowAhead)))
		}
		if upcoming && strings.Contains(strings.ToLower(w.Subject), "training series") {
			matching = append(matching, w)
			want = append(want, e.fake.Registrants(w.Key)...)
		}
	}
	require.Len(t, matching, 3)
	large := regLargeWebinar(e)
	var added fake.Registrant
	h := regHooked(e.comp.handler("newRegistrants", e.comp.newRegistrants), nil,
		func() {
			added = regAdd(t, e, matching[1].Key, "series@example.org")
			regAdd(t, e, large.Key, "not-a-series@example.org")
		})
	cfg := e.config(map[string]any{"subjectContains": "TRAINING Series", "startTime": now.AddDate(-2, 0, 0).UTC().Format(time.RFC3339)})

	rs := e.runMany("newRegistrants", h, []any{map[string]any{}, map[string]any{}, map[string]any{}}, cfg, nil)
	for _, r := range rs {
		regPollOK(t, r)
	}
	assert.ElementsMatch(t, regKeyStrings(want...), regKeys(rs[0].Data), "startTime: the first poll emits all since then")
	for _, d := range rs[0].Data {
		assert.Contains(t, d["webinarSubject"], "Training series")
	}
	require.Len(t, rs[1].Data, 1, "only the webinars whose subject matches")
	assert.Equal(t, keyString(added.Key), rs[1].Data[0]["registrantKey"])
	assert.Equal(t, keyString(matching[1].Key), rs[1].Data[0]["webinarKey"])
	assert.Equal(t, matching[1].Subject, rs[1].Data[0]["webinarSubject"])
	assert.Empty(t, rs[2].Data)
}

func TestNewRegistrantsErrors(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("newRegistrants", e.comp.newRegistrants)
	large := regLargeWebinar(e)
	for name, tc := range map[string]struct {
		fields   map[string]any
		snapshot map[string]any
		want     string
	}{
		"filter and webinar": {map[string]any{"webinarKey": keyString(large.Key), "subjectContains": "x"}, nil, "subjectContains:"},
		"unknown webinar":    {map[string]any{"webinarKey": "1234567890123456789"}, nil, "not found"},
		"bad startTime":      {map[string]any{"startTime": "yesterday"}, nil, "startTime:"},
		"foreign snapshot":   {nil, map[string]any{"floor": 17}, "reset the snapshot"},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.run("newRegistrants", h, map[string]any{}, e.config(tc.fields), tc.snapshot)
			assert.Equal(t, membus.Rejected, r.Outcome)
			require.Len(t, r.Events, 1, "no data, no snapshot")
			assert.Contains(t, r.Events[0].Error, tc.want)
		})
	}
}

// TestRegistrantMarkAdvance covers what the fake cannot stage: GoTo lists
// a registration late, or one webinar is read before a registration that
// is older than one already seen on another webinar.
func TestRegistrantMarkAdvance(t *testing.T) {
	p1 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	reg := func(key int64, at time.Time) webinarRegistrant {
		return webinarRegistrant{Registrant: gotowebinar.Registrant{RegistrantKey: gotowebinar.Key(key), RegistrationDate: at}}
	}
	keys := func(rs []webinarRegistrant) []int64 {
		out := []int64{}
		for _, r := range rs {
			out = append(out, int64(r.RegistrantKey))
		}
		return out
	}
	old := reg(1, p1.Add(-time.Hour))
	b := reg(2, p1.Add(2*time.Second)) // on webinar B, read after A

	fresh, m1 := registrantMark{}.advance([]webinarRegistrant{old, b}, time.Time{}, p1)
	assert.Empty(t, fresh, "first poll without startTime")
	assert.Equal(t, p1.Add(-registrantLag), m1.floor)

	a := reg(3, p1.Add(time.Second))     // on webinar A, registered after A was read
	late := reg(4, p1.Add(-time.Minute)) // listed by GoTo only after the first poll
	c := reg(5, p1.Add(50*time.Second))  // an ordinary new one
	fresh, m2 := m1.advance([]webinarRegistrant{old, b, c, a, late}, time.Time{}, p1.Add(time.Minute))
	assert.Equal(t, []int64{4, 3, 5}, keys(fresh), "b was already seen; the rest in registration order")

	snap, err := json.Marshal(m2.snapshot())
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(snap, &back))
	m2b, err := readRegistrantMark(back)
	require.NoError(t, err)
	assert.Equal(t, m2, m2b, "the snapshot round-trips")
	assert.Equal(t, map[gotowebinar.Key]bool{3: true, 4: true, 5: true, 2: true}, m2.seen)

	fresh, m3 := m2b.advance([]webinarRegistrant{old, b, c, a, late}, time.Time{}, p1.Add(10*time.Minute))
	assert.Empty(t, fresh)
	assert.Empty(t, m3.seen, "keys older than the floor are forgotten: the snapshot stays small")

	fresh, _ = registrantMark{}.advance([]webinarRegistrant{old, b, a}, p1.Add(time.Second), p1.Add(time.Minute))
	assert.Equal(t, []int64{3, 2}, keys(fresh), "first poll with startTime: from it on, inclusive")
}
