package fake

import (
	"strings"
	"time"
)

// rangeJSON is DateTimeRange.
type rangeJSON struct {
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
}

// webinarItemJSON is Webinar, the list item of #1 and #2: keys as strings.
type webinarItemJSON struct {
	WebinarKey          string      `json:"webinarKey"`
	WebinarID           string      `json:"webinarID"`
	OrganizerKey        string      `json:"organizerKey"`
	AccountKey          string      `json:"accountKey"`
	Subject             string      `json:"subject"`
	Description         string      `json:"description"`
	Times               []rangeJSON `json:"times"`
	TimeZone            string      `json:"timeZone"`
	Locale              string      `json:"locale"`
	ApprovalType        string      `json:"approvalType"`
	RegistrationURL     string      `json:"registrationUrl"`
	Impromptu           bool        `json:"impromptu"`
	IsPasswordProtected bool        `json:"isPasswordProtected"`
	RecurrenceType      string      `json:"recurrenceType"`
	ExperienceType      string      `json:"experienceType"`
}

// webinarByKeyJSON is WebinarByKey (#5): webinarKey and organizerKey are
// numbers, accountKey a string.
type webinarByKeyJSON struct {
	WebinarKey          int64       `json:"webinarKey"`
	WebinarID           string      `json:"webinarID"`
	Subject             string      `json:"subject"`
	Description         string      `json:"description"`
	OrganizerKey        int64       `json:"organizerKey"`
	OrganizerEmail      string      `json:"organizerEmail"`
	OrganizerName       string      `json:"organizerName"`
	Times               []rangeJSON `json:"times"`
	RegistrationURL     string      `json:"registrationUrl"`
	InSession           bool        `json:"inSession"`
	Impromptu           bool        `json:"impromptu"`
	Type                string      `json:"type"`
	TimeZone            string      `json:"timeZone"`
	NumberOfRegistrants int         `json:"numberOfRegistrants"`
	RegistrationLimit   int         `json:"registrationLimit"`
	Locale              string      `json:"locale"`
	AccountKey          string      `json:"accountKey"`
	RecurrencePeriod    string      `json:"recurrencePeriod"`
	ExperienceType      string      `json:"experienceType"`
	IsPasswordProtected bool        `json:"isPasswordProtected"`
}

// brokerCoorganizerJSON is the co-organizer entry of BrokerWebinar.
type brokerCoorganizerJSON struct {
	Email        string `json:"email"`
	OrganizerKey int64  `json:"organizerKey"`
}

// brokerWebinarJSON is BrokerWebinar (#4): keys as numbers.
type brokerWebinarJSON struct {
	NumberOfRegistrants int                     `json:"numberOfRegistrants"`
	Times               []rangeJSON             `json:"times"`
	Description         string                  `json:"description"`
	Subject             string                  `json:"subject"`
	InSession           bool                    `json:"inSession"`
	OrganizerKey        int64                   `json:"organizerKey"`
	WebinarKey          int64                   `json:"webinarKey"`
	WebinarID           string                  `json:"webinarID"`
	TimeZone            string                  `json:"timeZone"`
	RegistrationURL     string                  `json:"registrationUrl"`
	ExperienceType      string                  `json:"experienceType"`
	Coorganizers        []brokerCoorganizerJSON `json:"coorganizers"`
	OrganizerEmail      string                  `json:"organizerEmail"`
	OrganizerName       string                  `json:"organizerName"`
	Impromptu           bool                    `json:"impromptu"`
	IsOndemand          bool                    `json:"isOndemand"`
}

func rangesJSON(ts []TimeRange) []rangeJSON {
	out := make([]rangeJSON, len(ts))
	for i, t := range ts {
		out[i] = rangeJSON{StartTime: formatTime(t.Start), EndTime: formatTime(t.End)}
	}
	return out
}

func registrationURL(w *Webinar) string {
	return "https://attendee.gotowebinar.com/register/" + keyString(w.Key)
}

func webinarItem(w *Webinar) webinarItemJSON {
	return webinarItemJSON{
		WebinarKey: keyString(w.Key), WebinarID: w.WebinarID,
		OrganizerKey: keyString(w.OrganizerKey), AccountKey: keyString(w.AccountKey),
		Subject: w.Subject, Description: w.Description, Times: rangesJSON(w.Times),
		TimeZone: w.TimeZone, Locale: w.Locale, ApprovalType: w.ApprovalType,
		RegistrationURL: registrationURL(w), Impromptu: w.Impromptu,
		IsPasswordProtected: w.IsPasswordProtected, RecurrenceType: w.RecurrenceType,
		ExperienceType: w.ExperienceType,
	}
}

// futureTimes is what WebinarByKey lists for a sequence: the times still
// ahead, or all of them once the sequence is over.
func futureTimes(w *Webinar, now time.Time) []TimeRange {
	if w.RecurrenceType != "sequence" {
		return w.Times
	}
	var out []TimeRange
	for _, t := range w.Times {
		if now.Before(t.End) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return w.Times
	}
	return out
}

func (s *Server) webinarByKey(w *Webinar) webinarByKeyJSON {
	o := s.st.organizer(w.OrganizerKey)
	now := s.opts.Now()
	return webinarByKeyJSON{
		WebinarKey: w.Key, WebinarID: w.WebinarID, Subject: w.Subject, Description: w.Description,
		OrganizerKey: w.OrganizerKey, OrganizerEmail: o.Email,
		OrganizerName: strings.TrimSpace(o.FirstName + " " + o.LastName),
		Times:         rangesJSON(futureTimes(w, now)), RegistrationURL: registrationURL(w),
		InSession: w.inSession(now), Impromptu: w.Impromptu, Type: w.RecurrenceType,
		TimeZone: w.TimeZone, NumberOfRegistrants: len(s.st.registrants[w.Key]),
		RegistrationLimit: w.RegistrationLimit, Locale: w.Locale, AccountKey: keyString(w.AccountKey),
		RecurrencePeriod: w.RecurrencePeriod, ExperienceType: w.ExperienceType,
		IsPasswordProtected: w.IsPasswordProtected,
	}
}

func (s *Server) brokerWebinar(w *Webinar) brokerWebinarJSON {
	o := s.st.organizer(w.OrganizerKey)
	co := []brokerCoorganizerJSON{}
	for _, c := range s.st.coorganizers[w.Key] {
		co = append(co, brokerCoorganizerJSON{Email: c.Email, OrganizerKey: c.MemberKey})
	}
	return brokerWebinarJSON{
		NumberOfRegistrants: len(s.st.registrants[w.Key]), Times: rangesJSON(w.Times),
		Description: w.Description, Subject: w.Subject, InSession: w.inSession(s.opts.Now()),
		OrganizerKey: w.OrganizerKey, WebinarKey: w.Key, WebinarID: w.WebinarID,
		TimeZone: w.TimeZone, RegistrationURL: registrationURL(w), ExperienceType: w.ExperienceType,
		Coorganizers: co, OrganizerEmail: o.Email,
		OrganizerName: strings.TrimSpace(o.FirstName + " " + o.LastName),
		Impromptu:     w.Impromptu, IsOndemand: w.IsOndemand,
	}
}
