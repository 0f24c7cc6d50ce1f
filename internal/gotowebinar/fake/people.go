package fake

import (
	"net/http"
	"slices"
	"strings"
)

type panelistJSON struct {
	Name       string `json:"name"`
	Email      string `json:"email"`
	PanelistID int64  `json:"panelistId"`
	JoinLink   string `json:"joinLink"`
}

// createdPanelistJSON is CreatedPanelist: panelistKey is a string.
type createdPanelistJSON struct {
	Name        string `json:"name"`
	Email       string `json:"email"`
	JoinLink    string `json:"joinLink"`
	PanelistKey string `json:"panelistKey"`
}

// coorganizerJSON is Coorganizer: memberKey is a string; external
// co-organizers have no surname.
type coorganizerJSON struct {
	MemberKey string `json:"memberKey"`
	GivenName string `json:"givenName"`
	Surname   string `json:"surname,omitempty"`
	Email     string `json:"email"`
	JoinLink  string `json:"joinLink"`
	External  bool   `json:"external"`
}

func coorganizerItem(c *Coorganizer) coorganizerJSON {
	return coorganizerJSON{MemberKey: keyString(c.MemberKey), GivenName: c.GivenName, Surname: c.Surname,
		Email: c.Email, JoinLink: c.JoinLink, External: c.External}
}

// listPanelists serves GET .../panelists.
func (s *Server) listPanelists(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	out := []panelistJSON{}
	for _, p := range s.st.panelists[wb.Key] {
		out = append(out, panelistJSON{Name: p.Name, Email: p.Email, PanelistID: p.Key, JoinLink: p.JoinLink})
	}
	writeJSON(w, http.StatusOK, out)
}

// createPanelists serves POST .../panelists with [{name, email}].
func (s *Server) createPanelists(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	var in []struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if !s.decodeBody(w, r, &in) {
		return
	}
	if len(in) == 0 {
		s.badRequest(w, "at least one panelist is required")
		return
	}
	for _, p := range in {
		if strings.TrimSpace(p.Name) == "" || !strings.Contains(p.Email, "@") {
			s.badRequest(w, "panelists need a name and a valid email")
			return
		}
	}
	out := []createdPanelistJSON{}
	for _, p := range in {
		pn := &Panelist{Key: s.st.newKey(), Name: p.Name, Email: p.Email}
		pn.JoinLink = "https://global.gotowebinar.com/join/" + keyString(wb.Key) + "/panelist/" + keyString(pn.Key)
		s.st.panelists[wb.Key] = append(s.st.panelists[wb.Key], pn)
		out = append(out, createdPanelistJSON{Name: pn.Name, Email: pn.Email, JoinLink: pn.JoinLink, PanelistKey: keyString(pn.Key)})
	}
	writeJSON(w, http.StatusCreated, out)
}

// panelistOf resolves {panelistKey} within the webinar.
func (s *Server) panelistOf(w http.ResponseWriter, r *http.Request, who *Organizer) (*Webinar, int) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return nil, -1
	}
	k, ok := s.pathKey(w, r, "panelistKey")
	if !ok {
		return nil, -1
	}
	i := slices.IndexFunc(s.st.panelists[wb.Key], func(p *Panelist) bool { return p.Key == k })
	if i < 0 {
		s.notFound(w, "Panelist")
	}
	return wb, i
}

// deletePanelist serves DELETE .../panelists/{panelistKey}.
func (s *Server) deletePanelist(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb, i := s.panelistOf(w, r, who); i >= 0 {
		s.st.panelists[wb.Key] = slices.Delete(s.st.panelists[wb.Key], i, i+1)
		w.WriteHeader(http.StatusNoContent)
	}
}

// resendPanelist serves POST .../panelists/{panelistKey}/resendInvitation.
func (s *Server) resendPanelist(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if _, i := s.panelistOf(w, r, who); i >= 0 {
		w.WriteHeader(http.StatusNoContent)
	}
}

// listCoorganizers serves GET .../coorganizers; the creator is not listed.
func (s *Server) listCoorganizers(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	out := []coorganizerJSON{}
	for _, c := range s.st.coorganizers[wb.Key] {
		out = append(out, coorganizerItem(c))
	}
	writeJSON(w, http.StatusOK, out)
}

type coorganizerIn struct {
	External     *bool    `json:"external"`
	OrganizerKey *flexKey `json:"organizerKey"`
	GivenName    string   `json:"givenName"`
	Email        string   `json:"email"`
}

// createCoorganizers serves POST .../coorganizers: internal ones by
// organizerKey of the same account, external ones by givenName and email.
func (s *Server) createCoorganizers(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	var in []coorganizerIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	if len(in) == 0 {
		s.badRequest(w, "at least one co-organizer is required")
		return
	}
	var add []*Coorganizer
	for _, c := range in {
		co, msg := s.newCoorganizer(c, wb)
		if co == nil {
			s.badRequest(w, "%s", msg)
			return
		}
		add = append(add, co)
	}
	out := []coorganizerJSON{}
	for _, co := range add {
		s.st.coorganizers[wb.Key] = append(s.st.coorganizers[wb.Key], co)
		out = append(out, coorganizerItem(co))
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) newCoorganizer(c coorganizerIn, wb *Webinar) (*Coorganizer, string) {
	if c.External == nil {
		return nil, "external is required"
	}
	if *c.External {
		if strings.TrimSpace(c.GivenName) == "" || !strings.Contains(c.Email, "@") {
			return nil, "external co-organizers need givenName and a valid email"
		}
		co := &Coorganizer{MemberKey: s.st.newKey(), GivenName: c.GivenName, Email: c.Email, External: true}
		co.JoinLink = "https://global.gotowebinar.com/join/" + keyString(wb.Key) + "/co/" + keyString(co.MemberKey)
		return co, ""
	}
	if c.OrganizerKey == nil {
		return nil, "organizerKey is required for internal co-organizers"
	}
	o := s.st.organizer(int64(*c.OrganizerKey))
	if o == nil || o.AccountKey != wb.AccountKey || o.Key == wb.OrganizerKey {
		return nil, "organizerKey is not another organizer of this account"
	}
	return &Coorganizer{MemberKey: o.Key, GivenName: o.FirstName, Surname: o.LastName, Email: o.Email,
		JoinLink: "https://global.gotowebinar.com/join/" + keyString(wb.Key) + "/co/" + keyString(o.Key)}, ""
}

// coorganizerOf resolves {coorganizerKey}; external ones are only found
// with external=true, as GoTo requires.
func (s *Server) coorganizerOf(w http.ResponseWriter, r *http.Request, who *Organizer) (*Webinar, int) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return nil, -1
	}
	k, ok := s.pathKey(w, r, "coorganizerKey")
	if !ok {
		return nil, -1
	}
	external, err := queryBool(r, "external", false)
	if err != nil {
		s.badRequest(w, "invalid external")
		return nil, -1
	}
	i := slices.IndexFunc(s.st.coorganizers[wb.Key], func(c *Coorganizer) bool { return c.MemberKey == k && c.External == external })
	if i < 0 {
		s.notFound(w, "Co-organizer")
	}
	return wb, i
}

// deleteCoorganizer serves DELETE .../coorganizers/{coorganizerKey}.
func (s *Server) deleteCoorganizer(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb, i := s.coorganizerOf(w, r, who); i >= 0 {
		s.st.coorganizers[wb.Key] = slices.Delete(s.st.coorganizers[wb.Key], i, i+1)
		w.WriteHeader(http.StatusNoContent)
	}
}

// resendCoorg serves POST .../coorganizers/{coorganizerKey}/resendInvitation.
func (s *Server) resendCoorg(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if _, i := s.coorganizerOf(w, r, who); i >= 0 {
		w.WriteHeader(http.StatusNoContent)
	}
}
