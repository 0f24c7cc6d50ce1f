package fake

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits GoTo documents for webinar fields.
const (
	maxSubject     = 128
	maxDescription = 2048
	maxOccurrences = 100 // sequences; GoTo's cap is undocumented
)

var (
	locales         = []string{"en_US", "de_DE", "es_ES", "fr_FR", "it_IT", "zh_CN"}
	recurrenceTypes = []string{"single_session", "series", "sequence"}
	experienceTypes = []string{"CLASSIC", "BROADCAST", "SIMULIVE"}
	// zoneName accepts IANA zone IDs without needing the zone database.
	zoneName = regexp.MustCompile(`^(UTC|GMT|[A-Za-z_]+(/[A-Za-z0-9_+\-]+)+)$`)
)

// rangeIn is a DateTimeRange as sent; pointers tell missing from empty.
type rangeIn struct {
	StartTime *string `json:"startTime"`
	EndTime   *string `json:"endTime"`
}

// webinarIn is the union of WebinarReqCreate, WebinarReqUpdate and
// CopyWebinar.
type webinarIn struct {
	Subject             *string         `json:"subject"`
	Description         *string         `json:"description"`
	Times               []rangeIn       `json:"times"`
	TimeZone            *string         `json:"timeZone"`
	Type                string          `json:"type"`
	Locale              *string         `json:"locale"`
	IsPasswordProtected bool            `json:"isPasswordProtected"`
	RecordingAssetKey   string          `json:"recordingAssetKey"`
	IsOndemand          bool            `json:"isOndemand"`
	IsBreakout          bool            `json:"isBreakout"`
	ExperienceType      string          `json:"experienceType"`
	EmailSettings       json.RawMessage `json:"emailSettings"`
	RecurrenceStart     *rangeIn        `json:"recurrenceStart"`
	RecurrencePattern   string          `json:"recurrencePattern"`
	RecurrenceEnd       string          `json:"recurrenceEnd"`
}

// parseRange validates one DateTimeRange: both instants present, valid and
// the end after the start.
func parseRange(in rangeIn) (TimeRange, error) {
	if in.StartTime == nil || in.EndTime == nil || *in.StartTime == "" || *in.EndTime == "" {
		return TimeRange{}, fmt.Errorf("startTime and endTime are required")
	}
	start, err := parseInstant(*in.StartTime)
	if err != nil {
		return TimeRange{}, fmt.Errorf("invalid startTime %q", *in.StartTime)
	}
	end, err := parseInstant(*in.EndTime)
	if err != nil {
		return TimeRange{}, fmt.Errorf("invalid endTime %q", *in.EndTime)
	}
	if !end.After(start) {
		return TimeRange{}, fmt.Errorf("endTime must be after startTime")
	}
	return TimeRange{Start: start.UTC(), End: end.UTC()}, nil
}

func parseRanges(in []rangeIn) ([]TimeRange, error) {
	out := make([]TimeRange, 0, len(in))
	for _, r := range in {
		t, err := parseRange(r)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TimeRange) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// checkTimesFor enforces the number of times each recurrence type takes.
func checkTimesFor(kind string, times []TimeRange) error {
	switch {
	case len(times) == 0:
		return fmt.Errorf("times are required")
	case kind == "single_session" && len(times) != 1:
		return fmt.Errorf("a single_session webinar takes exactly one time")
	case kind == "series" && len(times) < 2:
		return fmt.Errorf("a series takes at least two times")
	}
	return nil
}

// sequenceTimes expands recurrenceStart/Pattern/End into the sequence's
// times, the end date included.
func sequenceTimes(in webinarIn) ([]TimeRange, error) {
	first, err := parseRange(*in.RecurrenceStart)
	if err != nil {
		return nil, err
	}
	last, err := time.Parse(time.DateOnly, in.RecurrenceEnd)
	if err != nil {
		return nil, fmt.Errorf("recurrenceEnd must be a date YYYY-MM-DD")
	}
	step := map[string][3]int{"daily": {0, 0, 1}, "weekly": {0, 0, 7}, "monthly": {0, 1, 0}}[in.RecurrencePattern]
	if step == [3]int{} {
		return nil, fmt.Errorf("recurrencePattern must be daily, weekly or monthly")
	}
	limit := last.AddDate(0, 0, 1)
	var out []TimeRange
	for i := 0; ; i++ {
		t := TimeRange{Start: first.Start.AddDate(i*step[0], i*step[1], i*step[2]), End: first.End.AddDate(i*step[0], i*step[1], i*step[2])}
		if !t.Start.Before(limit) {
			break
		}
		if len(out) == maxOccurrences {
			return nil, fmt.Errorf("a sequence takes at most %d times", maxOccurrences)
		}
		out = append(out, t)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("recurrenceEnd leaves fewer than two times")
	}
	return out, nil
}

// checkText validates subject, description, timeZone and locale when set.
func checkText(in webinarIn) error {
	if in.Subject != nil {
		if strings.TrimSpace(*in.Subject) == "" {
			return fmt.Errorf("subject must not be empty")
		}
		if utf8.RuneCountInString(*in.Subject) > maxSubject {
			return fmt.Errorf("subject must not exceed %d characters", maxSubject)
		}
	}
	if in.Description != nil && utf8.RuneCountInString(*in.Description) > maxDescription {
		return fmt.Errorf("description must not exceed %d characters", maxDescription)
	}
	if in.TimeZone != nil && !zoneName.MatchString(*in.TimeZone) {
		return fmt.Errorf("invalid timeZone %q", *in.TimeZone)
	}
	if in.Locale != nil && !slices.Contains(locales, *in.Locale) {
		return fmt.Errorf("invalid locale %q", *in.Locale)
	}
	if len(in.EmailSettings) > 0 && in.EmailSettings[0] != '{' && string(in.EmailSettings) != "null" {
		return fmt.Errorf("emailSettings must be an object")
	}
	return nil
}

// newWebinarFrom validates a create body and returns the webinar(s) it
// describes, still without keys: several for a series.
func newWebinarFrom(in webinarIn, org *Organizer) ([]*Webinar, error) {
	if in.Subject == nil {
		return nil, fmt.Errorf("subject is required")
	}
	if err := checkText(in); err != nil {
		return nil, err
	}
	kind := in.Type
	if kind == "" {
		kind = "single_session"
	}
	if !slices.Contains(recurrenceTypes, kind) {
		return nil, fmt.Errorf("invalid type %q", in.Type)
	}
	exp := strings.ToUpper(in.ExperienceType)
	if exp == "" {
		exp = "CLASSIC"
	}
	if !slices.Contains(experienceTypes, exp) {
		return nil, fmt.Errorf("invalid experienceType %q", in.ExperienceType)
	}
	if exp == "SIMULIVE" && in.RecordingAssetKey == "" {
		return nil, fmt.Errorf("recordingAssetKey is required for a SIMULIVE webinar")
	}
	times, err := createTimes(kind, in)
	if err != nil {
		return nil, err
	}
	base := Webinar{
		OrganizerKey: org.Key, AccountKey: org.AccountKey, Subject: *in.Subject,
		TimeZone: org.TimeZone, Locale: org.Locale, ApprovalType: "AUTOMATIC",
		RecurrenceType: kind, RecurrencePeriod: "never", ExperienceType: exp,
		RegistrationLimit: 1000, IsPasswordProtected: in.IsPasswordProtected,
		IsOndemand: in.IsOndemand, IsBreakout: in.IsBreakout, Fields: defaultFields(),
	}
	if in.Description != nil {
		base.Description = *in.Description
	}
	if in.TimeZone != nil {
		base.TimeZone = *in.TimeZone
	}
	if in.Locale != nil {
		base.Locale = *in.Locale
	}
	if kind == "sequence" && in.RecurrencePattern != "" {
		base.RecurrencePeriod = in.RecurrencePattern
	}
	if kind != "series" {
		base.Times = times
		return []*Webinar{&base}, nil
	}
	out := make([]*Webinar, len(times))
	for i, t := range times {
		w := base.clone()
		w.Times = []TimeRange{t}
		out[i] = &w
	}
	return out, nil
}

func createTimes(kind string, in webinarIn) ([]TimeRange, error) {
	if kind == "sequence" && in.RecurrenceStart != nil {
		return sequenceTimes(in)
	}
	times, err := parseRanges(in.Times)
	if err != nil {
		return nil, err
	}
	if kind == "sequence" && len(times) < 2 {
		return nil, fmt.Errorf("a sequence takes recurrenceStart, recurrencePattern and recurrenceEnd, or at least two times")
	}
	return times, checkTimesFor(kind, times)
}

// defaultFields is the registration form of a new webinar.
func defaultFields() []RegistrationField {
	return []RegistrationField{
		{Field: "firstName", Required: true, MaxSize: 128},
		{Field: "lastName", Required: true, MaxSize: 128},
		{Field: "email", Required: true, MaxSize: 128},
	}
}
