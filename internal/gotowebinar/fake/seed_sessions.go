package fake

import (
	"fmt"
	"time"
)

// sessions creates a completed session for each past time of wb, attended
// by its approved registrants except every third, with polls, surveys and
// questions.
func (sd *seeder) sessions(wb *Webinar) {
	for _, t := range wb.Times {
		if t.End.After(sd.base) {
			continue
		}
		sd.st.sessions[wb.Key] = append(sd.st.sessions[wb.Key], sd.session(wb, t))
	}
}

// session builds one completed session of wb over t.
func (sd *seeder) session(wb *Webinar, t TimeRange) *Session {
	se := &Session{Key: sd.st.newKey(), WebinarKey: wb.Key, Start: t.Start, End: t.End}
	se.Polls = []Poll{
		{Question: "Is this useful?", Responses: []PollResponse{{"Yes", 75}, {"No", 25}}},
		{Question: "Which topic next?", Responses: []PollResponse{{"APIs", 50}, {"Security", 33.3}, {"Pricing", 16.7}}},
	}
	se.Surveys = []Poll{{Question: "Rate this session", Responses: []PollResponse{{"Good", 60}, {"Fair", 40}}}}
	for k, reg := range sd.st.registrants[wb.Key] {
		if reg.Status != "APPROVED" || k%3 == 2 {
			continue
		}
		se.Attendees = append(se.Attendees, sd.attendance(se, reg, k))
		if k%2 == 0 {
			asked := t.Start.Add(time.Duration(10+k) * time.Minute)
			se.Questions = append(se.Questions, AttendeeQuestion{
				Question: fmt.Sprintf("Question %d from %s?", k+1, reg.FirstName), AskedBy: reg.Email,
				AskerKey: reg.Key, DateAsked: asked, AnswerText: "Thanks, good question.",
				AnsweredBy: wb.OrganizerKey, AnswerTime: asked.Add(2 * time.Minute),
				AnswererEmail: sd.st.organizer(wb.OrganizerKey).Email,
			})
		}
	}
	for i := range se.Polls {
		se.Polls[i].NumberOfResponses = len(se.Attendees)
	}
	se.Surveys[0].NumberOfResponses = len(se.Attendees) / 2
	return se
}

// attendance gives some attendees one interval and others two (they left
// and came back).
func (sd *seeder) attendance(se *Session, reg *Registrant, k int) Attendance {
	join := se.Start.Add(time.Duration(sd.st.rng.IntN(10)) * time.Minute)
	a := Attendance{RegistrantKey: reg.Key}
	if k%4 == 1 {
		mid := join.Add(se.End.Sub(join) / 3)
		a.Intervals = []TimeRange{{Start: join, End: mid}, {Start: mid.Add(5 * time.Minute), End: se.End}}
	} else {
		a.Intervals = []TimeRange{{Start: join, End: se.End.Add(-time.Duration(sd.st.rng.IntN(5)) * time.Minute)}}
	}
	a.PollAnswers = []PollAnswer{
		{Question: "Is this useful?", Answers: []string{[]string{"Yes", "No"}[k%2]}},
		{Question: "Which topic next?", Answers: []string{"APIs"}},
	}
	if k%2 == 0 {
		a.SurveyAnswers = []PollAnswer{{Question: "Rate this session", Answers: []string{"Good"}}}
	}
	return a
}
