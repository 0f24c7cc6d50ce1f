package gotowebinar

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Attendee is one person's attendance of one session (schemas Attendee and
// ReportingAttendee); someone attending three sessions appears three times.
type Attendee struct {
	RegistrantKey           Key                  `json:"registrantKey"`
	SessionKey              Key                  `json:"sessionKey"`
	FirstName               string               `json:"firstName"`
	LastName                string               `json:"lastName"`
	Email                   string               `json:"email"`
	AttendanceTimeInSeconds int64                `json:"attendanceTimeInSeconds"`
	Attendance              []AttendanceInterval `json:"attendance"`
}

// AttendanceInterval is one stretch between joining and leaving.
type AttendanceInterval struct {
	JoinTime  time.Time `json:"joinTime"`
	LeaveTime time.Time `json:"leaveTime"`
}

// SessionAttendee is one attendee of a session fetched by key. The spec declares the
// Registrant shape; attendance fields are kept too in case GoTo sends them.
type SessionAttendee struct {
	Registrant
	SessionKey              Key                  `json:"sessionKey"`
	AttendanceTimeInSeconds int64                `json:"attendanceTimeInSeconds"`
	Attendance              []AttendanceInterval `json:"attendance"`
}

// PollAnswer is an attendee's answer to a poll or survey question.
type PollAnswer struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	// Answer is the deprecated single-answer form.
	Answer string `json:"answer,omitempty"`
}

// WebinarAttendees iterates the attendees of all sessions of a webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/attendees
func (c *Client) WebinarAttendees(ctx context.Context, organizerKey, webinarKey Key) iter.Seq2[Attendee, error] {
	return halPages[Attendee](ctx, c, "attendeeParticipationResponses", func(page int) call {
		q := pageQuery(nil, page, "size")
		return newCall("list webinar attendees", http.MethodGet, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey, "attendees"), nil)
	})
}

// ListWebinarAttendees returns every attendee of WebinarAttendees.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/attendees
func (c *Client) ListWebinarAttendees(ctx context.Context, organizerKey, webinarKey Key) ([]Attendee, error) {
	return collect(c.WebinarAttendees(ctx, organizerKey, webinarKey))
}

// SessionAttendees lists the attendees of one session (not paged).
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees
func (c *Client) SessionAttendees(ctx context.Context, organizerKey, webinarKey, sessionKey Key) ([]Attendee, error) {
	return getJSON[[]Attendee](ctx, c, "list session attendees", c.sessionURL(organizerKey, webinarKey, sessionKey, "attendees"))
}

// SessionAttendee fetches one attendee of a session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees/{registrantKey}
func (c *Client) SessionAttendee(ctx context.Context, organizerKey, webinarKey, sessionKey, registrantKey Key) (*SessionAttendee, error) {
	return getObject[SessionAttendee](ctx, c, "get session attendee", c.sessionURL(organizerKey, webinarKey, sessionKey, "attendees", registrantKey))
}

// AttendeePollAnswers returns an attendee's poll answers.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees/{registrantKey}/polls
func (c *Client) AttendeePollAnswers(ctx context.Context, organizerKey, webinarKey, sessionKey, registrantKey Key) ([]PollAnswer, error) {
	return getJSON[[]PollAnswer](ctx, c, "get attendee poll answers", c.sessionURL(organizerKey, webinarKey, sessionKey, "attendees", registrantKey, "polls"))
}

// AttendeeQuestions returns the questions an attendee asked.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees/{registrantKey}/questions
func (c *Client) AttendeeQuestions(ctx context.Context, organizerKey, webinarKey, sessionKey, registrantKey Key) ([]AttendeeQuestion, error) {
	return getJSON[[]AttendeeQuestion](ctx, c, "get attendee questions", c.sessionURL(organizerKey, webinarKey, sessionKey, "attendees", registrantKey, "questions"))
}

// AttendeeSurveyAnswers returns an attendee's survey answers.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees/{registrantKey}/surveys
func (c *Client) AttendeeSurveyAnswers(ctx context.Context, organizerKey, webinarKey, sessionKey, registrantKey Key) ([]PollAnswer, error) {
	return getJSON[[]PollAnswer](ctx, c, "get attendee survey answers", c.sessionURL(organizerKey, webinarKey, sessionKey, "attendees", registrantKey, "surveys"))
}
