package gotowebinar

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// Session is a past session (schema ReportingSession).
type Session struct {
	SessionKey             Key       `json:"sessionKey"`
	WebinarKey             Key       `json:"webinarKey"`
	WebinarName            string    `json:"webinarName"`
	WebinarID              string    `json:"webinarID"`
	StartTime              time.Time `json:"startTime"`
	EndTime                time.Time `json:"endTime"`
	RegistrantsAttended    int       `json:"registrantsAttended"`
	RegistrantCount        int       `json:"registrantCount"`
	AccountKey             Key       `json:"accountKey"`
	CreatingOrganizerKey   Key       `json:"creatingOrganizerKey"`
	CreatingOrganizerName  string    `json:"creatingOrganizerName"`
	StartingOrganizerKey   Key       `json:"startingOrganizerKey"`
	StartingOrganizerName  string    `json:"startingOrganizerName"`
	TotalPollCount         int       `json:"totalPollCount"`
	TimeZone               string    `json:"timeZone"`
	ExperienceType         string    `json:"experienceType"`
	WebinarType            int       `json:"webinarType"`
	NumRegLinkClicks       int       `json:"numRegLinkClicks"`
	NumOpenedInvitations   int       `json:"numOpenedInvitations"`
	IncludeCertificate     bool      `json:"includeCertificate"`
	FollowupEmailTriggered bool      `json:"followupEmailTriggered"`
}

// SessionPerformance summarises one session (schema SessionPerformance).
type SessionPerformance struct {
	SessionInfo     *SessionInfo            `json:"sessionInfo,omitempty"`
	Attendance      AttendanceStatistics    `json:"attendance"`
	PollsAndSurveys PollAndSurveyStatistics `json:"pollsAndSurveys"`
}

// SessionInfo is schema SessionInfoStatistics (newer API versions only).
type SessionInfo struct {
	WebinarName                  string    `json:"webinarName"`
	WebinarID                    string    `json:"webinarId"`
	SessionKey                   Key       `json:"sessionKey"`
	TimeZone                     string    `json:"timeZone"`
	ExperienceType               string    `json:"experienceType"`
	RecurrencePeriod             string    `json:"recurrencePeriod"`
	StartTime                    time.Time `json:"startTime"`
	EndTime                      time.Time `json:"endTime"`
	RegistrationEmailOpenedCount string    `json:"registrationEmailOpenedCount"`
	RegistrationLinkClickedCount string    `json:"registrationLinkClickedCount"`
}

// AttendanceStatistics is the attendance block of SessionPerformance.
type AttendanceStatistics struct {
	RegistrantCount              int     `json:"registrantCount"`
	PercentageAttendance         float64 `json:"percentageAttendance"`
	AverageInterestRating        float64 `json:"averageInterestRating"`
	AverageAttentiveness         float64 `json:"averageAttentiveness"`
	AverageAttendanceTimeSeconds float64 `json:"averageAttendanceTimeSeconds"`
}

// PollAndSurveyStatistics is the pollsAndSurveys block of SessionPerformance.
type PollAndSurveyStatistics struct {
	PollCount                  int     `json:"pollCount"`
	SurveyCount                float64 `json:"surveyCount"`
	QuestionsAsked             int     `json:"questionsAsked"`
	PercentagePollsCompleted   float64 `json:"percentagePollsCompleted"`
	PercentageSurveysCompleted float64 `json:"percentageSurveysCompleted"`
}

// Poll is a poll or survey question with its aggregated responses.
type Poll struct {
	Question          string         `json:"question"`
	NumberOfResponses int            `json:"numberOfResponses"`
	Responses         []PollResponse `json:"responses"`
}

// PollResponse is one choice and the share (0-100) of respondents who picked it.
type PollResponse struct {
	Text       string  `json:"text"`
	Percentage float64 `json:"percentage"`
}

// AttendeeQuestion is a question asked during a session.
type AttendeeQuestion struct {
	Question  string          `json:"question"`
	AskedBy   string          `json:"askedBy"`
	AskerKey  Key             `json:"askerKey"`
	DateAsked time.Time       `json:"dateAsked"`
	Answers   []QuestionReply `json:"answers"`
}

// QuestionReply is an organizer's or panelist's answer to an AttendeeQuestion.
// AnsweredBy is the answerer's organizer key; GoTo's schema gives it no type,
// so a JSON number and a JSON string are both accepted.
type QuestionReply struct {
	Answer        string    `json:"answer"`
	AnsweredBy    Key       `json:"answeredBy"`
	AnswererRole  string    `json:"answererRole"`
	AnswerTime    time.Time `json:"answerTime"`
	AnswererEmail string    `json:"answererEmail"`
}

func (c *Client) sessionURL(organizerKey, webinarKey, sessionKey Key, rest ...any) string {
	segs := append([]any{"organizers", organizerKey, "webinars", webinarKey, "sessions", sessionKey}, rest...)
	return c.apiURL(nil, segs...)
}

// OrganizerSessions iterates the completed sessions of all the organizer's webinars
// in [from, to]. GET /organizers/{organizerKey}/sessions
func (c *Client) OrganizerSessions(ctx context.Context, organizerKey Key, from, to time.Time) iter.Seq2[Session, error] {
	return halPages[Session](ctx, c, "sessionInfoResources", func(page int) call {
		q := pageQuery(timeRange(from, to), page, "size")
		return newCall("list organizer sessions", http.MethodGet, c.apiURL(q, "organizers", organizerKey, "sessions"), nil)
	})
}

// ListOrganizerSessions returns every session of OrganizerSessions.
// GET /organizers/{organizerKey}/sessions
func (c *Client) ListOrganizerSessions(ctx context.Context, organizerKey Key, from, to time.Time) ([]Session, error) {
	return collect(c.OrganizerSessions(ctx, organizerKey, from, to))
}

// WebinarSessions iterates the past sessions of one webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions
func (c *Client) WebinarSessions(ctx context.Context, organizerKey, webinarKey Key) iter.Seq2[Session, error] {
	return halPages[Session](ctx, c, "sessionInfoResources", func(page int) call {
		q := pageQuery(nil, page, "size")
		return newCall("list webinar sessions", http.MethodGet, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey, "sessions"), nil)
	})
}

// ListWebinarSessions returns every session of WebinarSessions.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions
func (c *Client) ListWebinarSessions(ctx context.Context, organizerKey, webinarKey Key) ([]Session, error) {
	return collect(c.WebinarSessions(ctx, organizerKey, webinarKey))
}

// Session fetches one session as raw JSON: the spec declares a list of attendees here,
// which is most likely wrong, so the payload is left for the caller to interpret.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}
func (c *Client) Session(ctx context.Context, organizerKey, webinarKey, sessionKey Key) (json.RawMessage, error) {
	return getJSON[json.RawMessage](ctx, c, "get session", c.sessionURL(organizerKey, webinarKey, sessionKey))
}

// WebinarPerformance returns the performance of every session, keyed by sessionKey.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/performance
func (c *Client) WebinarPerformance(ctx context.Context, organizerKey, webinarKey Key) (map[Key]SessionPerformance, error) {
	return getJSON[map[Key]SessionPerformance](ctx, c, "get webinar performance", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "performance"))
}

// SessionPerformance returns the performance of one session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/performance
func (c *Client) SessionPerformance(ctx context.Context, organizerKey, webinarKey, sessionKey Key) (*SessionPerformance, error) {
	return getObject[SessionPerformance](ctx, c, "get session performance", c.sessionURL(organizerKey, webinarKey, sessionKey, "performance"))
}

// SessionPolls returns the polls of a session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/polls
func (c *Client) SessionPolls(ctx context.Context, organizerKey, webinarKey, sessionKey Key) ([]Poll, error) {
	return getJSON[[]Poll](ctx, c, "get session polls", c.sessionURL(organizerKey, webinarKey, sessionKey, "polls"))
}

// SessionQuestions returns the questions asked in a session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/questions
func (c *Client) SessionQuestions(ctx context.Context, organizerKey, webinarKey, sessionKey Key) ([]AttendeeQuestion, error) {
	return getJSON[[]AttendeeQuestion](ctx, c, "get session questions", c.sessionURL(organizerKey, webinarKey, sessionKey, "questions"))
}

// SessionSurveys returns the surveys of a session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/surveys
func (c *Client) SessionSurveys(ctx context.Context, organizerKey, webinarKey, sessionKey Key) ([]Poll, error) {
	return getJSON[[]Poll](ctx, c, "get session surveys", c.sessionURL(organizerKey, webinarKey, sessionKey, "surveys"))
}
