package component

import (
	"context"
	"fmt"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// attendeeDetails is one attendee of one session with what they answered
// and asked.
type attendeeDetails struct {
	*gotowebinar.SessionAttendee
	WebinarKey    gotowebinar.Key          `json:"webinarKey"`
	PollAnswers   []gotowebinar.PollAnswer `json:"pollAnswers"`
	Questions     []questionOut            `json:"questions"`
	SurveyAnswers []gotowebinar.PollAnswer `json:"surveyAnswers"`
}

// getAttendeeDetails emits one attendee of a session with their poll
// answers, questions and survey answers.
// GET .../sessions/{sessionKey}/attendees/{registrantKey} and its /polls,
// /questions and /surveys.
func (c *Component) getAttendeeDetails(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "sessionKey", "registrantKey"); err != nil {
		return err
	}
	org, wk, sk, err := sessionKeys(ctx, k)
	if err != nil {
		return err
	}
	rk, err := k.key("registrantKey")
	if err != nil {
		return err
	}
	what := fmt.Sprintf("attendee %s of session %s of webinar %s", rk, sk, wk)
	a, err := k.api.SessionAttendee(ctx, org, wk, sk, rk)
	if err != nil {
		return explain(err, "get "+what)
	}
	if a.SessionKey == 0 {
		a.SessionKey = sk
	}
	a.Attendance = nonNil(a.Attendance)
	out := attendeeDetails{SessionAttendee: a, WebinarKey: wk}
	if out.PollAnswers, err = k.api.AttendeePollAnswers(ctx, org, wk, sk, rk); err != nil {
		return explain(err, "get the poll answers of "+what)
	}
	qs, err := k.api.AttendeeQuestions(ctx, org, wk, sk, rk)
	if err != nil {
		return explain(err, "get the questions of "+what)
	}
	out.Questions = questionsOut(qs)
	if out.SurveyAnswers, err = k.api.AttendeeSurveyAnswers(ctx, org, wk, sk, rk); err != nil {
		return explain(err, "get the survey answers of "+what)
	}
	out.PollAnswers, out.SurveyAnswers = nonNil(out.PollAnswers), nonNil(out.SurveyAnswers)
	return k.emit(ctx, out)
}
