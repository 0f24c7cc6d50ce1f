package fake

import (
	"net/http"
)

// sessionListName is the _embedded key of ReportingSessionsResponse.
const sessionListName = "sessionInfoResources"

// listOrganizerSessions serves GET /organizers/{organizerKey}/sessions:
// completed sessions that started in [fromTime, toTime].
func (s *Server) listOrganizerSessions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if !s.organizerOf(w, r, who) {
		return
	}
	from, to, ok := s.timeWindow(w, r)
	if !ok {
		return
	}
	page, size, ok := s.pageA(w, r)
	if !ok {
		return
	}
	now := s.opts.Now()
	items := []sessionJSON{}
	for _, se := range s.st.sessionsWhere(func(wb *Webinar, se *Session) bool {
		return wb.OrganizerKey == who.Key && !se.Start.Before(from) && !se.Start.After(to) && !se.End.After(now)
	}) {
		items = append(items, s.sessionItem(se))
	}
	writePageA(w, sessionListName, items, page, size)
}

// listWebinarSessions serves GET .../webinars/{webinarKey}/sessions.
func (s *Server) listWebinarSessions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	page, size, ok := s.pageA(w, r)
	if !ok {
		return
	}
	now := s.opts.Now()
	items := []sessionJSON{}
	for _, se := range s.st.sessionsWhere(func(o *Webinar, se *Session) bool { return o == wb && !se.End.After(now) }) {
		items = append(items, s.sessionItem(se))
	}
	writePageA(w, sessionListName, items, page, size)
}

// sessionOf resolves .../sessions/{sessionKey}.
func (s *Server) sessionOf(w http.ResponseWriter, r *http.Request, who *Organizer) *Session {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return nil
	}
	k, ok := s.pathKey(w, r, "sessionKey")
	if !ok {
		return nil
	}
	se := s.st.session(wb.Key, k)
	if se == nil {
		s.notFound(w, "Session")
	}
	return se
}

// attendanceOf resolves .../sessions/{sessionKey}/attendees/{registrantKey}.
func (s *Server) attendanceOf(w http.ResponseWriter, r *http.Request, who *Organizer) (*Session, *Attendance) {
	se := s.sessionOf(w, r, who)
	if se == nil {
		return nil, nil
	}
	k, ok := s.pathKey(w, r, "registrantKey")
	if !ok {
		return nil, nil
	}
	for i := range se.Attendees {
		if se.Attendees[i].RegistrantKey == k {
			return se, &se.Attendees[i]
		}
	}
	s.notFound(w, "Attendee")
	return nil, nil
}

// getSession serves GET .../sessions/{sessionKey} as one ReportingSession;
// the spec's [Attendee] is taken as an error in the spec.
func (s *Server) getSession(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se := s.sessionOf(w, r, who); se != nil {
		writeJSON(w, http.StatusOK, s.sessionItem(se))
	}
}

// listSessionAttendees serves GET .../sessions/{sessionKey}/attendees.
func (s *Server) listSessionAttendees(w http.ResponseWriter, r *http.Request, who *Organizer) {
	se := s.sessionOf(w, r, who)
	if se == nil {
		return
	}
	out := []attendeeJSON{}
	for _, a := range se.Attendees {
		out = append(out, s.attendeeItem(se, a))
	}
	writeJSON(w, http.StatusOK, out)
}

// listWebinarAttendees serves GET .../webinars/{webinarKey}/attendees: one
// entry per attendee and session, paged.
func (s *Server) listWebinarAttendees(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	page, size, ok := s.pageA(w, r)
	if !ok {
		return
	}
	items := []attendeeJSON{}
	for _, se := range s.st.sessionsWhere(func(o *Webinar, _ *Session) bool { return o == wb }) {
		for _, a := range se.Attendees {
			items = append(items, s.attendeeItem(se, a))
		}
	}
	writePageA(w, "attendeeParticipationResponses", items, page, size)
}

// getSessionAttendee serves GET .../attendees/{registrantKey}: the
// Registrant shape plus the attendance of this session.
func (s *Server) getSessionAttendee(w http.ResponseWriter, r *http.Request, who *Organizer) {
	se, a := s.attendanceOf(w, r, who)
	if a == nil {
		return
	}
	reg := s.st.registrant(se.WebinarKey, a.RegistrantKey)
	item := s.attendeeItem(se, *a)
	out := map[string]any{
		"registrantKey": a.RegistrantKey, "sessionKey": se.Key, "firstName": item.FirstName,
		"lastName": item.LastName, "email": item.Email, "attendanceTimeInSeconds": item.AttendanceTimeInSeconds,
		"attendance": item.Attendance,
	}
	if reg != nil {
		out["registrationDate"] = formatTime(reg.RegistrationDate)
		out["status"], out["joinUrl"], out["timeZone"] = reg.Status, reg.JoinURL, reg.TimeZone
	}
	writeJSON(w, http.StatusOK, out)
}

// attendeePolls serves GET .../attendees/{registrantKey}/polls.
func (s *Server) attendeePolls(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if _, a := s.attendanceOf(w, r, who); a != nil {
		writeJSON(w, http.StatusOK, pollAnswersJSON(a.PollAnswers))
	}
}

// attendeeSurveys serves GET .../attendees/{registrantKey}/surveys.
func (s *Server) attendeeSurveys(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if _, a := s.attendanceOf(w, r, who); a != nil {
		writeJSON(w, http.StatusOK, pollAnswersJSON(a.SurveyAnswers))
	}
}

// attendeeQuestions serves GET .../attendees/{registrantKey}/questions.
func (s *Server) attendeeQuestions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se, a := s.attendanceOf(w, r, who); a != nil {
		writeJSON(w, http.StatusOK, questionsJSON(se.Questions, func(q AttendeeQuestion) bool { return q.AskerKey == a.RegistrantKey }))
	}
}

// sessionPolls serves GET .../sessions/{sessionKey}/polls.
func (s *Server) sessionPolls(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se := s.sessionOf(w, r, who); se != nil {
		writeJSON(w, http.StatusOK, pollsJSON(se.Polls))
	}
}

// sessionSurveys serves GET .../sessions/{sessionKey}/surveys.
func (s *Server) sessionSurveys(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se := s.sessionOf(w, r, who); se != nil {
		writeJSON(w, http.StatusOK, pollsJSON(se.Surveys))
	}
}

// sessionQuestions serves GET .../sessions/{sessionKey}/questions.
func (s *Server) sessionQuestions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se := s.sessionOf(w, r, who); se != nil {
		writeJSON(w, http.StatusOK, questionsJSON(se.Questions, func(AttendeeQuestion) bool { return true }))
	}
}

// sessionPerformance serves GET .../sessions/{sessionKey}/performance.
func (s *Server) sessionPerformance(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if se := s.sessionOf(w, r, who); se != nil {
		writeJSON(w, http.StatusOK, s.performanceJSON(se))
	}
}

// webinarPerformance serves GET .../webinars/{webinarKey}/performance: an
// object keyed by session key.
func (s *Server) webinarPerformance(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	out := map[string]any{}
	for _, se := range s.st.sessions[wb.Key] {
		out[keyString(se.Key)] = s.performanceJSON(se)
	}
	writeJSON(w, http.StatusOK, out)
}
