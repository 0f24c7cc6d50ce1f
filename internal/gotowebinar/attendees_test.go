package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

const attendeeItem = `{"registrantKey":8325357307900339981,"sessionKey":7123456789012345678,"firstName":"Ada",
	"lastName":"Lovelace","email":"ada@example.com","attendanceTimeInSeconds":3600,
	"attendance":[{"joinTime":"2026-02-01T17:00:00.250Z","leaveTime":"2026-02-01T18:00:00Z"}]}`

var attendeeWant = Attendee{RegistrantKey: rkKey, SessionKey: sessKey, FirstName: "Ada", LastName: "Lovelace",
	Email: "ada@example.com", AttendanceTimeInSeconds: 3600,
	Attendance: []AttendanceInterval{{JoinTime: ts("2026-02-01T17:00:00.250Z"), LeaveTime: ts("2026-02-01T18:00:00Z")}}}

const pollAnswersJSON = `[{"question":"Q?","answers":["A","B"]},{"question":"Old?","answers":[],"answer":"C"}]`

var pollAnswersWant = []PollAnswer{{Question: "Q?", Answers: []string{"A", "B"}}, {Question: "Old?", Answers: []string{}, Answer: "C"}}

func TestAttendeeEndpoints(t *testing.T) {
	t.Parallel()
	wb := "/organizers/1234567890123456789/webinars/5620084814059709442"
	att := wb + "/sessions/7123456789012345678/attendees"
	runEndpointCases(t, []endpointCase{{
		name: "#8 webinar attendees", method: http.MethodGet, path: wb + "/attendees",
		query: url.Values{"page": {"0"}, "size": {"200"}}, status: 200,
		resp: `{"_embedded":{"attendeeParticipationResponses":[` + attendeeItem + `]},"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListWebinarAttendees(ctx, orgKey, wbKey) },
		want: []Attendee{attendeeWant},
	}, {
		name: "#31 session attendees", method: http.MethodGet, path: att, status: 200, resp: `[` + attendeeItem + `]`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SessionAttendees(ctx, orgKey, wbKey, sessKey)
		},
		want: []Attendee{attendeeWant},
	}, {
		name: "#32 session attendee", method: http.MethodGet, path: att + "/8325357307900339981", status: 200,
		resp: registrantItem,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SessionAttendee(ctx, orgKey, wbKey, sessKey, rkKey)
		},
		want: &SessionAttendee{Registrant: registrantWant},
	}, {
		name: "#33 attendee polls", method: http.MethodGet, path: att + "/8325357307900339981/polls", status: 200,
		resp: pollAnswersJSON,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.AttendeePollAnswers(ctx, orgKey, wbKey, sessKey, rkKey)
		},
		want: pollAnswersWant,
	}, {
		name: "#34 attendee questions", method: http.MethodGet, path: att + "/8325357307900339981/questions", status: 200,
		resp: questionsJSON,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.AttendeeQuestions(ctx, orgKey, wbKey, sessKey, rkKey)
		},
		want: questionsWant,
	}, {
		name: "#35 attendee surveys", method: http.MethodGet, path: att + "/8325357307900339981/surveys", status: 200,
		resp: pollAnswersJSON,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.AttendeeSurveyAnswers(ctx, orgKey, wbKey, sessKey, rkKey)
		},
		want: pollAnswersWant,
	}})
}
