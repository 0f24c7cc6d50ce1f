package fake

import (
	"net/http"
	"time"
)

// timeWindow reads the fromTime/toTime pair the ranged lists require.
func (s *Server) timeWindow(w http.ResponseWriter, r *http.Request) (from, to time.Time, ok bool) {
	q := r.URL.Query()
	if q.Get("fromTime") == "" || q.Get("toTime") == "" {
		s.badRequest(w, "fromTime and toTime are required")
		return from, to, false
	}
	from, err1 := parseInstant(q.Get("fromTime"))
	to, err2 := parseInstant(q.Get("toTime"))
	if err1 != nil || err2 != nil {
		s.badRequest(w, "fromTime and toTime must be ISO-8601 instants such as 2020-03-13T10:00:00Z")
		return from, to, false
	}
	if to.Before(from) {
		s.badRequest(w, "toTime must not be before fromTime")
		return from, to, false
	}
	return from, to, true
}

// openWindow reads an optional fromTime/toTime pair in which each bound may
// be absent (unbounded on that side).
func (s *Server) openWindow(w http.ResponseWriter, r *http.Request) (from, to time.Time, ok bool) {
	q := r.URL.Query()
	from, to = time.Time{}, time.Unix(1<<40, 0)
	for _, b := range []struct {
		name string
		into *time.Time
	}{{"fromTime", &from}, {"toTime", &to}} {
		if v := q.Get(b.name); v != "" {
			t, err := parseInstant(v)
			if err != nil {
				s.badRequest(w, "%s must be an ISO-8601 instant such as 2020-03-13T10:00:00Z", b.name)
				return from, to, false
			}
			*b.into = t
		}
	}
	if to.Before(from) {
		s.badRequest(w, "toTime must not be before fromTime")
		return from, to, false
	}
	return from, to, true
}

// startsWithin reports whether one of w's times starts in [from, to].
func startsWithin(w *Webinar, from, to time.Time) bool {
	for _, t := range w.Times {
		if !t.Start.Before(from) && !t.Start.After(to) {
			return true
		}
	}
	return false
}

// listAccountWebinars serves GET /accounts/{accountKey}/webinars.
func (s *Server) listAccountWebinars(w http.ResponseWriter, r *http.Request, who *Organizer) {
	k, ok := s.pathKey(w, r, "accountKey")
	if !ok {
		return
	}
	if k != who.AccountKey {
		s.notFound(w, "Account")
		return
	}
	s.writeWebinarPage(w, r, func(wb *Webinar) bool { return wb.AccountKey == k })
}

// listOrganizerWebinars serves GET /organizers/{organizerKey}/webinars.
func (s *Server) listOrganizerWebinars(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if s.organizerOf(w, r, who) {
		s.writeWebinarPage(w, r, func(wb *Webinar) bool { return wb.OrganizerKey == who.Key })
	}
}

func (s *Server) writeWebinarPage(w http.ResponseWriter, r *http.Request, keep func(*Webinar) bool) {
	from, to, ok := s.timeWindow(w, r)
	if !ok {
		return
	}
	page, size, ok := s.pageA(w, r)
	if !ok {
		return
	}
	var items []webinarItemJSON
	for _, wb := range s.st.webinarsWhere(func(wb *Webinar) bool { return keep(wb) && startsWithin(wb, from, to) }) {
		items = append(items, webinarItem(wb))
	}
	writePageA(w, "webinars", items, page, size)
}

// createWebinar serves POST /organizers/{organizerKey}/webinars.
func (s *Server) createWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if !s.organizerOf(w, r, who) {
		return
	}
	var in webinarIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	list, err := newWebinarFrom(in, who)
	if err != nil {
		s.badRequest(w, "%v", err)
		return
	}
	var recurrence int64
	if len(list) > 1 {
		recurrence = s.st.newKey()
	}
	for _, wb := range list {
		s.add(wb)
		wb.RecurrenceKey = recurrence
	}
	resp := map[string]string{"webinarKey": keyString(list[0].Key)}
	if recurrence != 0 {
		resp["recurrenceKey"] = keyString(recurrence)
	}
	writeJSON(w, http.StatusCreated, resp)
}

// add gives wb its keys and stores it.
func (s *Server) add(wb *Webinar) {
	wb.Key = s.st.newKey()
	wb.WebinarID = s.st.newWebinarID()
	s.st.webinars[wb.Key] = wb
}

// listInSession serves GET /organizers/{organizerKey}/insessionWebinars;
// without a range it lists every webinar in session now. Either bound may
// come alone: the spec makes fromTime optional.
func (s *Server) listInSession(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if !s.organizerOf(w, r, who) {
		return
	}
	from, to, ok := s.openWindow(w, r)
	if !ok {
		return
	}
	now := s.opts.Now()
	out := []brokerWebinarJSON{}
	for _, wb := range s.st.webinarsWhere(func(wb *Webinar) bool {
		return wb.OrganizerKey == who.Key && wb.inSession(now) && !now.Before(from) && !now.After(to)
	}) {
		out = append(out, s.brokerWebinar(wb))
	}
	writeJSON(w, http.StatusOK, out)
}

// getWebinar serves GET .../webinars/{webinarKey}.
func (s *Server) getWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb := s.webinarOf(w, r, who); wb != nil {
		writeJSON(w, http.StatusOK, s.webinarByKey(wb))
	}
}

// updateWebinar serves PUT .../webinars/{webinarKey}: 202 without body.
func (s *Server) updateWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	if _, err := queryBool(r, "notifyParticipants", false); err != nil {
		s.badRequest(w, "invalid notifyParticipants")
		return
	}
	var in webinarIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	if in.Subject == nil && in.Description == nil && in.Times == nil && in.TimeZone == nil &&
		in.Locale == nil && len(in.EmailSettings) == 0 {
		s.badRequest(w, "at least one field must be updated")
		return
	}
	now := s.opts.Now()
	switch {
	case wb.inSession(now):
		s.badRequest(w, "a webinar in progress cannot be updated")
		return
	case wb.ended(now):
		s.badRequest(w, "a webinar that has ended cannot be updated")
		return
	}
	if err := checkText(in); err != nil {
		s.badRequest(w, "%v", err)
		return
	}
	var times []TimeRange
	if in.Times != nil {
		kind := wb.RecurrenceType
		if kind == "series" { // each session of a series is its own webinar
			kind = "single_session"
		}
		var err error
		if times, err = parseRanges(in.Times); err == nil {
			err = checkTimesFor(kind, times)
		}
		if err != nil {
			s.badRequest(w, "%v", err)
			return
		}
	}
	applyUpdate(wb, in, times)
	w.WriteHeader(http.StatusAccepted)
}

func applyUpdate(wb *Webinar, in webinarIn, times []TimeRange) {
	if in.Subject != nil {
		wb.Subject = *in.Subject
	}
	if in.Description != nil {
		wb.Description = *in.Description
	}
	if in.TimeZone != nil {
		wb.TimeZone = *in.TimeZone
	}
	if in.Locale != nil {
		wb.Locale = *in.Locale
	}
	if times != nil {
		wb.Times = times
	}
}

// cancelWebinar serves DELETE .../webinars/{webinarKey}: 204, 409 while in
// session; deleteAll (default true) cancels every session of a series.
func (s *Server) cancelWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	_, err1 := queryBool(r, "sendCancellationEmails", false)
	all, err2 := queryBool(r, "deleteAll", true)
	if err1 != nil || err2 != nil {
		s.badRequest(w, "invalid sendCancellationEmails or deleteAll")
		return
	}
	victims := []*Webinar{wb}
	if all && wb.RecurrenceKey != 0 {
		victims = s.st.webinarsWhere(func(o *Webinar) bool { return o.RecurrenceKey == wb.RecurrenceKey })
	}
	now := s.opts.Now()
	for _, v := range victims {
		if v.inSession(now) {
			s.writeAppError(w, http.StatusConflict, codeInSession, "The webinar is in session and cannot be cancelled")
			return
		}
	}
	for _, v := range victims {
		v.Cancelled = true
	}
	w.WriteHeader(http.StatusNoContent)
}

// meetingTimes serves GET .../webinars/{webinarKey}/meetingtimes.
func (s *Server) meetingTimes(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb := s.webinarOf(w, r, who); wb != nil {
		writeJSON(w, http.StatusOK, rangesJSON(wb.Times))
	}
}

// startURL serves GET /webinars/{webinarKey}/startUrl.
func (s *Server) startURL(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb := s.ownedWebinar(w, r, who); wb != nil {
		writeJSON(w, http.StatusOK, map[string]string{"startUrl": "https://global.gotowebinar.com/start/" + keyString(wb.Key) + "?organizer=" + keyString(who.Key)})
	}
}

// copyWebinar serves PUT /webinars/{webinarKey}/copy: 201 {"webinarKey"}.
func (s *Server) copyWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) {
	src := s.ownedWebinar(w, r, who)
	if src == nil {
		return
	}
	var in webinarIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	if err := checkText(in); err != nil {
		s.badRequest(w, "%v", err)
		return
	}
	cp := src.clone()
	if in.Type != "" && in.Type != "single_session" && in.Type != "sequence" {
		s.badRequest(w, "invalid type %q", in.Type)
		return
	}
	if in.Type != "" {
		cp.RecurrenceType = in.Type
	} else if cp.RecurrenceType == "series" { // the copy of one session stands alone
		cp.RecurrenceType = "single_session"
	}
	var times []TimeRange
	if in.Times != nil {
		var err error
		if times, err = parseRanges(in.Times); err == nil && cp.RecurrenceType == "single_session" {
			err = checkTimesFor("single_session", times)
		}
		if err != nil {
			s.badRequest(w, "%v", err)
			return
		}
	}
	applyUpdate(&cp, in, times)
	cp.RecurrenceKey, cp.IsOndemand = 0, in.IsOndemand || cp.IsOndemand
	for i := range cp.Questions {
		cp.Questions[i].Key = s.st.newKey()
		for j := range cp.Questions[i].Answers {
			cp.Questions[i].Answers[j].Key = s.st.newKey()
		}
	}
	s.add(&cp)
	writeJSON(w, http.StatusCreated, map[string]string{"webinarKey": keyString(cp.Key)})
}
