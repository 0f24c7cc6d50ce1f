package fake

import (
	"fmt"
	"strings"
	"time"
)

// Sizes of the seeded data set.
const (
	seedSingles    = 220 // single sessions of the main organizer
	seedLargeCount = 250 // registrants of the "large" webinar, > one page
)

var (
	seedTopics = []string{"Quarterly update", "Product deep dive", "Customer stories", "Onboarding basics",
		"Security briefing", "Release preview", "Partner summit", "Office hours"}
	seedZones  = []string{"Europe/Berlin", "America/New_York", "America/Los_Angeles", "Europe/Rome", "Asia/Tokyo"}
	seedFirst  = []string{"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus"}
	seedLast   = []string{"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth"}
	industries = []string{"Software", "Manufacturing", "Education", "Healthcare", "Other"}
)

// seeder builds the deterministic data set; every random choice comes from
// the store's seeded generator and every date is relative to base.
type seeder struct {
	st           *store
	base         time.Time // now, truncated to the hour
	main, second *Organizer
	people       int // registrants created so far, for distinct names
}

func populate(st *store, now time.Time, data bool) {
	sd := &seeder{st: st, base: now.Truncate(time.Hour)}
	account := st.newKey()
	sd.main = &Organizer{Key: st.newKey(), AccountKey: account, Email: "ada.organizer@example.com",
		FirstName: "Ada", LastName: "Organizer", Locale: "en_US", TimeZone: "Europe/Berlin",
		CreateTime: sd.base.AddDate(-3, 0, 0).Add(1234 * time.Millisecond)}
	sd.second = &Organizer{Key: st.newKey(), AccountKey: account, Email: "grace.host@example.com",
		FirstName: "Grace", LastName: "Host", Locale: "de_DE", TimeZone: "America/New_York",
		CreateTime: sd.base.AddDate(-2, 0, 0).Add(567 * time.Millisecond)}
	st.organizers = []*Organizer{sd.main, sd.second}
	if data {
		sd.mainWebinars()
		sd.specialWebinars()
		sd.secondWebinars()
	}
}

// day returns 15:00 UTC on the day d days from base.
func (sd *seeder) day(d int) time.Time {
	y, m, dd := sd.base.Date()
	return time.Date(y, m, dd, 15, 0, 0, 0, time.UTC).AddDate(0, 0, d)
}

func (sd *seeder) mainWebinars() {
	for i := range seedSingles {
		d := -363 + i*726/(seedSingles-1)
		if d >= -1 && d <= 1 { // keep clear of now: only the dedicated webinar is live
			d = 2
		}
		dur := time.Hour
		if i%3 == 0 {
			dur = 90 * time.Minute
		}
		start := sd.day(d)
		wb := sd.webinar(sd.main, fmt.Sprintf("%s #%d", seedTopics[i%len(seedTopics)], i+1), "single_session",
			[]TimeRange{{Start: start, End: start.Add(dur)}})
		wb.TimeZone = seedZones[i%len(seedZones)]
		if i%7 == 3 {
			wb.ApprovalType = "MANUAL"
		}
		switch {
		case i%11 == 5:
			wb.ExperienceType = "BROADCAST"
		case i%13 == 7:
			wb.ExperienceType = "SIMULIVE"
		}
		sd.form(wb, i%3)
		sd.register(wb, i%6+1)
		if i%5 == 0 {
			sd.panelists(wb)
		}
		if i%10 == 0 {
			sd.coorganizers(wb)
		}
		sd.sessions(wb)
		if i%9 == 0 && wb.ended(sd.base) {
			sd.recording(wb)
		}
	}
}

// specialWebinars adds one webinar in session now, a large upcoming one,
// two series and two sequences.
func (sd *seeder) specialWebinars() {
	live := sd.webinar(sd.main, "Live now: ask me anything", "single_session",
		[]TimeRange{{Start: sd.base.Add(-time.Hour), End: sd.base.Add(2 * time.Hour)}})
	sd.register(live, 4)

	large := sd.webinar(sd.main, "Product launch (large audience)", "single_session",
		[]TimeRange{{Start: sd.day(10), End: sd.day(10).Add(2 * time.Hour)}})
	sd.register(large, seedLargeCount)

	for _, start := range []int{-40, 20} {
		recurrence := sd.st.newKey()
		for k := range 3 {
			t := sd.day(start + 7*k)
			wb := sd.webinar(sd.main, fmt.Sprintf("Training series part %d", k+1), "series", []TimeRange{{Start: t, End: t.Add(time.Hour)}})
			wb.RecurrenceKey = recurrence
			sd.form(wb, 1)
			sd.register(wb, 3)
			sd.sessions(wb)
		}
	}
	for n, start := range []int{-14, 15} {
		var times []TimeRange
		for k := range 4 {
			t := sd.day(start + 7*k)
			times = append(times, TimeRange{Start: t, End: t.Add(45 * time.Minute)})
		}
		wb := sd.webinar(sd.main, fmt.Sprintf("Weekly clinic %d", n+1), "sequence", times)
		wb.RecurrencePeriod = "weekly"
		sd.form(wb, 0)
		sd.register(wb, 5)
		sd.sessions(wb)
	}
}

func (sd *seeder) secondWebinars() {
	for i, d := range []int{-30, -5, 12, 40, 90} {
		wb := sd.webinar(sd.second, fmt.Sprintf("Host's session %d", i+1), "single_session",
			[]TimeRange{{Start: sd.day(d), End: sd.day(d).Add(time.Hour)}})
		wb.TimeZone = sd.second.TimeZone
		sd.register(wb, 2)
		sd.sessions(wb)
	}
}

func (sd *seeder) webinar(o *Organizer, subject, kind string, times []TimeRange) *Webinar {
	wb := &Webinar{
		Key: sd.st.newKey(), WebinarID: sd.st.newWebinarID(), OrganizerKey: o.Key, AccountKey: o.AccountKey,
		Subject: subject, Description: "Seeded webinar: " + strings.ToLower(subject), Times: times,
		TimeZone: o.TimeZone, Locale: o.Locale, ApprovalType: "AUTOMATIC", RecurrenceType: kind,
		RecurrencePeriod: "never", ExperienceType: "CLASSIC", RegistrationLimit: 1000, Fields: defaultFields(),
	}
	sd.st.webinars[wb.Key] = wb
	return wb
}

// form sets the registration form: variant 0 has required fields and
// questions, 1 optional questions only, 2 the default form.
func (sd *seeder) form(wb *Webinar, variant int) {
	switch variant {
	case 0:
		wb.Fields = append(wb.Fields,
			RegistrationField{Field: "organization", Required: true, MaxSize: 128},
			RegistrationField{Field: "industry", MaxSize: 128, Answers: industries},
			RegistrationField{Field: "jobTitle", MaxSize: 128})
		wb.Questions = []Question{
			{Key: sd.st.newKey(), Text: "What do you hope to learn?", Type: "shortAnswer", Required: true, MaxSize: 1000},
			{Key: sd.st.newKey(), Text: "How did you hear about us?", Type: "multipleChoice", Required: true, MaxSize: 128,
				Answers: []Answer{{sd.st.newKey(), "Email"}, {sd.st.newKey(), "Social media"}, {sd.st.newKey(), "A colleague"}}},
			{Key: sd.st.newKey(), Text: "Anything else?", Type: "shortAnswer", MaxSize: 256},
		}
	case 1:
		wb.Fields = append(wb.Fields, RegistrationField{Field: "phone", MaxSize: 64})
		wb.Questions = []Question{
			{Key: sd.st.newKey(), Text: "Your experience level?", Type: "multipleChoice", MaxSize: 128,
				Answers: []Answer{{sd.st.newKey(), "Beginner"}, {sd.st.newKey(), "Advanced"}}},
		}
	}
}

// register registers n seeded registrants, answering every question.
func (sd *seeder) register(wb *Webinar, n int) {
	start := wb.firstStart()
	if sd.base.Before(start) {
		start = sd.base
	}
	for k := range n {
		sd.people++
		first, last := seedFirst[sd.people%len(seedFirst)], seedLast[(sd.people/len(seedFirst))%len(seedLast)]
		reg := &Registrant{
			Key: sd.st.newKey(), WebinarKey: wb.Key, FirstName: first, LastName: last,
			Email:  fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), sd.people),
			Status: "APPROVED", JoinURL: sd.st.joinURL(wb.Key), TimeZone: wb.TimeZone,
			RegistrationDate: start.Add(-time.Duration(n-k) * 37 * time.Minute),
			Fields:           map[string]string{"source": "seed"},
		}
		if wb.ApprovalType == "MANUAL" && k%2 == 1 {
			reg.Status = "WAITING"
		}
		for _, f := range wb.Fields {
			if f.Field == "organization" {
				reg.Fields["organization"] = "Example Corp " + fmt.Sprint(sd.people%17)
			}
		}
		for _, q := range wb.Questions {
			if q.Type == "shortAnswer" {
				reg.Responses = append(reg.Responses, Response{QuestionKey: q.Key, ResponseText: "Seeded answer " + fmt.Sprint(k)})
			} else {
				reg.Responses = append(reg.Responses, Response{QuestionKey: q.Key, AnswerKey: q.Answers[sd.st.rng.IntN(len(q.Answers))].Key})
			}
		}
		sd.st.registrants[wb.Key] = append(sd.st.registrants[wb.Key], reg)
	}
}

func (sd *seeder) panelists(wb *Webinar) {
	for k, name := range []string{"Pat Panel", "Sam Speaker"} {
		p := &Panelist{Key: sd.st.newKey(), Name: name, Email: fmt.Sprintf("panelist%d.%s@example.com", k+1, wb.WebinarID)}
		p.JoinLink = "https://global.gotowebinar.com/join/" + keyString(wb.Key) + "/panelist/" + keyString(p.Key)
		sd.st.panelists[wb.Key] = append(sd.st.panelists[wb.Key], p)
	}
}

func (sd *seeder) coorganizers(wb *Webinar) {
	link := "https://global.gotowebinar.com/join/" + keyString(wb.Key) + "/co/"
	in := &Coorganizer{MemberKey: sd.second.Key, GivenName: sd.second.FirstName, Surname: sd.second.LastName,
		Email: sd.second.Email, JoinLink: link + keyString(sd.second.Key)}
	ext := &Coorganizer{MemberKey: sd.st.newKey(), GivenName: "Eve External", Email: "eve.external@example.org", External: true}
	ext.JoinLink = link + keyString(ext.MemberKey)
	sd.st.coorganizers[wb.Key] = append(sd.st.coorganizers[wb.Key], in, ext)
}

func (sd *seeder) recording(wb *Webinar) {
	sd.st.assets = append(sd.st.assets, &RecordingAsset{
		Key: sd.st.newKey(), Name: "Recording of " + wb.Subject, CreateTime: wb.Times[0].End.Add(20 * time.Minute),
		CreatorKey: wb.OrganizerKey, AccountKey: wb.AccountKey, WebinarKey: wb.Key, ReferenceCnt: 1,
	})
}
