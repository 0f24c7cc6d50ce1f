package fake

import (
	"slices"
	"time"
)

// Organizer is a GoToWebinar user who owns webinars; Key is also the userKey.
type Organizer struct {
	Key        int64
	AccountKey int64
	Email      string
	FirstName  string
	LastName   string
	Locale     string
	TimeZone   string
	CreateTime time.Time
}

// TimeRange is one scheduled time of a webinar or one attendance interval.
type TimeRange struct {
	Start time.Time
	End   time.Time
}

// RegistrationField is a standard registration field of a webinar's form.
type RegistrationField struct {
	Field    string
	Required bool
	MaxSize  int
	Answers  []string
}

// Answer is one choice of a multiple-choice question.
type Answer struct {
	Key  int64
	Text string
}

// Question is a custom registration question; Type is "shortAnswer" or
// "multipleChoice".
type Question struct {
	Key      int64
	Text     string
	Type     string
	Required bool
	MaxSize  int
	Answers  []Answer
}

// Webinar is one webinar. Each session of a series is its own Webinar
// sharing RecurrenceKey; a sequence is one Webinar with several Times.
type Webinar struct {
	Key                 int64
	WebinarID           string
	OrganizerKey        int64
	AccountKey          int64
	Subject             string
	Description         string
	Times               []TimeRange
	TimeZone            string
	Locale              string
	ApprovalType        string // AUTOMATIC or MANUAL
	RecurrenceType      string // single_session, series or sequence
	RecurrenceKey       int64  // series only
	RecurrencePeriod    string // never, daily, weekly, monthly
	ExperienceType      string // CLASSIC, BROADCAST or SIMULIVE
	RegistrationLimit   int
	Impromptu           bool
	IsPasswordProtected bool
	IsOndemand          bool
	IsBreakout          bool
	Cancelled           bool
	Fields              []RegistrationField
	Questions           []Question
}

// Response is a registrant's answer to a custom question as written:
// ResponseText for short answers, AnswerKey for multiple choice.
type Response struct {
	QuestionKey  int64
	ResponseText string
	AnswerKey    int64
}

// Registrant is a registration for a webinar. Fields holds the optional
// registration fields (organization, jobTitle, ...) by their API names.
type Registrant struct {
	Key              int64
	WebinarKey       int64
	FirstName        string
	LastName         string
	Email            string
	Status           string // APPROVED, WAITING or DENIED
	JoinURL          string
	TimeZone         string
	RegistrationDate time.Time
	Fields           map[string]string
	Responses        []Response
}

// Attendance is one registrant's presence in a past session.
type Attendance struct {
	RegistrantKey int64
	Intervals     []TimeRange
	PollAnswers   []PollAnswer
	SurveyAnswers []PollAnswer
}

// PollAnswer is what one attendee answered to a poll or survey question.
type PollAnswer struct {
	Question string
	Answers  []string
}

// Poll is a poll or survey question with its aggregated results.
type Poll struct {
	Question          string
	NumberOfResponses int
	Responses         []PollResponse
}

// PollResponse is one choice of a poll with the share of attendees (0-100).
type PollResponse struct {
	Text       string
	Percentage float64
}

// AttendeeQuestion is a question asked during a session and its answers.
type AttendeeQuestion struct {
	Question      string
	AskedBy       string // email
	AskerKey      int64  // registrant key
	DateAsked     time.Time
	AnswerText    string
	AnsweredBy    int64 // organizer key
	AnswerTime    time.Time
	AnswererEmail string
}

// Session is a completed session of a webinar.
type Session struct {
	Key        int64
	WebinarKey int64
	Start      time.Time
	End        time.Time
	Attendees  []Attendance
	Polls      []Poll
	Surveys    []Poll
	Questions  []AttendeeQuestion
}

// Panelist is a webinar panelist.
type Panelist struct {
	Key      int64
	Name     string
	Email    string
	JoinLink string
}

// Coorganizer is a webinar co-organizer; internal ones are organizers of
// the same account and have MemberKey equal to their organizer key.
type Coorganizer struct {
	MemberKey int64
	GivenName string
	Surname   string
	Email     string
	JoinLink  string
	External  bool
}

// RecordingAsset is a webinar recording.
type RecordingAsset struct {
	Key          int64
	Name         string
	CreateTime   time.Time
	CreatorKey   int64
	AccountKey   int64
	WebinarKey   int64
	ReferenceCnt int
}

func (w *Webinar) clone() Webinar {
	c := *w
	c.Times = slices.Clone(w.Times)
	c.Fields = slices.Clone(w.Fields)
	c.Questions = make([]Question, len(w.Questions))
	for i, q := range w.Questions {
		q.Answers = slices.Clone(q.Answers)
		c.Questions[i] = q
	}
	return c
}

func (r *Registrant) clone() Registrant {
	c := *r
	c.Responses = slices.Clone(r.Responses)
	c.Fields = make(map[string]string, len(r.Fields))
	for k, v := range r.Fields {
		c.Fields[k] = v
	}
	return c
}

func (s *Session) clone() Session {
	c := *s
	c.Attendees = make([]Attendance, len(s.Attendees))
	for i, a := range s.Attendees {
		a.Intervals = slices.Clone(a.Intervals)
		a.PollAnswers = slices.Clone(a.PollAnswers)
		a.SurveyAnswers = slices.Clone(a.SurveyAnswers)
		c.Attendees[i] = a
	}
	c.Polls = slices.Clone(s.Polls)
	c.Surveys = slices.Clone(s.Surveys)
	c.Questions = slices.Clone(s.Questions)
	return c
}

// inSession reports whether one of the webinar's times contains now.
func (w *Webinar) inSession(now time.Time) bool {
	for _, t := range w.Times {
		if !now.Before(t.Start) && now.Before(t.End) {
			return true
		}
	}
	return false
}

// ended reports whether every time of the webinar lies in the past.
func (w *Webinar) ended(now time.Time) bool {
	for _, t := range w.Times {
		if now.Before(t.End) {
			return false
		}
	}
	return true
}

func (w *Webinar) firstStart() time.Time {
	if len(w.Times) == 0 {
		return time.Time{}
	}
	return w.Times[0].Start
}
