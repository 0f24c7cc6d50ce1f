package fake

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// basicAccept is the media type that, per the v2 spec, limits create
// registrant to firstName, lastName and email.
const basicAccept = "application/vnd.citrix.g2wapi-v1.1+json"

// createRegistrant serves POST .../webinars/{webinarKey}/registrants.
func (s *Server) createRegistrant(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	if _, err := queryBool(r, "resendConfirmation", false); err != nil {
		s.badRequest(w, "invalid resendConfirmation")
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.badRequest(w, "malformed JSON body")
		return
	}
	fields, responses, err := decodeRegistrant(data)
	if err != nil {
		s.badRequest(w, "malformed JSON body")
		return
	}
	basic := s.opts.StrictAccept && strings.Contains(r.Header.Get("Accept"), basicAccept)
	if basic {
		fields = map[string]string{"firstName": fields["firstName"], "lastName": fields["lastName"], "email": fields["email"]}
		responses = nil
	}
	stored, err := checkRegistrant(wb, fields, responses, !basic)
	if err != nil {
		s.badRequest(w, "%v", err)
		return
	}
	for _, old := range s.st.registrants[wb.Key] {
		if strings.EqualFold(old.Email, fields["email"]) {
			body := duplicateJSON{RegistrantKey: old.Key, JoinURL: old.JoinURL}
			body.appError = appError{ErrorCode: codeDuplicate, Description: "The user is already registered", Incident: s.nextIncident()}
			writeJSON(w, http.StatusConflict, body)
			return
		}
	}
	reg := &Registrant{
		Key: s.st.newKey(), WebinarKey: wb.Key, FirstName: fields["firstName"], LastName: fields["lastName"],
		Email: fields["email"], Status: "APPROVED", JoinURL: s.st.joinURL(wb.Key), TimeZone: wb.TimeZone,
		RegistrationDate: s.opts.Now().UTC(), Fields: map[string]string{}, Responses: stored,
	}
	if wb.ApprovalType == "MANUAL" {
		reg.Status = "WAITING"
	}
	for _, f := range optionalFields {
		if v := fields[f]; v != "" {
			reg.Fields[f] = v
		}
	}
	s.st.registrants[wb.Key] = append(s.st.registrants[wb.Key], reg)
	writeJSON(w, http.StatusCreated, createdJSON{RegistrantKey: reg.Key, JoinURL: reg.JoinURL})
}

// checkRegistrant enforces the webinar's registration form: mandatory
// names and email, required fields, fixed choices, sizes and, unless
// basic, the custom questions. It returns the responses to store.
func checkRegistrant(wb *Webinar, fields map[string]string, responses []responseIn, questions bool) ([]Response, error) {
	for _, f := range []string{"firstName", "lastName", "email"} {
		if strings.TrimSpace(fields[f]) == "" {
			return nil, fmt.Errorf("%s is required", f)
		}
	}
	if at := strings.Index(fields["email"], "@"); at < 1 || at == len(fields["email"])-1 {
		return nil, fmt.Errorf("email is not a valid email address")
	}
	for _, f := range wb.Fields {
		v := fields[f.Field]
		switch {
		case f.Required && strings.TrimSpace(v) == "":
			return nil, fmt.Errorf("%s is required", f.Field)
		case utf8.RuneCountInString(v) > f.MaxSize:
			return nil, fmt.Errorf("%s must not exceed %d characters", f.Field, f.MaxSize)
		case v != "" && len(f.Answers) > 0 && !slices.Contains(f.Answers, v):
			return nil, fmt.Errorf("%s must be one of the offered answers", f.Field)
		}
	}
	for name, v := range fields {
		if utf8.RuneCountInString(v) > 128 && name != "questionsAndComments" {
			return nil, fmt.Errorf("%s must not exceed 128 characters", name)
		}
	}
	if !questions {
		return nil, nil
	}
	return checkResponses(wb, responses)
}

func checkResponses(wb *Webinar, responses []responseIn) ([]Response, error) {
	var out []Response
	answered := map[int64]bool{}
	for _, in := range responses {
		if in.QuestionKey == nil {
			return nil, fmt.Errorf("responses: questionKey is required")
		}
		i := slices.IndexFunc(wb.Questions, func(q Question) bool { return q.Key == int64(*in.QuestionKey) })
		if i < 0 {
			return nil, fmt.Errorf("responses: unknown questionKey %d", *in.QuestionKey)
		}
		q := wb.Questions[i]
		resp := Response{QuestionKey: q.Key}
		if q.Type == "shortAnswer" {
			if utf8.RuneCountInString(in.ResponseText) > q.MaxSize {
				return nil, fmt.Errorf("responses: answer to question %d exceeds %d characters", q.Key, q.MaxSize)
			}
			resp.ResponseText = in.ResponseText
			answered[q.Key] = strings.TrimSpace(in.ResponseText) != ""
		} else {
			if !slices.ContainsFunc(q.Answers, func(a Answer) bool { return a.Key == int64(in.AnswerKey) }) {
				return nil, fmt.Errorf("responses: answerKey %d is not an answer of question %d", in.AnswerKey, q.Key)
			}
			resp.AnswerKey = int64(in.AnswerKey)
			answered[q.Key] = true
		}
		out = append(out, resp)
	}
	for _, q := range wb.Questions {
		if q.Required && !answered[q.Key] {
			return nil, fmt.Errorf("the required question %q is not answered", q.Text)
		}
	}
	return out, nil
}

// listRegistrants serves GET .../registrants: a bare array unless page or
// limit is present, then the data/total/page/limit/pageSize envelope.
func (s *Server) listRegistrants(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	page, limit, paged, ok := s.pageB(w, r)
	if !ok {
		return
	}
	items := []registrantJSON{}
	for _, reg := range s.sortedRegistrants(wb.Key) {
		items = append(items, registrantItem(reg))
	}
	if !paged {
		writeJSON(w, http.StatusOK, items)
		return
	}
	writePageB(w, items, page, limit)
}

func (s *Server) sortedRegistrants(webinarKey int64) []*Registrant {
	list := slices.Clone(s.st.registrants[webinarKey])
	slices.SortStableFunc(list, func(a, b *Registrant) int {
		return a.RegistrationDate.Compare(b.RegistrationDate)
	})
	return list
}

// registrantOf resolves {registrantKey} within a webinar.
func (s *Server) registrantOf(w http.ResponseWriter, r *http.Request, wb *Webinar) *Registrant {
	k, ok := s.pathKey(w, r, "registrantKey")
	if !ok {
		return nil
	}
	reg := s.st.registrant(wb.Key, k)
	if reg == nil {
		s.notFound(w, "Registrant")
	}
	return reg
}

// getRegistrant serves GET .../registrants/{registrantKey}.
func (s *Server) getRegistrant(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	if reg := s.registrantOf(w, r, wb); reg != nil {
		writeJSON(w, http.StatusOK, registrantDetailed(reg, wb))
	}
}

// deleteRegistrant serves DELETE .../registrants/{registrantKey}; only
// webinars that have not ended accept it.
func (s *Server) deleteRegistrant(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	reg := s.registrantOf(w, r, wb)
	if reg == nil {
		return
	}
	if wb.ended(s.opts.Now()) {
		s.badRequest(w, "registrants of a past webinar cannot be deleted")
		return
	}
	s.st.registrants[wb.Key] = slices.DeleteFunc(s.st.registrants[wb.Key], func(x *Registrant) bool { return x == reg })
	w.WriteHeader(http.StatusNoContent)
}

// registrationFields serves GET .../registrants/fields.
func (s *Server) registrationFields(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if wb := s.webinarOf(w, r, who); wb != nil {
		writeJSON(w, http.StatusOK, registrationFieldsJSON(wb))
	}
}
