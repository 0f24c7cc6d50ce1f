package gotowebinar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

func attendanceSeconds(a fake.Attendance) int64 {
	var s int64
	for _, iv := range a.Intervals {
		s += int64(iv.End.Sub(iv.Start) / time.Second)
	}
	return s
}

func assertAttendee(t *testing.T, c *contract, se fake.Session, want fake.Attendance, got g2w.Attendee) {
	t.Helper()
	assert.Equal(t, key(t, want.RegistrantKey), got.RegistrantKey)
	assert.Equal(t, key(t, se.Key), got.SessionKey)
	assert.Equal(t, attendanceSeconds(want), got.AttendanceTimeInSeconds)
	require.Len(t, got.Attendance, len(want.Intervals))
	for i, iv := range want.Intervals {
		assert.True(t, iv.Start.Equal(got.Attendance[i].JoinTime))
		assert.True(t, iv.End.Equal(got.Attendance[i].LeaveTime))
	}
	for _, r := range c.fake.Registrants(se.WebinarKey) {
		if r.Key == want.RegistrantKey {
			assert.Equal(t, r.Email, got.Email)
			assert.Equal(t, r.FirstName, got.FirstName)
			assert.Equal(t, r.LastName, got.LastName)
		}
	}
}

func assertPolls(t *testing.T, want []fake.Poll, got []g2w.Poll) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, p := range want {
		assert.Equal(t, p.Question, got[i].Question)
		assert.Equal(t, p.NumberOfResponses, got[i].NumberOfResponses)
		require.Len(t, got[i].Responses, len(p.Responses))
		for j, r := range p.Responses {
			assert.Equal(t, r.Text, got[i].Responses[j].Text)
			assert.InDelta(t, r.Percentage, got[i].Responses[j].Percentage, 1e-9)
		}
	}
}

func assertPollAnswers(t *testing.T, want []fake.PollAnswer, got []g2w.PollAnswer) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, p := range want {
		assert.Equal(t, p.Question, got[i].Question)
		assert.Equal(t, p.Answers, got[i].Answers)
	}
}

func assertQuestions(t *testing.T, want []fake.AttendeeQuestion, got []g2w.AttendeeQuestion) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, q := range want {
		assert.Equal(t, q.Question, got[i].Question)
		assert.Equal(t, q.AskedBy, got[i].AskedBy)
		assert.Equal(t, key(t, q.AskerKey), got[i].AskerKey)
		assert.True(t, q.DateAsked.Equal(got[i].DateAsked))
		require.Len(t, got[i].Answers, 1)
		a := got[i].Answers[0]
		assert.Equal(t, q.AnswerText, a.Answer)
		assert.EqualValues(t, q.AnsweredBy, a.AnsweredBy)
		assert.Equal(t, q.AnswererEmail, a.AnswererEmail)
		assert.True(t, q.AnswerTime.Equal(a.AnswerTime))
		assert.NotEmpty(t, a.AnswererRole)
	}
}

// TestContractSessions covers #8, #20 and #28 to #39 on a sequence with several past
// sessions, which have attendees, polls, surveys and questions.
func TestContractSessions(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	w := c.findWebinar(t, func(w fake.Webinar) bool {
		return w.RecurrenceType == "sequence" && len(c.fake.Sessions(w.Key)) >= 2
	})
	wk := key(t, w.Key)
	sessions := c.fake.Sessions(w.Key)

	// #29
	got, err := c.client.ListWebinarSessions(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, got, len(sessions))
	regs := len(c.fake.Registrants(w.Key))
	for i, se := range sessions {
		s := got[i]
		assert.Equal(t, key(t, se.Key), s.SessionKey)
		assert.Equal(t, wk, s.WebinarKey)
		assert.Equal(t, w.Subject, s.WebinarName)
		assert.Equal(t, w.WebinarID, s.WebinarID)
		assert.True(t, se.Start.Equal(s.StartTime))
		assert.True(t, se.End.Equal(s.EndTime))
		assert.Equal(t, len(se.Attendees), s.RegistrantsAttended)
		assert.Equal(t, regs, s.RegistrantCount)
		assert.Equal(t, g2w.Key(w.AccountKey), s.AccountKey)
		assert.Equal(t, g2w.Key(c.org.Key), s.CreatingOrganizerKey)
		assert.Equal(t, g2w.Key(c.org.Key), s.StartingOrganizerKey)
		assert.Equal(t, len(se.Polls), s.TotalPollCount)
		assert.Equal(t, w.TimeZone, s.TimeZone)
		assert.Equal(t, w.ExperienceType, s.ExperienceType)
	}

	// #28 over the whole window equals every seeded session of the organizer.
	var all []g2w.Key
	for _, x := range c.fake.Webinars(c.org.Key) {
		for _, se := range c.fake.Sessions(x.Key) {
			all = append(all, g2w.Key(se.Key))
		}
	}
	from, to := c.window()
	org2, err := c.client.ListOrganizerSessions(c.ctx, org, from, to)
	require.NoError(t, err)
	assert.ElementsMatch(t, all, keys(org2, func(s g2w.Session) g2w.Key { return s.SessionKey }))

	// #8 lists every attendance of every session.
	var wantAtt int
	for _, se := range sessions {
		wantAtt += len(se.Attendees)
	}
	att, err := c.client.ListWebinarAttendees(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, att, wantAtt)
	assertAttendee(t, c, sessions[0], sessions[0].Attendees[0], att[0])

	// #20 is keyed by session key.
	perf, err := c.client.WebinarPerformance(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, perf, len(sessions))
	for _, se := range sessions {
		p, ok := perf[g2w.Key(se.Key)]
		require.True(t, ok, "performance of session %d", se.Key)
		assert.Equal(t, len(se.Polls), p.PollsAndSurveys.PollCount)
	}

	se := sessions[0]
	sk := key(t, se.Key)

	// #30 is opaque JSON; the fake sends one ReportingSession.
	raw, err := c.client.Session(c.ctx, org, wk, sk)
	require.NoError(t, err)
	var one g2w.Session
	require.NoError(t, json.Unmarshal(raw, &one))
	assert.Equal(t, sk, one.SessionKey)

	// #31
	list, err := c.client.SessionAttendees(c.ctx, org, wk, sk)
	require.NoError(t, err)
	require.Len(t, list, len(se.Attendees))
	for i, a := range se.Attendees {
		assertAttendee(t, c, se, a, list[i])
	}

	// #32 to #35 for an attendee who asked a question.
	require.NotEmpty(t, se.Questions)
	asker := se.Questions[0].AskerKey
	var who fake.Attendance
	for _, a := range se.Attendees {
		if a.RegistrantKey == asker {
			who = a
		}
	}
	rk := key(t, asker)
	one2, err := c.client.SessionAttendee(c.ctx, org, wk, sk, rk)
	require.NoError(t, err)
	assert.Equal(t, rk, one2.RegistrantKey)
	assert.Equal(t, sk, one2.SessionKey)
	assert.Equal(t, attendanceSeconds(who), one2.AttendanceTimeInSeconds)
	assert.Equal(t, se.Questions[0].AskedBy, one2.Email)

	polls, err := c.client.AttendeePollAnswers(c.ctx, org, wk, sk, rk)
	require.NoError(t, err)
	assertPollAnswers(t, who.PollAnswers, polls)
	surveys, err := c.client.AttendeeSurveyAnswers(c.ctx, org, wk, sk, rk)
	require.NoError(t, err)
	assertPollAnswers(t, who.SurveyAnswers, surveys)
	var mine []fake.AttendeeQuestion
	for _, q := range se.Questions {
		if q.AskerKey == asker {
			mine = append(mine, q)
		}
	}
	qs, err := c.client.AttendeeQuestions(c.ctx, org, wk, sk, rk)
	require.NoError(t, err)
	assertQuestions(t, mine, qs)

	// #36 to #39
	sp, err := c.client.SessionPerformance(c.ctx, org, wk, sk)
	require.NoError(t, err)
	assert.Equal(t, regs, sp.Attendance.RegistrantCount)
	assert.Equal(t, len(se.Polls), sp.PollsAndSurveys.PollCount)
	assert.InDelta(t, float64(len(se.Surveys)), sp.PollsAndSurveys.SurveyCount, 0)
	assert.Equal(t, len(se.Questions), sp.PollsAndSurveys.QuestionsAsked)
	require.NotNil(t, sp.SessionInfo)
	assert.Equal(t, sk, sp.SessionInfo.SessionKey)
	assert.Equal(t, w.WebinarID, sp.SessionInfo.WebinarID)
	assert.True(t, se.Start.Equal(sp.SessionInfo.StartTime))

	sPolls, err := c.client.SessionPolls(c.ctx, org, wk, sk)
	require.NoError(t, err)
	assertPolls(t, se.Polls, sPolls)
	sSurveys, err := c.client.SessionSurveys(c.ctx, org, wk, sk)
	require.NoError(t, err)
	assertPolls(t, se.Surveys, sSurveys)
	sQs, err := c.client.SessionQuestions(c.ctx, org, wk, sk)
	require.NoError(t, err)
	assertQuestions(t, se.Questions, sQs)

	// The iterators stop early after one page.
	n := c.rec.count()
	for range c.client.WebinarSessions(c.ctx, org, wk) {
		break
	}
	for range c.client.OrganizerSessions(c.ctx, org, from, to) {
		break
	}
	for range c.client.WebinarAttendees(c.ctx, org, wk) {
		break
	}
	assert.Len(t, c.rec.since(n), 3)

	// Unknown session: 404.
	_, err = c.client.SessionAttendees(c.ctx, org, wk, g2w.Key(twoTo53+12345))
	require.ErrorIs(t, err, g2w.ErrNotFound)
}
