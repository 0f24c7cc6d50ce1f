package fake

import (
	"strings"
	"time"
)

// sessionJSON is ReportingSession: keys as strings.
type sessionJSON struct {
	SessionKey             string `json:"sessionKey"`
	WebinarKey             string `json:"webinarKey"`
	WebinarName            string `json:"webinarName"`
	StartTime              string `json:"startTime"`
	EndTime                string `json:"endTime"`
	RegistrantsAttended    int    `json:"registrantsAttended"`
	RegistrantCount        int    `json:"registrantCount"`
	AccountKey             string `json:"accountKey"`
	CreatingOrganizerKey   string `json:"creatingOrganizerKey"`
	CreatingOrganizerName  string `json:"creatingOrganizerName"`
	StartingOrganizerKey   string `json:"startingOrganizerKey"`
	StartingOrganizerName  string `json:"startingOrganizerName"`
	TotalPollCount         int    `json:"totalPollCount"`
	TimeZone               string `json:"timeZone"`
	ExperienceType         string `json:"experienceType"`
	WebinarID              string `json:"webinarID"`
	WebinarType            int    `json:"webinarType"`
	NumRegLinkClicks       int    `json:"numRegLinkClicks"`
	NumOpenedInvitations   int    `json:"numOpenedInvitations"`
	IncludeCertificate     bool   `json:"includeCertificate"`
	FollowupEmailTriggered bool   `json:"followupEmailTriggered"`
}

type attendanceJSON struct {
	JoinTime  string `json:"joinTime"`
	LeaveTime string `json:"leaveTime"`
}

// attendeeJSON is Attendee / ReportingAttendee: keys as numbers.
type attendeeJSON struct {
	RegistrantKey           int64            `json:"registrantKey"`
	SessionKey              int64            `json:"sessionKey"`
	FirstName               string           `json:"firstName"`
	LastName                string           `json:"lastName"`
	Email                   string           `json:"email"`
	AttendanceTimeInSeconds int64            `json:"attendanceTimeInSeconds"`
	Attendance              []attendanceJSON `json:"attendance"`
}

type pollResponseJSON struct {
	Text       string  `json:"text"`
	Percentage float64 `json:"percentage"`
}

type pollJSON struct {
	Question          string             `json:"question"`
	NumberOfResponses int                `json:"numberOfResponses"`
	Responses         []pollResponseJSON `json:"responses"`
}

type pollAnswerJSON struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	Answer   string   `json:"answer"`
}

type qaAnswerJSON struct {
	Answer        string `json:"answer"`
	AnsweredBy    int64  `json:"answeredBy"`
	AnswererRole  string `json:"answererRole"`
	AnswerTime    string `json:"answerTime"`
	AnswererEmail string `json:"answererEmail"`
}

type questionAskedJSON struct {
	Question  string         `json:"question"`
	AskedBy   string         `json:"askedBy"`
	AskerKey  int64          `json:"askerKey"`
	DateAsked string         `json:"dateAsked"`
	Answers   []qaAnswerJSON `json:"answers"`
}

func (s *Server) sessionItem(se *Session) sessionJSON {
	wb := s.st.webinars[se.WebinarKey]
	o := s.st.organizer(wb.OrganizerKey)
	name := strings.TrimSpace(o.FirstName + " " + o.LastName)
	webinarType := map[string]int{"single_session": 0, "series": 1, "sequence": 2}[wb.RecurrenceType]
	return sessionJSON{
		SessionKey: keyString(se.Key), WebinarKey: keyString(wb.Key), WebinarName: wb.Subject,
		StartTime: formatTime(se.Start), EndTime: formatTime(se.End),
		RegistrantsAttended: len(se.Attendees), RegistrantCount: len(s.st.registrants[wb.Key]),
		AccountKey: keyString(wb.AccountKey), CreatingOrganizerKey: keyString(o.Key),
		CreatingOrganizerName: name, StartingOrganizerKey: keyString(o.Key), StartingOrganizerName: name,
		TotalPollCount: len(se.Polls), TimeZone: wb.TimeZone, ExperienceType: wb.ExperienceType,
		WebinarID: wb.WebinarID, WebinarType: webinarType,
		NumRegLinkClicks: 3 * len(s.st.registrants[wb.Key]), NumOpenedInvitations: 2 * len(s.st.registrants[wb.Key]),
	}
}

func (s *Server) attendeeItem(se *Session, a Attendance) attendeeJSON {
	out := attendeeJSON{RegistrantKey: a.RegistrantKey, SessionKey: se.Key, Attendance: []attendanceJSON{}}
	if reg := s.st.registrant(se.WebinarKey, a.RegistrantKey); reg != nil {
		out.FirstName, out.LastName, out.Email = reg.FirstName, reg.LastName, reg.Email
	}
	for _, iv := range a.Intervals {
		out.AttendanceTimeInSeconds += int64(iv.End.Sub(iv.Start) / time.Second)
		out.Attendance = append(out.Attendance, attendanceJSON{JoinTime: formatTime(iv.Start), LeaveTime: formatTime(iv.End)})
	}
	return out
}

func pollsJSON(ps []Poll) []pollJSON {
	out := []pollJSON{}
	for _, p := range ps {
		pj := pollJSON{Question: p.Question, NumberOfResponses: p.NumberOfResponses, Responses: []pollResponseJSON{}}
		for _, r := range p.Responses {
			pj.Responses = append(pj.Responses, pollResponseJSON(r))
		}
		out = append(out, pj)
	}
	return out
}

func pollAnswersJSON(ps []PollAnswer) []pollAnswerJSON {
	out := []pollAnswerJSON{}
	for _, p := range ps {
		pj := pollAnswerJSON{Question: p.Question, Answers: append([]string{}, p.Answers...)}
		if len(p.Answers) > 0 {
			pj.Answer = p.Answers[0]
		}
		out = append(out, pj)
	}
	return out
}

// questionsJSON renders the questions for which keep is true.
func questionsJSON(qs []AttendeeQuestion, keep func(AttendeeQuestion) bool) []questionAskedJSON {
	out := []questionAskedJSON{}
	for _, q := range qs {
		if !keep(q) {
			continue
		}
		qj := questionAskedJSON{Question: q.Question, AskedBy: q.AskedBy, AskerKey: q.AskerKey,
			DateAsked: formatMillis(q.DateAsked), Answers: []qaAnswerJSON{}}
		if q.AnswerText != "" {
			qj.Answers = append(qj.Answers, qaAnswerJSON{Answer: q.AnswerText, AnsweredBy: q.AnsweredBy,
				AnswererRole: "organizer", AnswerTime: formatMillis(q.AnswerTime), AnswererEmail: q.AnswererEmail})
		}
		out = append(out, qj)
	}
	return out
}

// performanceJSON renders SessionPerformance with figures derived from the
// session's data.
func (s *Server) performanceJSON(se *Session) map[string]any {
	wb := s.st.webinars[se.WebinarKey]
	regs := len(s.st.registrants[wb.Key])
	var total float64
	for _, a := range se.Attendees {
		for _, iv := range a.Intervals {
			total += iv.End.Sub(iv.Start).Seconds()
		}
	}
	pct, avg := 0.0, 0.0
	if regs > 0 {
		pct = 100 * float64(len(se.Attendees)) / float64(regs)
	}
	if len(se.Attendees) > 0 {
		avg = total / float64(len(se.Attendees))
	}
	return map[string]any{
		"sessionInfo": map[string]any{
			"webinarName": wb.Subject, "webinarId": wb.WebinarID, "sessionKey": keyString(se.Key),
			"timeZone": wb.TimeZone, "experienceType": wb.ExperienceType, "recurrencePeriod": wb.RecurrencePeriod,
			"startTime": formatTime(se.Start), "endTime": formatTime(se.End),
			"registrationEmailOpenedCount": keyString(int64(2 * regs)), "registrationLinkClickedCount": keyString(int64(3 * regs)),
		},
		"attendance": map[string]any{
			"registrantCount": regs, "percentageAttendance": pct, "averageInterestRating": 72.5,
			"averageAttentiveness": 81.25, "averageAttendanceTimeSeconds": avg,
		},
		"pollsAndSurveys": map[string]any{
			"pollCount": len(se.Polls), "surveyCount": float64(len(se.Surveys)), "questionsAsked": len(se.Questions),
			"percentagePollsCompleted": 64.5, "percentageSurveysCompleted": 40.0,
		},
	}
}
