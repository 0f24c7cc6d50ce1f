package fake

import (
	"net/http"
	"regexp"
	"slices"
)

type accessCodesJSON struct {
	Organizer int `json:"organizer"`
	Panelist  int `json:"panelist"`
	Attendee  int `json:"attendee"`
}

type confNumberJSON struct {
	Toll        string          `json:"toll,omitempty"`
	TollFree    string          `json:"tollFree,omitempty"`
	AccessCodes accessCodesJSON `json:"accessCodes"`
}

type privateInfoJSON struct {
	Attendee  string `json:"attendee"`
	Organizer string `json:"organizer,omitempty"`
	Panelist  string `json:"panelist,omitempty"`
}

// audioJSON is Audio.
type audioJSON struct {
	Type            string                    `json:"type"`
	ConfCallNumbers map[string]confNumberJSON `json:"confCallNumbers,omitempty"`
	PrivateInfo     *privateInfoJSON          `json:"privateInfo,omitempty"`
}

var (
	tollCountries = []string{"AT", "AU", "BE", "CA", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "NL", "NO", "NZ", "SE", "US"}
	countryCode   = regexp.MustCompile(`^[A-Z]{2}$`)
)

func accessCodes(wb *Webinar) accessCodesJSON {
	base := int(wb.Key % 100_000_000)
	return accessCodesJSON{Organizer: 100_000_000 + base, Panelist: 200_000_000 + base/2, Attendee: 300_000_000 + base/3}
}

// defaultAudio is the hybrid audio GoTo sets up for a new webinar.
func defaultAudio(wb *Webinar) audioJSON {
	return audioJSON{Type: "Hybrid", ConfCallNumbers: map[string]confNumberJSON{
		"US": {Toll: "+1 (562) 247-8422", TollFree: "+1 (888) 555-0134", AccessCodes: accessCodes(wb)},
	}}
}

// getAudio serves GET .../audio.
func (s *Server) getAudio(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	a, ok := s.st.audio[wb.Key]
	if !ok {
		a = defaultAudio(wb)
	}
	writeJSON(w, http.StatusOK, a)
}

type audioIn struct {
	Type     string `json:"type"`
	PstnInfo *struct {
		TollCountries     []string `json:"tollCountries"`
		TollFreeCountries []string `json:"tollFreeCountries"`
	} `json:"pstnInfo"`
	PrivateInfo *privateInfoJSON `json:"privateInfo"`
}

// updateAudio serves POST .../audio (AudioUpdate): 204.
func (s *Server) updateAudio(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.webinarOf(w, r, who)
	if wb == nil {
		return
	}
	if _, err := queryBool(r, "notifyParticipants", false); err != nil {
		s.badRequest(w, "invalid notifyParticipants")
		return
	}
	var in audioIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	out := audioJSON{Type: in.Type}
	switch in.Type {
	case "VOIP":
	case "Private":
		if in.PrivateInfo == nil || in.PrivateInfo.Attendee == "" {
			s.badRequest(w, "privateInfo.attendee is required for Private audio")
			return
		}
		out.PrivateInfo = in.PrivateInfo
	case "PSTN", "Hybrid":
		if in.PstnInfo == nil || len(in.PstnInfo.TollCountries)+len(in.PstnInfo.TollFreeCountries) == 0 {
			s.badRequest(w, "pstnInfo needs at least one toll or toll-free country")
			return
		}
		out.ConfCallNumbers = map[string]confNumberJSON{}
		for _, c := range in.PstnInfo.TollCountries {
			if !slices.Contains(tollCountries, c) {
				s.badRequest(w, "unsupported toll country %q", c)
				return
			}
			n := out.ConfCallNumbers[c]
			n.Toll, n.AccessCodes = "+"+c+" 555 0100", accessCodes(wb)
			out.ConfCallNumbers[c] = n
		}
		for _, c := range in.PstnInfo.TollFreeCountries {
			if !countryCode.MatchString(c) {
				s.badRequest(w, "unsupported toll-free country %q", c)
				return
			}
			n := out.ConfCallNumbers[c]
			n.TollFree, n.AccessCodes = "+"+c+" 800 0100", accessCodes(wb)
			out.ConfCallNumbers[c] = n
		}
	default:
		s.badRequest(w, "type must be PSTN, VOIP, Hybrid or Private")
		return
	}
	s.st.audio[wb.Key] = out
	w.WriteHeader(http.StatusNoContent)
}
