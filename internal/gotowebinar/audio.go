package gotowebinar

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// Audio is a webinar's audio configuration (schema Audio).
type Audio struct {
	// Type is PSTN, VOIP, Hybrid or Private.
	Type string `json:"type"`
	// ConfCallNumbers is keyed by country code; absent for Private.
	ConfCallNumbers map[string]ConfCallNumber `json:"confCallNumbers,omitempty"`
	PrivateInfo     *PrivateAudio             `json:"privateInfo,omitempty"`
}

// ConfCallNumber holds the dial-in numbers of one country.
type ConfCallNumber struct {
	Toll        string      `json:"toll"`
	TollFree    string      `json:"tollFree,omitempty"`
	AccessCodes AccessCodes `json:"accessCodes"`
}

// AccessCodes are the per-role conference access codes.
type AccessCodes struct {
	Organizer Digits `json:"organizer"`
	Panelist  Digits `json:"panelist"`
	Attendee  Digits `json:"attendee"`
}

// Digits is a numeric code that GoTo may send as a JSON number or a string; it keeps
// the text exactly (leading zeros included) instead of converting it.
type Digits string

// UnmarshalJSON accepts a JSON string, number or null.
func (d *Digits) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = Digits(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*d = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*d = Digits(n)
	return nil
}

// PrivateAudio is the caller-supplied conference info of a Private audio type.
type PrivateAudio struct {
	Attendee  string `json:"attendee"`
	Organizer string `json:"organizer,omitempty"`
	Panelist  string `json:"panelist,omitempty"`
}

// AudioUpdate is the body of POST Wb/audio (schema AudioUpdate).
type AudioUpdate struct {
	Type        string        `json:"type"`
	PSTNInfo    *PSTNInfo     `json:"pstnInfo,omitempty"`
	PrivateInfo *PrivateAudio `json:"privateInfo,omitempty"`
}

// PSTNInfo selects the countries offering dial-in; at least one list must be set.
type PSTNInfo struct {
	TollCountries     []string `json:"tollCountries,omitempty"`
	TollFreeCountries []string `json:"tollFreeCountries,omitempty"`
}

// Audio fetches the audio configuration.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/audio
func (c *Client) Audio(ctx context.Context, organizerKey, webinarKey Key) (*Audio, error) {
	return getObject[Audio](ctx, c, "get audio", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "audio"))
}

// UpdateAudio replaces the audio configuration (204).
// POST /organizers/{organizerKey}/webinars/{webinarKey}/audio
func (c *Client) UpdateAudio(ctx context.Context, organizerKey, webinarKey Key, a AudioUpdate, notifyParticipants bool) error {
	q := url.Values{"notifyParticipants": {strconv.FormatBool(notifyParticipants)}}
	cl := newCall("update audio", http.MethodPost, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey, "audio"), a)
	return c.do(ctx, cl, nil)
}
