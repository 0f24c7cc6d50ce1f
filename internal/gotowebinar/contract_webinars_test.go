package gotowebinar_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

func assertWebinarItem(t *testing.T, want fake.Webinar, got g2w.Webinar) {
	t.Helper()
	assert.Equal(t, key(t, want.Key), got.WebinarKey)
	assert.Equal(t, want.WebinarID, got.WebinarID)
	assert.Equal(t, g2w.Key(want.OrganizerKey), got.OrganizerKey)
	assert.Equal(t, g2w.Key(want.AccountKey), got.AccountKey)
	assert.Equal(t, want.Subject, got.Subject)
	assert.Equal(t, want.Description, got.Description)
	assert.Equal(t, want.TimeZone, got.TimeZone)
	assert.Equal(t, want.Locale, got.Locale)
	assert.Equal(t, want.ApprovalType, got.ApprovalType)
	assert.Equal(t, want.RecurrenceType, got.RecurrenceType)
	assert.Equal(t, want.ExperienceType, got.ExperienceType)
	assert.Equal(t, want.IsPasswordProtected, got.IsPasswordProtected)
	assert.Equal(t, want.Impromptu, got.Impromptu)
	assert.Contains(t, got.RegistrationURL, strconv.FormatInt(want.Key, 10))
	assertRanges(t, want.Times, got.Times)
}

// TestContractMe covers GET /admin/rest/v1/me.
func TestContractMe(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	me, err := c.client.Me(c.ctx)
	require.NoError(t, err)
	assert.Equal(t, key(t, c.org.Key), me.Key)
	assert.Equal(t, key(t, c.org.AccountKey), me.AccountKey)
	assert.Equal(t, c.org.Email, me.Email)
	assert.Equal(t, c.org.FirstName, me.FirstName)
	assert.Equal(t, c.org.LastName, me.LastName)
	assert.Equal(t, c.org.Locale, me.Locale)
	assert.Equal(t, c.org.TimeZone, me.TimeZone)
	require.Len(t, me.Accounts, 1)
	assert.Equal(t, g2w.Key(c.org.AccountKey), me.Accounts[0].Key)
	assert.NotEmpty(t, me.CreateTime)
}

// TestContractWebinarLists covers #1, #2, #4 and #5 against the seeded webinars.
func TestContractWebinarLists(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	from, to := c.window()
	want := c.fake.Webinars(c.org.Key)
	require.Greater(t, len(want), 200, "the seed must need more than one page")

	got, err := c.client.ListWebinars(c.ctx, g2w.Key(c.org.Key), from, to)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i := range want {
		assertWebinarItem(t, want[i], got[i])
	}

	// The account list holds the webinars of both organizers.
	var accountWant []g2w.Key
	for _, o := range c.fake.Organizers() {
		accountWant = append(accountWant, keys(c.fake.Webinars(o.Key), func(w fake.Webinar) g2w.Key { return g2w.Key(w.Key) })...)
	}
	account, err := c.client.ListAccountWebinars(c.ctx, g2w.Key(c.org.AccountKey), from, to)
	require.NoError(t, err)
	assert.ElementsMatch(t, accountWant, keys(account, func(w g2w.Webinar) g2w.Key { return w.WebinarKey }))
	n := c.rec.count()
	for w, err := range c.client.AccountWebinars(c.ctx, g2w.Key(c.org.AccountKey), from, to) {
		require.NoError(t, err)
		assert.Equal(t, account[0], w)
		break
	}
	assert.Len(t, c.rec.since(n), 1, "stopping early fetches no further page")

	// #5 for a single session, a series part and a sequence.
	for _, kind := range []string{"single_session", "series", "sequence"} {
		w := c.findWebinar(t, func(w fake.Webinar) bool { return w.RecurrenceType == kind && c.future(w) })
		d, err := c.client.Webinar(c.ctx, key(t, c.org.Key), key(t, w.Key))
		require.NoError(t, err, kind)
		assert.Equal(t, g2w.Key(w.Key), d.WebinarKey)
		assert.Equal(t, w.WebinarID, d.WebinarID)
		assert.Equal(t, w.Subject, d.Subject)
		assert.Equal(t, w.Description, d.Description)
		assert.Equal(t, g2w.Key(w.OrganizerKey), d.OrganizerKey)
		assert.Equal(t, c.org.Email, d.OrganizerEmail)
		assert.Equal(t, c.org.FirstName+" "+c.org.LastName, d.OrganizerName)
		assert.Equal(t, w.RecurrenceType, d.Type)
		assert.Equal(t, w.TimeZone, d.TimeZone)
		assert.Equal(t, w.Locale, d.Locale)
		assert.Equal(t, len(c.fake.Registrants(w.Key)), d.NumberOfRegistrants)
		assert.Equal(t, w.RegistrationLimit, d.RegistrationLimit)
		assert.Equal(t, g2w.Key(w.AccountKey), d.AccountKey)
		assert.Equal(t, w.RecurrencePeriod, d.RecurrencePeriod)
		assert.Equal(t, w.ExperienceType, d.ExperienceType)
		assert.False(t, d.InSession)
		assertRanges(t, w.Times, d.Times) // a future sequence still has all its times ahead
	}

	// #4: the seeded live webinar, with its co-organizers.
	now := c.clock.Now()
	live := c.findWebinar(t, func(w fake.Webinar) bool {
		return len(w.Times) == 1 && !now.Before(w.Times[0].Start) && now.Before(w.Times[0].End)
	})
	in, err := c.client.InSessionWebinars(c.ctx, g2w.Key(c.org.Key), time.Time{}, time.Time{})
	require.NoError(t, err)
	require.Len(t, in, 1)
	assert.Equal(t, key(t, live.Key), in[0].WebinarKey)
	assert.Equal(t, g2w.Key(c.org.Key), in[0].OrganizerKey)
	assert.Equal(t, live.Subject, in[0].Subject)
	assert.True(t, in[0].InSession)
	assert.Equal(t, len(c.fake.Registrants(live.Key)), in[0].NumberOfRegistrants)
	assertRanges(t, live.Times, in[0].Times)
	d, err := c.client.Webinar(c.ctx, g2w.Key(c.org.Key), g2w.Key(live.Key))
	require.NoError(t, err)
	assert.True(t, d.InSession)

	// fromTime is optional (#4): one bound alone is a valid range, not a 400.
	for _, r := range [][2]time.Time{{{}, now.Add(time.Hour)}, {now.Add(-time.Hour), {}}, {now.Add(-time.Hour), now.Add(time.Hour)}} {
		in, err := c.client.InSessionWebinars(c.ctx, g2w.Key(c.org.Key), r[0], r[1])
		require.NoError(t, err, "range %v", r)
		require.Len(t, in, 1)
		assert.Equal(t, g2w.Key(live.Key), in[0].WebinarKey)
	}
	in, err = c.client.InSessionWebinars(c.ctx, g2w.Key(c.org.Key), now.Add(time.Hour), now.Add(2*time.Hour))
	require.NoError(t, err)
	assert.Empty(t, in, "nothing is in session within a range that excludes now")
}

// TestContractWebinarLifecycle covers #3, #6, #7, #13, #21 and #22.
func TestContractWebinarLifecycle(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	day := c.clock.Now().Truncate(24*time.Hour).AddDate(0, 0, 30).Add(16 * time.Hour)

	created, err := c.client.CreateWebinar(c.ctx, org, g2w.WebinarCreate{
		Subject: "Contract webinar", Description: "created by the contract test",
		Times:    []g2w.DateTimeRange{{StartTime: day, EndTime: day.Add(time.Hour)}},
		TimeZone: "Europe/Rome", Locale: "it_IT", ExperienceType: "CLASSIC",
		EmailSettings: &g2w.EmailSettings{ConfirmationEmail: &g2w.EmailSetting{Enabled: true}},
	})
	require.NoError(t, err)
	w, ok := c.fake.Webinar(int64(created.WebinarKey))
	require.True(t, ok)
	assert.Equal(t, "Contract webinar", w.Subject)
	assert.Equal(t, "Europe/Rome", w.TimeZone)
	assert.Equal(t, "it_IT", w.Locale)
	assert.Equal(t, "single_session", w.RecurrenceType)
	assert.Zero(t, created.RecurrenceKey)

	d, err := c.client.Webinar(c.ctx, org, key(t, w.Key))
	require.NoError(t, err)
	assert.Equal(t, created.WebinarKey, d.WebinarKey)
	assertRanges(t, w.Times, d.Times)

	times, err := c.client.MeetingTimes(c.ctx, org, created.WebinarKey)
	require.NoError(t, err)
	assertRanges(t, w.Times, times)

	start, err := c.client.StartURL(c.ctx, created.WebinarKey)
	require.NoError(t, err)
	assert.Contains(t, start, created.WebinarKey.String())

	// #6 replaces the schedule and the subject.
	later := day.AddDate(0, 0, 1)
	require.NoError(t, c.client.UpdateWebinar(c.ctx, org, created.WebinarKey, g2w.WebinarUpdate{
		Subject: "Renamed", Times: []g2w.DateTimeRange{{StartTime: later, EndTime: later.Add(2 * time.Hour)}},
	}, true))
	w, _ = c.fake.Webinar(int64(created.WebinarKey))
	assert.Equal(t, "Renamed", w.Subject)
	assertRanges(t, w.Times, []g2w.DateTimeRange{{StartTime: later, EndTime: later.Add(2 * time.Hour)}})

	// #22 copies it into a new webinar.
	copied, err := c.client.CopyWebinar(c.ctx, created.WebinarKey, g2w.CopyWebinarRequest{
		Subject: "Copy", Times: []g2w.DateTimeRange{{StartTime: later.AddDate(0, 0, 7), EndTime: later.AddDate(0, 0, 7).Add(time.Hour)}},
	})
	require.NoError(t, err)
	require.NotEqual(t, created.WebinarKey, copied.WebinarKey)
	cp, ok := c.fake.Webinar(int64(copied.WebinarKey))
	require.True(t, ok)
	assert.Equal(t, "Copy", cp.Subject)
	assert.Equal(t, "Europe/Rome", cp.TimeZone)

	// A series (#3 with several times) answers a recurrenceKey; cancelling one part
	// with deleteAll=false (#7) leaves the others.
	series, err := c.client.CreateWebinar(c.ctx, org, g2w.WebinarCreate{
		Subject: "Contract series", Type: "series", Times: []g2w.DateTimeRange{
			{StartTime: day, EndTime: day.Add(time.Hour)},
			{StartTime: day.AddDate(0, 0, 7), EndTime: day.AddDate(0, 0, 7).Add(time.Hour)},
		},
	})
	require.NoError(t, err)
	require.NotZero(t, series.RecurrenceKey)
	var parts []fake.Webinar
	for _, x := range c.fake.Webinars(c.org.Key) {
		if x.RecurrenceKey == int64(series.RecurrenceKey) {
			parts = append(parts, x)
		}
	}
	require.Len(t, parts, 2)
	assert.Equal(t, int64(series.WebinarKey), parts[0].Key)
	onlyThis := false
	require.NoError(t, c.client.CancelWebinar(c.ctx, org, g2w.Key(parts[1].Key), g2w.CancelOptions{DeleteAll: &onlyThis}))
	gone, _ := c.fake.Webinar(parts[1].Key)
	kept, _ := c.fake.Webinar(parts[0].Key)
	assert.True(t, gone.Cancelled)
	assert.False(t, kept.Cancelled)

	// A sequence from recurrenceStart/Pattern/End.
	seq, err := c.client.CreateWebinar(c.ctx, org, g2w.WebinarCreate{
		Subject: "Contract sequence", Type: "sequence",
		RecurrenceStart:   &g2w.DateTimeRange{StartTime: day, EndTime: day.Add(30 * time.Minute)},
		RecurrencePattern: "weekly", RecurrenceEnd: day.AddDate(0, 0, 21).Format(time.DateOnly),
	})
	require.NoError(t, err)
	seqTimes, err := c.client.MeetingTimes(c.ctx, org, seq.WebinarKey)
	require.NoError(t, err)
	require.Len(t, seqTimes, 4)
	for i, r := range seqTimes {
		assert.True(t, day.AddDate(0, 0, 7*i).Equal(r.StartTime), "occurrence %d", i)
	}

	// #7 then #5: a cancelled webinar is not found.
	require.NoError(t, c.client.CancelWebinar(c.ctx, org, copied.WebinarKey, g2w.CancelOptions{SendCancellationEmails: true}))
	cp, _ = c.fake.Webinar(int64(copied.WebinarKey))
	assert.True(t, cp.Cancelled)
	_, err = c.client.Webinar(c.ctx, org, copied.WebinarKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
}

// TestContract450Webinars is the acceptance item "a list of 450 webinars returned
// whole": three pages of the largest size, in the fake's order, and an early stop
// that fetches no further page.
func TestContract450Webinars(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	need := 450 - len(c.fake.Webinars(c.org.Key))
	require.Positive(t, need)
	first := c.clock.Now().Truncate(time.Hour).AddDate(0, 0, 3)
	for i := range need {
		start := first.Add(time.Duration(i) * 3 * time.Hour)
		_, err := c.client.CreateWebinar(c.ctx, org, g2w.WebinarCreate{
			Subject: fmt.Sprintf("Bulk %d", i), Times: []g2w.DateTimeRange{{StartTime: start, EndTime: start.Add(time.Hour)}},
		})
		require.NoError(t, err)
	}
	want := c.fake.Webinars(c.org.Key)
	require.Len(t, want, 450)

	from, to := c.window()
	n := c.rec.count()
	got, err := c.client.ListWebinars(c.ctx, org, from, to)
	require.NoError(t, err)
	require.Len(t, got, 450)
	for i := range want {
		assertWebinarItem(t, want[i], got[i])
	}
	pages := c.rec.since(n)
	require.Len(t, pages, 3)
	for i, p := range pages {
		assert.Equal(t, strconv.Itoa(i), p.Query.Get("page"))
		assert.Equal(t, "200", p.Query.Get("size"))
		assert.Equal(t, from.UTC().Format(time.RFC3339), p.Query.Get("fromTime"))
		assert.True(t, strings.HasSuffix(p.Path, "/webinars"), p.Path)
	}

	// Stopping early fetches only the first page.
	n = c.rec.count()
	seen := 0
	for w, err := range c.client.Webinars(c.ctx, org, from, to) {
		require.NoError(t, err)
		assert.Equal(t, g2w.Key(want[seen].Key), w.WebinarKey)
		if seen++; seen == 5 {
			break
		}
	}
	assert.Len(t, c.rec.since(n), 1)
	assert.Empty(t, slicesOf429(c.rec.since(0)), "paced client must never hit the fake's rate limit")
}

func slicesOf429(xs []exchange) []exchange {
	var out []exchange
	for _, x := range xs {
		if x.Status == 429 {
			out = append(out, x)
		}
	}
	return out
}
