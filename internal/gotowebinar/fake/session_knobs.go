package fake

import "slices"

// AddSession records a completed session of the webinar over t, attended
// like a seeded session (the approved registrants except every third, with
// polls, surveys and questions). Session lists show it once the server's
// clock has passed t.End, so a test that drives Options.Now can make a
// session end between two polls, or appear late. It reports false when
// the webinar does not exist.
func (s *Server) AddSession(webinarKey int64, t TimeRange) (Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wb := s.st.webinars[webinarKey]
	if wb == nil {
		return Session{}, false
	}
	sd := &seeder{st: s.st, base: s.opts.Now()}
	se := sd.session(wb, t)
	list := append(s.st.sessions[webinarKey], se)
	slices.SortStableFunc(list, func(a, b *Session) int { return a.Start.Compare(b.Start) })
	s.st.sessions[webinarKey] = list
	return se.clone(), true
}
