package gotowebinar

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sessionItem = `{"sessionKey":"7123456789012345678","webinarKey":"5620084814059709442","webinarName":"W",
	"startTime":"2026-02-01T17:00:00Z","endTime":"2026-02-01T18:00:00Z","registrantsAttended":5,"registrantCount":9,
	"accountKey":"8876543210987654321","creatingOrganizerKey":"1234567890123456789","creatingOrganizerName":"O",
	"startingOrganizerKey":"1234567890123456789","startingOrganizerName":"O","totalPollCount":2,"timeZone":"UTC",
	"experienceType":"CLASSIC","webinarID":"123456789","webinarType":1,"includeCertificate":true}`

var sessionWant = Session{
	SessionKey: sessKey, WebinarKey: wbKey, WebinarName: "W", StartTime: ts("2026-02-01T17:00:00Z"),
	EndTime: ts("2026-02-01T18:00:00Z"), RegistrantsAttended: 5, RegistrantCount: 9, AccountKey: accKey,
	CreatingOrganizerKey: orgKey, CreatingOrganizerName: "O", StartingOrganizerKey: orgKey, StartingOrganizerName: "O",
	TotalPollCount: 2, TimeZone: "UTC", ExperienceType: "CLASSIC", WebinarID: "123456789", WebinarType: 1,
	IncludeCertificate: true,
}

const performanceJSON = `{"attendance":{"registrantCount":9,"percentageAttendance":55.5,"averageInterestRating":0,
	"averageAttentiveness":80.25,"averageAttendanceTimeSeconds":1800},
	"pollsAndSurveys":{"pollCount":2,"surveyCount":1,"questionsAsked":3,"percentagePollsCompleted":50,"percentageSurveysCompleted":10}}`

var performanceWant = SessionPerformance{
	Attendance: AttendanceStatistics{RegistrantCount: 9, PercentageAttendance: 55.5, AverageAttentiveness: 80.25,
		AverageAttendanceTimeSeconds: 1800},
	PollsAndSurveys: PollAndSurveyStatistics{PollCount: 2, SurveyCount: 1, QuestionsAsked: 3,
		PercentagePollsCompleted: 50, PercentageSurveysCompleted: 10},
}

const pollsJSON = `[{"question":"Q?","numberOfResponses":4,"responses":[{"text":"A","percentage":75},{"text":"B","percentage":25}]}]`

var pollsWant = []Poll{{Question: "Q?", NumberOfResponses: 4,
	Responses: []PollResponse{{Text: "A", Percentage: 75}, {Text: "B", Percentage: 25}}}}

const questionsJSON = `[{"question":"How?","askedBy":"ada@example.com","askerKey":8325357307900339981,
	"dateAsked":"2026-02-01T17:10:00.5Z","answers":[{"answer":"Thus","answeredBy":"1234567890123456789",
	"answererRole":"organizer","answerTime":"2026-02-01T17:11:00Z","answererEmail":"o@example.com"}]}]`

var questionsWant = []AttendeeQuestion{{Question: "How?", AskedBy: "ada@example.com", AskerKey: rkKey,
	DateAsked: ts("2026-02-01T17:10:00.5Z"), Answers: []QuestionReply{{Answer: "Thus", AnsweredBy: orgKey,
		AnswererRole: "organizer", AnswerTime: ts("2026-02-01T17:11:00Z"), AnswererEmail: "o@example.com"}}}}

func TestSessionEndpoints(t *testing.T) {
	t.Parallel()
	wb := "/organizers/1234567890123456789/webinars/5620084814059709442"
	sess := wb + "/sessions/7123456789012345678"
	hal := `{"_embedded":{"sessionInfoResources":[` + sessionItem + `]},"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`
	runEndpointCases(t, []endpointCase{{
		name: "#20 webinar performance", method: http.MethodGet, path: wb + "/performance", status: 200,
		resp: `{"7123456789012345678":` + performanceJSON + `}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.WebinarPerformance(ctx, orgKey, wbKey) },
		want: map[Key]SessionPerformance{sessKey: performanceWant},
	}, {
		name: "#28 organizer sessions", method: http.MethodGet, path: "/organizers/1234567890123456789/sessions",
		query: rangeQuery("page", "0", "size", "200"), status: 200, resp: hal,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListOrganizerSessions(ctx, orgKey, rangeFrom, rangeTo)
		},
		want: []Session{sessionWant},
	}, {
		name: "#29 webinar sessions", method: http.MethodGet, path: wb + "/sessions",
		query: url.Values{"page": {"0"}, "size": {"200"}}, status: 200, resp: hal,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListWebinarSessions(ctx, orgKey, wbKey) },
		want: []Session{sessionWant},
	}, {
		name: "#30 get session", method: http.MethodGet, path: sess, status: 200, resp: sessionItem,
		call: func(ctx context.Context, c *Client) (any, error) {
			raw, err := c.Session(ctx, orgKey, wbKey, sessKey)
			var s Session
			if err == nil {
				err = json.Unmarshal(raw, &s)
			}
			return s, err
		},
		want: sessionWant,
	}, {
		name: "#36 session performance", method: http.MethodGet, path: sess + "/performance", status: 200,
		resp: `{"sessionInfo":{"webinarName":"W","webinarId":"123456789","sessionKey":7123456789012345678,
			"startTime":"2026-02-01T17:00:00Z","endTime":"2026-02-01T18:00:00Z","registrationEmailOpenedCount":"4"},` +
			performanceJSON[1:],
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SessionPerformance(ctx, orgKey, wbKey, sessKey)
		},
		want: &SessionPerformance{
			SessionInfo: &SessionInfo{WebinarName: "W", WebinarID: "123456789", SessionKey: sessKey,
				StartTime: ts("2026-02-01T17:00:00Z"), EndTime: ts("2026-02-01T18:00:00Z"), RegistrationEmailOpenedCount: "4"},
			Attendance: performanceWant.Attendance, PollsAndSurveys: performanceWant.PollsAndSurveys,
		},
	}, {
		name: "#37 session polls", method: http.MethodGet, path: sess + "/polls", status: 200, resp: pollsJSON,
		call: func(ctx context.Context, c *Client) (any, error) { return c.SessionPolls(ctx, orgKey, wbKey, sessKey) },
		want: pollsWant,
	}, {
		name: "#38 session questions", method: http.MethodGet, path: sess + "/questions", status: 200, resp: questionsJSON,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SessionQuestions(ctx, orgKey, wbKey, sessKey)
		},
		want: questionsWant,
	}, {
		name: "#39 session surveys", method: http.MethodGet, path: sess + "/surveys", status: 200, resp: pollsJSON,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SessionSurveys(ctx, orgKey, wbKey, sessKey)
		},
		want: pollsWant,
	}})
}

func TestQuestionReplyAnsweredByNumberOrString(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`{"answeredBy":1234567890123456789}`, `{"answeredBy":"1234567890123456789"}`} {
		var r QuestionReply
		require.NoError(t, json.Unmarshal([]byte(raw), &r), raw)
		assert.Equal(t, orgKey, r.AnsweredBy, raw)
	}
}
