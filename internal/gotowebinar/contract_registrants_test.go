package gotowebinar_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

func assertRegistrant(t *testing.T, want fake.Registrant, got g2w.Registrant) {
	t.Helper()
	assert.Equal(t, key(t, want.Key), got.RegistrantKey)
	assert.Equal(t, want.FirstName, got.FirstName)
	assert.Equal(t, want.LastName, got.LastName)
	assert.Equal(t, want.Email, got.Email)
	assert.Equal(t, want.Status, got.Status)
	assert.Equal(t, want.JoinURL, got.JoinURL)
	assert.Equal(t, want.TimeZone, got.TimeZone)
	assert.True(t, want.RegistrationDate.Truncate(1e9).Equal(got.RegistrationDate), "%s != %s", want.RegistrationDate, got.RegistrationDate)
}

// TestContractRegistrantLists covers #24 in both shapes and the iterator over the
// data/total pages, against the seeded webinar with 250 registrants.
func TestContractRegistrantLists(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	large := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Registrants(w.Key)) > 200 })
	wk := key(t, large.Key)
	want := c.fake.Registrants(large.Key)

	// Iterated: page/limit → data/total, two pages of 200.
	n := c.rec.count()
	got, err := c.client.ListRegistrants(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i := range want {
		assertRegistrant(t, want[i], got[i])
	}
	pages := c.rec.since(n)
	require.Len(t, pages, 2)
	for i, p := range pages {
		assert.Equal(t, []string{"0", "1"}[i], p.Query.Get("page"))
		assert.Equal(t, "200", p.Query.Get("limit"))
	}

	// No paging parameter: GoTo's bare array, everything at once.
	n = c.rec.count()
	bare, err := c.client.RegistrantsPage(c.ctx, org, wk, nil)
	require.NoError(t, err)
	assert.Equal(t, len(want), bare.Total)
	require.Len(t, bare.Registrants, len(want))
	assertRegistrant(t, want[len(want)-1], bare.Registrants[len(want)-1])
	x := c.rec.since(n)
	require.Len(t, x, 1)
	assert.Empty(t, x[0].Query, "no paging parameter may be sent for the bare shape")
	_, isArray := c.raw(t, x[0].Path).([]any)
	assert.True(t, isArray, "without page/limit the fake must answer a bare array")

	// One explicit page: the envelope's counters.
	page, err := c.client.RegistrantsPage(c.ctx, org, wk, &g2w.RegistrantPageOptions{Page: 1, Limit: 100})
	require.NoError(t, err)
	assert.Equal(t, len(want), page.Total)
	assert.Equal(t, 1, page.Page)
	assert.Equal(t, 100, page.Limit)
	assert.Equal(t, 100, page.PageSize)
	require.Len(t, page.Registrants, 100)
	for i := range 100 {
		assertRegistrant(t, want[100+i], page.Registrants[i])
	}
	env, ok := c.raw(t, x[0].Path+"?page=2&limit=100").(map[string]any)
	require.True(t, ok, "with page/limit the fake must answer the data/total envelope")
	assert.Len(t, env["data"], len(want)-200)

	// The iterator stops early without a second page.
	n = c.rec.count()
	for r, err := range c.client.Registrants(c.ctx, org, wk) {
		require.NoError(t, err)
		assertRegistrant(t, want[0], r)
		break
	}
	assert.Len(t, c.rec.since(n), 1)
}

// TestContractRegistration covers #23, #25, #26 and #27: the form with required custom
// questions, a 400 for a missing answer, the key-based write and text-pair read-back,
// the 409 that exposes the existing registrant, and deletion.
func TestContractRegistration(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	w := c.findWebinar(t, func(w fake.Webinar) bool {
		hasRequired := false
		for _, q := range w.Questions {
			hasRequired = hasRequired || (q.Required && q.Type == "multipleChoice")
		}
		return hasRequired && c.future(w)
	})
	wk := key(t, w.Key)

	form, err := c.client.RegistrationFields(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, form.Fields, len(w.Fields))
	for i, f := range w.Fields {
		assert.Equal(t, f.Field, form.Fields[i].Field)
		assert.Equal(t, f.Required, form.Fields[i].Required)
		assert.Equal(t, f.MaxSize, form.Fields[i].MaxSize)
		assert.Equal(t, f.Answers, form.Fields[i].Answers)
	}
	require.Len(t, form.Questions, len(w.Questions))
	for i, q := range w.Questions {
		got := form.Questions[i]
		assert.Equal(t, key(t, q.Key), got.QuestionKey)
		assert.Equal(t, q.Text, got.Question)
		assert.Equal(t, q.Type, got.Type)
		assert.Equal(t, q.Required, got.Required)
		assert.Equal(t, q.MaxSize, got.MaxSize)
		require.Len(t, got.Answers, len(q.Answers))
		for j, a := range q.Answers {
			assert.Equal(t, key(t, a.Key), got.Answers[j].AnswerKey)
			assert.Equal(t, a.Text, got.Answers[j].Answer)
		}
	}

	person := g2w.RegistrantCreate{FirstName: "Katherine", LastName: "Johnson", Email: "katherine.johnson@example.com",
		Organization: "NASA", JobTitle: "Mathematician", Industry: "Other", Source: "contract"}

	// Required questions unanswered: 400, not retried.
	n := c.rec.count()
	_, err = c.client.CreateRegistrant(c.ctx, org, wk, person, false)
	require.ErrorIs(t, err, g2w.ErrValidation)
	assert.Contains(t, asAPIError(t, err).Description, "required")
	assert.Len(t, c.rec.since(n), 1)

	// Answer every question with the keys the form gave (numbers in, numbers out).
	wantText := map[string]string{}
	for _, q := range form.Questions {
		if q.Type == "multipleChoice" {
			a := q.Answers[len(q.Answers)-1]
			person.Responses = append(person.Responses, g2w.RegistrantResponse{QuestionKey: q.QuestionKey, AnswerKey: a.AnswerKey})
			wantText[q.Question] = a.Answer
		} else {
			person.Responses = append(person.Responses, g2w.RegistrantResponse{QuestionKey: q.QuestionKey, ResponseText: "Orbits"})
			wantText[q.Question] = "Orbits"
		}
	}
	created, err := c.client.CreateRegistrant(c.ctx, org, wk, person, false)
	require.NoError(t, err)
	regs := c.fake.Registrants(w.Key)
	stored := regs[len(regs)-1]
	assert.Equal(t, key(t, stored.Key), created.RegistrantKey)
	assert.Equal(t, stored.JoinURL, created.JoinURL)
	require.Len(t, stored.Responses, len(w.Questions))
	for i, q := range form.Questions {
		assert.Equal(t, int64(q.QuestionKey), stored.Responses[i].QuestionKey, "question keys must survive the write")
		if q.Type == "multipleChoice" {
			assert.Equal(t, int64(q.Answers[len(q.Answers)-1].AnswerKey), stored.Responses[i].AnswerKey)
		}
	}

	d, err := c.client.Registrant(c.ctx, org, wk, created.RegistrantKey)
	require.NoError(t, err)
	assertRegistrant(t, stored, d.Registrant)
	assert.Equal(t, "NASA", d.Organization)
	assert.Equal(t, "Mathematician", d.JobTitle)
	assert.Equal(t, "Other", d.Industry)
	assert.Equal(t, "contract", d.Source)
	assert.Equal(t, stored.Fields["organization"], d.Organization)
	assert.Equal(t, "REGULAR", d.Type)
	assert.False(t, d.Unsubscribed)
	gotText := map[string]string{}
	for _, r := range d.Responses {
		gotText[r.Question] = r.Answer
	}
	assert.Equal(t, wantText, gotText)

	// The same email again (other case): 409 carrying the existing registration.
	again := person
	again.Email = strings.ToUpper(person.Email)
	n = c.rec.count()
	_, err = c.client.CreateRegistrant(c.ctx, org, wk, again, true)
	require.ErrorIs(t, err, g2w.ErrConflict)
	assert.Len(t, c.rec.since(n), 1, "a 409 is final")
	existing, ok := asAPIError(t, err).ExistingRegistrant()
	require.True(t, ok)
	assert.Equal(t, created.RegistrantKey, existing.RegistrantKey)
	assert.Equal(t, created.JoinURL, existing.JoinURL)
	assert.Len(t, c.fake.Registrants(w.Key), len(regs))

	// #26, then #25 is a 404.
	require.NoError(t, c.client.DeleteRegistrant(c.ctx, org, wk, created.RegistrantKey))
	assert.Len(t, c.fake.Registrants(w.Key), len(regs)-1)
	_, err = c.client.Registrant(c.ctx, org, wk, created.RegistrantKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	err = c.client.DeleteRegistrant(c.ctx, org, wk, created.RegistrantKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
}

// TestContractRegistrationApproval: a MANUAL webinar registers as WAITING.
func TestContractRegistrationApproval(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	w := c.findWebinar(t, func(w fake.Webinar) bool {
		return w.ApprovalType == "MANUAL" && len(w.Questions) == 0 && len(w.Fields) == 3 && c.future(w)
	})
	created, err := c.client.CreateRegistrant(c.ctx, g2w.Key(c.org.Key), key(t, w.Key),
		g2w.RegistrantCreate{FirstName: "Dorothy", LastName: "Vaughan", Email: "dorothy@example.com"}, false)
	require.NoError(t, err)
	d, err := c.client.Registrant(c.ctx, g2w.Key(c.org.Key), g2w.Key(w.Key), created.RegistrantKey)
	require.NoError(t, err)
	assert.Equal(t, "WAITING", d.Status)
}
