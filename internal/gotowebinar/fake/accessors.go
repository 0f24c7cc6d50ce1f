package fake

import "slices"

// MainOrganizer returns the seeded organizer that owns most of the data and
// that /oauth/authorize approves for by default.
func (s *Server) MainOrganizer() Organizer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.st.organizers[0]
}

// Organizers returns every organizer, the main organizer first.
func (s *Server) Organizers() []Organizer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Organizer, len(s.st.organizers))
	for i, o := range s.st.organizers {
		out[i] = *o
	}
	return out
}

// Webinars returns the organizer's webinars that are not cancelled, by
// first start time.
func (s *Server) Webinars(organizerKey int64) []Webinar {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Webinar
	for _, w := range s.st.webinarsWhere(func(w *Webinar) bool { return w.OrganizerKey == organizerKey }) {
		out = append(out, w.clone())
	}
	return out
}

// Webinar returns a webinar by key, cancelled ones included.
func (s *Server) Webinar(key int64) (Webinar, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.st.webinars[key]
	if w == nil {
		return Webinar{}, false
	}
	return w.clone(), true
}

// Registrants returns a webinar's registrants by registration date.
func (s *Server) Registrants(webinarKey int64) []Registrant {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Registrant
	for _, r := range s.sortedRegistrants(webinarKey) {
		out = append(out, r.clone())
	}
	return out
}

// Sessions returns a webinar's completed sessions by start time.
func (s *Server) Sessions(webinarKey int64) []Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Session
	for _, se := range s.st.sessions[webinarKey] {
		out = append(out, se.clone())
	}
	return out
}

// Panelists returns a webinar's panelists.
func (s *Server) Panelists(webinarKey int64) []Panelist {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Panelist
	for _, p := range s.st.panelists[webinarKey] {
		out = append(out, *p)
	}
	return out
}

// Coorganizers returns a webinar's co-organizers.
func (s *Server) Coorganizers(webinarKey int64) []Coorganizer {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Coorganizer
	for _, c := range s.st.coorganizers[webinarKey] {
		out = append(out, *c)
	}
	return out
}

// SetApprovalType sets a webinar's approvalType ("AUTOMATIC" or "MANUAL"),
// which the API cannot change; it reports whether the webinar exists and
// the value is valid.
func (s *Server) SetApprovalType(webinarKey int64, approval string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.st.webinars[webinarKey]
	if w == nil || !slices.Contains([]string{"AUTOMATIC", "MANUAL"}, approval) {
		return false
	}
	w.ApprovalType = approval
	return true
}

// RecordingAssets returns every recording in creation order.
func (s *Server) RecordingAssets() []RecordingAsset {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RecordingAsset, len(s.st.assets))
	for i, a := range s.st.assets {
		out[i] = *a
	}
	return out
}
