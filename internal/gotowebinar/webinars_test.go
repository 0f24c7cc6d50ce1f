package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

var (
	rangeFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rangeTo   = time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	// A local time whose UTC form is what GoTo must receive.
	berlin, _   = time.LoadLocation("Europe/Berlin")
	sessionTime = DateTimeRange{
		StartTime: time.Date(2026, 6, 15, 19, 0, 0, 0, berlin),
		EndTime:   time.Date(2026, 6, 15, 20, 0, 0, 0, berlin),
	}
	sessionTimeUTC = DateTimeRange{StartTime: ts("2026-06-15T17:00:00Z"), EndTime: ts("2026-06-15T18:00:00Z")}
)

const timesJSON = `[{"startTime":"2026-06-15T17:00:00Z","endTime":"2026-06-15T18:00:00Z"}]`

const webinarListItem = `{
	"webinarKey": "5620084814059709442", "webinarID": "123456789",
	"organizerKey": "1234567890123456789", "accountKey": "8876543210987654321",
	"subject": "Quarterly update", "description": "Roadmap",
	"times": ` + timesJSON + `,
	"timeZone": "America/Los_Angeles", "locale": "en_US", "approvalType": "AUTOMATIC",
	"registrationUrl": "https://attendee.gotowebinar.com/register/5620084814059709442",
	"impromptu": false, "isPasswordProtected": true,
	"recurrenceType": "single_session", "experienceType": "CLASSIC"}`

var webinarListWant = Webinar{
	WebinarKey: wbKey, WebinarID: "123456789", OrganizerKey: orgKey, AccountKey: accKey,
	Subject: "Quarterly update", Description: "Roadmap", Times: []DateTimeRange{sessionTimeUTC},
	TimeZone: "America/Los_Angeles", Locale: "en_US", ApprovalType: "AUTOMATIC",
	RegistrationURL:     "https://attendee.gotowebinar.com/register/5620084814059709442",
	IsPasswordProtected: true, RecurrenceType: "single_session", ExperienceType: "CLASSIC",
}

func rangeQuery(extra ...string) url.Values {
	q := url.Values{"fromTime": {"2026-01-01T00:00:00Z"}, "toTime": {"2026-12-31T23:59:59Z"}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

func TestWebinarEndpoints(t *testing.T) {
	t.Parallel()
	deleteAll := false
	runEndpointCases(t, []endpointCase{{
		name: "#1 account webinars", method: http.MethodGet, path: "/accounts/8876543210987654321/webinars",
		query: rangeQuery("page", "0", "size", "200"), status: 200,
		resp: `{"_embedded":{"webinars":[` + webinarListItem + `]},"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListAccountWebinars(ctx, accKey, rangeFrom, rangeTo)
		},
		want: []Webinar{webinarListWant},
	}, {
		name: "#2 organizer webinars", method: http.MethodGet, path: "/organizers/1234567890123456789/webinars",
		query: rangeQuery("page", "0", "size", "200"), status: 200,
		resp: `{"_embedded":{"webinars":[` + webinarListItem + `]},"_links":{"self":{"href":"x"}},"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListWebinars(ctx, orgKey, rangeFrom, rangeTo)
		},
		want: []Webinar{webinarListWant},
	}, {
		name: "#3 create webinar", method: http.MethodPost, path: "/organizers/1234567890123456789/webinars",
		body: `{"subject":"Quarterly update","description":"Roadmap","times":` + timesJSON + `,
			"timeZone":"Europe/Berlin","type":"single_session","experienceType":"CLASSIC","isOndemand":true,
			"emailSettings":{"confirmationEmail":{"enabled":true},"attendeeFollowUpEmail":{"enabled":true,"includeCertificate":true}}}`,
		status: 201, resp: `{"webinarKey":"5620084814059709442"}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateWebinar(ctx, orgKey, WebinarCreate{
				Subject: "Quarterly update", Description: "Roadmap", Times: []DateTimeRange{sessionTime},
				TimeZone: "Europe/Berlin", Type: "single_session", ExperienceType: "CLASSIC", IsOndemand: true,
				EmailSettings: &EmailSettings{
					ConfirmationEmail:     &EmailSetting{Enabled: true},
					AttendeeFollowUpEmail: &FollowUpEmailSetting{Enabled: true, IncludeCertificate: true},
				},
			})
		},
		want: &CreatedWebinar{WebinarKey: wbKey},
	}, {
		name: "#4 in-session webinars", method: http.MethodGet, path: "/organizers/1234567890123456789/insessionWebinars",
		status: 200,
		resp: `[{"numberOfRegistrants":3,"times":` + timesJSON + `,"description":"d","subject":"s","inSession":true,
			"organizerKey":1234567890123456789,"webinarKey":5620084814059709442,"webinarID":"123456789",
			"timeZone":"UTC","registrationUrl":"https://r","experienceType":"BROADCAST",
			"coorganizers":[{"email":"co@example.com","organizerKey":4234567890123456783}],
			"organizerEmail":"o@example.com","organizerName":"O N","impromptu":false,"isOndemand":false}]`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.InSessionWebinars(ctx, orgKey, time.Time{}, time.Time{})
		},
		want: []BrokerWebinar{{
			NumberOfRegistrants: 3, Times: []DateTimeRange{sessionTimeUTC}, Description: "d", Subject: "s", InSession: true,
			OrganizerKey: orgKey, WebinarKey: wbKey, WebinarID: "123456789", TimeZone: "UTC", RegistrationURL: "https://r",
			ExperienceType: "BROADCAST", Coorganizers: []BrokerCoorganizer{{Email: "co@example.com", OrganizerKey: coKey}},
			OrganizerEmail: "o@example.com", OrganizerName: "O N",
		}},
	}, {
		name: "#5 get webinar", method: http.MethodGet, path: "/organizers/1234567890123456789/webinars/5620084814059709442",
		status: 200,
		resp: `{"webinarKey":5620084814059709442,"webinarID":"123456789","subject":"s","description":"d",
			"organizerKey":1234567890123456789,"organizerEmail":"o@example.com","organizerName":"O N",
			"times":` + timesJSON + `,"registrationUrl":"https://r","inSession":false,"impromptu":false,
			"type":"single_session","timeZone":"UTC","numberOfRegistrants":12,"registrationLimit":1000,
			"locale":"en_US","accountKey":"8876543210987654321","recurrencePeriod":"never",
			"experienceType":"CLASSIC","isPasswordProtected":false}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Webinar(ctx, orgKey, wbKey) },
		want: &WebinarDetails{
			WebinarKey: wbKey, WebinarID: "123456789", Subject: "s", Description: "d", OrganizerKey: orgKey,
			OrganizerEmail: "o@example.com", OrganizerName: "O N", Times: []DateTimeRange{sessionTimeUTC},
			RegistrationURL: "https://r", Type: "single_session", TimeZone: "UTC", NumberOfRegistrants: 12,
			RegistrationLimit: 1000, Locale: "en_US", AccountKey: accKey, RecurrencePeriod: "never", ExperienceType: "CLASSIC",
		},
	}, {
		name: "#6 update webinar", method: http.MethodPut, path: "/organizers/1234567890123456789/webinars/5620084814059709442",
		query: url.Values{"notifyParticipants": {"true"}}, body: `{"subject":"New","times":` + timesJSON + `}`,
		status: 202,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.UpdateWebinar(ctx, orgKey, wbKey, WebinarUpdate{Subject: "New", Times: []DateTimeRange{sessionTime}}, true)
		},
	}, {
		name: "#7 cancel webinar", method: http.MethodDelete, path: "/organizers/1234567890123456789/webinars/5620084814059709442",
		query: url.Values{"sendCancellationEmails": {"true"}, "deleteAll": {"false"}}, status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.CancelWebinar(ctx, orgKey, wbKey, CancelOptions{SendCancellationEmails: true, DeleteAll: &deleteAll})
		},
	}, {
		name: "#13 meeting times", method: http.MethodGet, path: "/organizers/1234567890123456789/webinars/5620084814059709442/meetingtimes",
		status: 200, resp: timesJSON,
		call: func(ctx context.Context, c *Client) (any, error) { return c.MeetingTimes(ctx, orgKey, wbKey) },
		want: []DateTimeRange{sessionTimeUTC},
	}, {
		name: "#21 start url", method: http.MethodGet, path: "/webinars/5620084814059709442/startUrl",
		status: 200, resp: `{"startUrl":"https://global.gotowebinar.com/start/1"}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.StartURL(ctx, wbKey) },
		want: "https://global.gotowebinar.com/start/1",
	}, {
		name: "#22 copy webinar", method: http.MethodPut, path: "/webinars/5620084814059709442/copy",
		body:   `{"subject":"Copy","times":` + timesJSON + `,"timeZone":"UTC"}`,
		status: 201, resp: `{"webinarKey":"5620084814059709443"}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CopyWebinar(ctx, wbKey, CopyWebinarRequest{Subject: "Copy", Times: []DateTimeRange{sessionTime}, TimeZone: "UTC"})
		},
		want: &CopiedWebinar{WebinarKey: wbKey + 1},
	}})
}
