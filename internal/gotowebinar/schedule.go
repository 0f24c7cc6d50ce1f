package gotowebinar

import (
	"context"
	"net/http"
	"time"
)

// BrokerWebinar is a webinar currently in session (schema BrokerWebinar).
type BrokerWebinar struct {
	WebinarKey          Key                 `json:"webinarKey"`
	WebinarID           string              `json:"webinarID"`
	OrganizerKey        Key                 `json:"organizerKey"`
	Subject             string              `json:"subject"`
	Description         string              `json:"description"`
	Times               []DateTimeRange     `json:"times"`
	TimeZone            string              `json:"timeZone"`
	RegistrationURL     string              `json:"registrationUrl"`
	ExperienceType      string              `json:"experienceType"`
	NumberOfRegistrants int                 `json:"numberOfRegistrants"`
	InSession           bool                `json:"inSession"`
	Impromptu           bool                `json:"impromptu"`
	IsOndemand          bool                `json:"isOndemand"`
	OrganizerEmail      string              `json:"organizerEmail"`
	OrganizerName       string              `json:"organizerName"`
	Coorganizers        []BrokerCoorganizer `json:"coorganizers"`
}

// BrokerCoorganizer is a co-organizer of an in-session webinar.
type BrokerCoorganizer struct {
	Email        string `json:"email"`
	OrganizerKey Key    `json:"organizerKey"`
}

// CopyWebinarRequest is the body of PUT /webinars/{webinarKey}/copy (schema CopyWebinar).
type CopyWebinarRequest struct {
	Subject           string          `json:"subject,omitempty"`
	Description       string          `json:"description,omitempty"`
	Type              string          `json:"type,omitempty"`
	RecordingAssetKey string          `json:"recordingAssetKey,omitempty"`
	IsOndemand        bool            `json:"isOndemand,omitempty"`
	Locale            string          `json:"locale,omitempty"`
	EmailSettings     *EmailSettings  `json:"emailSettings,omitempty"`
	Times             []DateTimeRange `json:"times,omitempty"`
	TimeZone          string          `json:"timeZone,omitempty"`
}

// CopiedWebinar is the answer to a copy.
type CopiedWebinar struct {
	WebinarKey Key `json:"webinarKey"`
}

// InSessionWebinars lists webinars in session; zero from/to are omitted, which asks for
// all of them. GET /organizers/{organizerKey}/insessionWebinars
func (c *Client) InSessionWebinars(ctx context.Context, organizerKey Key, from, to time.Time) ([]BrokerWebinar, error) {
	return getJSON[[]BrokerWebinar](ctx, c, "list in-session webinars", c.apiURL(timeRange(from, to), "organizers", organizerKey, "insessionWebinars"))
}

// MeetingTimes lists the scheduled intervals of a webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/meetingtimes
func (c *Client) MeetingTimes(ctx context.Context, organizerKey, webinarKey Key) ([]DateTimeRange, error) {
	return getJSON[[]DateTimeRange](ctx, c, "get meeting times", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "meetingtimes"))
}

// StartURL returns the URL that starts the webinar as organizer.
// GET /webinars/{webinarKey}/startUrl
func (c *Client) StartURL(ctx context.Context, webinarKey Key) (string, error) {
	var out struct {
		StartURL string `json:"startUrl"`
	}
	cl := newCall("get start url", http.MethodGet, c.apiURL(nil, "webinars", webinarKey, "startUrl"), nil)
	if err := c.do(ctx, cl, &out); err != nil {
		return "", err
	}
	return out.StartURL, nil
}

// CopyWebinar creates a new webinar from an existing one. Although it is a PUT it
// creates something, so it is not retried after a possibly delivered attempt.
// PUT /webinars/{webinarKey}/copy
func (c *Client) CopyWebinar(ctx context.Context, webinarKey Key, req CopyWebinarRequest) (*CopiedWebinar, error) {
	var out CopiedWebinar
	cl := newCall("copy webinar", http.MethodPut, c.apiURL(nil, "webinars", webinarKey, "copy"), req)
	cl.idempotent = false
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
