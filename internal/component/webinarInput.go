package component

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// Input helpers of the webinar functions: strict reading of the message
// body, so that nothing a user maps is silently dropped.

// webinarTimes reads the schedule of a webinar: the array times of
// {startTime, endTime}, or the pair startTime/endTime for one session.
// It returns nil when neither is given.
func webinarTimes(k *call) ([]gotowebinar.DateTimeRange, error) {
	raw, hasTimes := k.value("times")
	start, hasStart := k.value("startTime")
	end, hasEnd := k.value("endTime")
	if hasTimes && (hasStart || hasEnd) {
		return nil, invalidField("times", "send either times or startTime and endTime, not both")
	}
	if hasStart || hasEnd {
		r, err := parseRange("", map[string]any{"startTime": start, "endTime": end})
		return []gotowebinar.DateTimeRange{r}, err
	}
	if !hasTimes {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, invalidField("times", "must be an array of {startTime, endTime} objects")
	}
	if len(list) == 0 {
		return nil, invalidField("times", "must hold at least one {startTime, endTime}")
	}
	out := make([]gotowebinar.DateTimeRange, 0, len(list))
	for i, item := range list {
		r, err := parseRange(fmt.Sprintf("times[%d].", i), item)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// parseRange reads one {startTime, endTime} object; prefix names it in
// errors ("times[0]." or "" for top-level fields).
func parseRange(prefix string, v any) (gotowebinar.DateTimeRange, error) {
	var r gotowebinar.DateTimeRange
	m, ok := v.(map[string]any)
	if !ok {
		return r, invalidField(strings.TrimSuffix(prefix, "."), "must be an object {startTime, endTime}")
	}
	for name := range m {
		if name != "startTime" && name != "endTime" {
			return r, invalidField(prefix+name, "is not part of a time range (startTime, endTime)")
		}
	}
	var err error
	if r.StartTime, err = instant(prefix+"startTime", m["startTime"]); err != nil {
		return r, err
	}
	if r.EndTime, err = instant(prefix+"endTime", m["endTime"]); err != nil {
		return r, err
	}
	if !r.EndTime.After(r.StartTime) {
		return r, invalidField(prefix+"endTime", "must be after startTime")
	}
	return r, nil
}

// instant reads a required RFC 3339 date-time.
func instant(name string, v any) (time.Time, error) {
	s, _ := v.(string)
	s = strings.TrimSpace(s)
	if s == "" {
		if empty(v) {
			return time.Time{}, missingField(name)
		}
		return time.Time{}, invalidField(name, fmt.Sprintf("must be an ISO 8601 date-time string, not %T", v))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalidField(name, fmt.Sprintf("%q is not an ISO 8601 date-time such as 2026-01-02T15:04:05Z", s))
	}
	return t.UTC(), nil
}

// emailSettings reads the optional emailSettings object strictly.
func emailSettings(k *call) (*gotowebinar.EmailSettings, error) {
	v, ok := k.value("emailSettings")
	if !ok {
		return nil, nil
	}
	if _, isObj := v.(map[string]any); !isObj {
		return nil, invalidField("emailSettings", "must be an object such as {\"reminderEmail\": {\"enabled\": false}}")
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, invalidField("emailSettings", err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s gotowebinar.EmailSettings
	if err := dec.Decode(&s); err != nil {
		return nil, invalidField("emailSettings", "takes confirmationEmail, reminderEmail, absenteeFollowUpEmail {enabled} and attendeeFollowUpEmail {enabled, includeCertificate}: "+err.Error())
	}
	return &s, nil
}

// oneOf reads an optional field restricted to the API's enum.
func oneOf(k *call, name string, values ...string) (string, error) {
	s := k.str(name)
	if s == "" || slices.Contains(values, s) {
		return s, nil
	}
	return "", invalidField(name, fmt.Sprintf("%q is not one of %s", s, strings.Join(values, ", ")))
}

// optionalBool reads a three-state boolean: nil when absent.
func optionalBool(k *call, name string) (*bool, error) {
	v, ok := k.value(name)
	if !ok {
		return nil, nil
	}
	b, ok := parseBool(v)
	if !ok {
		return nil, invalidField(name, fmt.Sprintf("%q is not true or false", fmt.Sprint(v)))
	}
	return &b, nil
}

// Enums of the webinar schemas.
var (
	webinarTypes    = []string{"single_session", "series", "sequence"}
	experienceTypes = []string{"CLASSIC", "BROADCAST", "SIMULIVE"}
	webinarLocales  = []string{"en_US", "de_DE", "es_ES", "fr_FR", "it_IT", "zh_CN"}
	recurrences     = []string{"daily", "weekly", "monthly"}
)

// unmarshalExact decodes JSON keeping numbers as json.Number.
func unmarshalExact(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// strictFlag reads an optional boolean, false when absent; a value that is
// not a boolean is an error rather than false.
func strictFlag(k *call, name string) (bool, error) {
	b, err := optionalBool(k, name)
	return b != nil && *b, err
}
