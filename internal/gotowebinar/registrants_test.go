package gotowebinar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const registrantsPath = "/G2W/rest/v2/organizers/1234567890123456789/webinars/5620084814059709442/registrants"

const registrantItem = `{"registrantKey":8325357307900339981,"firstName":"Ada","lastName":"Lovelace",
	"email":"ada@example.com","registrationDate":"2026-05-01T09:30:00.123Z","status":"APPROVED",
	"joinUrl":"https://global.gotowebinar.com/join/5620084814059709442/123456789","timeZone":"America/Los_Angeles"}`

var registrantWant = Registrant{
	RegistrantKey: rkKey, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
	RegistrationDate: ts("2026-05-01T09:30:00.123Z"), Status: "APPROVED",
	JoinURL: "https://global.gotowebinar.com/join/5620084814059709442/123456789", TimeZone: "America/Los_Angeles",
}

func TestRegistrantEndpoints(t *testing.T) {
	t.Parallel()
	wb := "/organizers/1234567890123456789/webinars/5620084814059709442"
	runEndpointCases(t, []endpointCase{{
		name: "#23 create registrant", method: http.MethodPost, path: wb + "/registrants",
		query: url.Values{"resendConfirmation": {"false"}},
		body: `{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","organization":"AE",
			"responses":[{"questionKey":3234567890123456785,"responseText":"yes"},
			             {"questionKey":3234567890123456786,"answerKey":2234567890123456787}]}`,
		status: 201, resp: `{"registrantKey":8325357307900339981,"joinUrl":"https://global.gotowebinar.com/join/1/2"}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateRegistrant(ctx, orgKey, wbKey, RegistrantCreate{
				FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Organization: "AE",
				Responses: []RegistrantResponse{
					{QuestionKey: qKey, ResponseText: "yes"},
					{QuestionKey: qKey + 1, AnswerKey: ansKey},
				},
			}, false)
		},
		want: &RegistrantCreated{RegistrantKey: rkKey, JoinURL: "https://global.gotowebinar.com/join/1/2"},
	}, {
		name: "#24 list registrants", method: http.MethodGet, path: wb + "/registrants",
		query: url.Values{"page": {"0"}, "limit": {"200"}}, status: 200,
		resp: `{"data":[` + registrantItem + `],"total":1,"page":0,"limit":200,"pageSize":1}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListRegistrants(ctx, orgKey, wbKey) },
		want: []Registrant{registrantWant},
	}, {
		name: "#25 get registrant", method: http.MethodGet, path: wb + "/registrants/8325357307900339981",
		status: 200,
		resp: `{"registrantKey":8325357307900339981,"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com",
			"registrationDate":"2026-05-01T09:30:00Z","status":"WAITING","joinUrl":"https://j","timeZone":"UTC",
			"source":"web","phone":"+1","organization":"AE","jobTitle":"Analyst","type":"REGULAR","unsubscribed":true,
			"responses":[{"question":"Why?","answer":"Because"}]}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Registrant(ctx, orgKey, wbKey, rkKey) },
		want: &RegistrantDetails{
			Registrant: Registrant{RegistrantKey: rkKey, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
				RegistrationDate: ts("2026-05-01T09:30:00Z"), Status: "WAITING", JoinURL: "https://j", TimeZone: "UTC"},
			Source: "web", Phone: "+1", Organization: "AE", JobTitle: "Analyst", Type: "REGULAR", Unsubscribed: true,
			Responses: []RegistrantAnswer{{Question: "Why?", Answer: "Because"}},
		},
	}, {
		name: "#26 delete registrant", method: http.MethodDelete, path: wb + "/registrants/8325357307900339981",
		status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteRegistrant(ctx, orgKey, wbKey, rkKey)
		},
	}, {
		name: "#27 registration fields", method: http.MethodGet, path: wb + "/registrants/fields",
		status: 200,
		resp: `{"fields":[{"field":"email","required":true,"maxSize":128},
			{"field":"industry","required":false,"maxSize":128,"answers":["Aerospace","Banking"]}],
			"questions":[{"questionKey":3234567890123456785,"question":"Size?","required":true,"type":"multipleChoice",
			"maxSize":1000,"answers":[{"answerKey":2234567890123456787,"answer":"Big"}]}]}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.RegistrationFields(ctx, orgKey, wbKey) },
		want: &RegistrationFields{
			Fields: []RegistrationField{
				{Field: "email", Required: true, MaxSize: 128},
				{Field: "industry", MaxSize: 128, Answers: []string{"Aerospace", "Banking"}},
			},
			Questions: []RegistrationQuestion{{QuestionKey: qKey, Question: "Size?", Required: true, Type: "multipleChoice",
				MaxSize: 1000, Answers: []QuestionAnswer{{AnswerKey: ansKey, Answer: "Big"}}}},
		},
	}})
}

// registrantsHandler behaves like GoTo: a bare array without paging parameters,
// the data/total envelope with them.
func registrantsHandler(t *testing.T, total int, calls *[]url.Values) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*calls = append(*calls, q)
		all := make([]Registrant, total)
		for i := range all {
			all[i] = Registrant{RegistrantKey: rkKey + Key(i), Email: fmt.Sprintf("p%d@example.com", i), Status: "APPROVED"}
		}
		if !q.Has("page") && !q.Has("limit") {
			writeJSON(w, 200, mustJSON(all))
			return
		}
		page, _ := strconv.Atoi(q.Get("page"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		assert.LessOrEqual(t, limit, 200)
		lo, hi := min(page*limit, total), min((page+1)*limit, total)
		writeJSON(w, 200, mustJSON(map[string]any{
			"data": all[lo:hi], "total": total, "page": page, "limit": limit, "pageSize": hi - lo,
		}))
	}
}

func TestRegistrantsBothShapes(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls []url.Values
	env.mux.HandleFunc(registrantsPath, registrantsHandler(t, 450, &calls))

	all, err := env.client.ListRegistrants(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	require.Len(t, all, 450)
	assert.Equal(t, rkKey+449, all[449].RegistrantKey, "keys above 2^53 keep every digit")
	assert.Len(t, calls, 3, "three pages of 200")

	bare, err := env.client.RegistrantsPage(t.Context(), orgKey, wbKey, nil)
	require.NoError(t, err)
	assert.Len(t, bare.Registrants, 450, "bare array without paging parameters")
	assert.Equal(t, 450, bare.Total)
	assert.Empty(t, calls[3], "no paging parameters sent")

	page, err := env.client.RegistrantsPage(t.Context(), orgKey, wbKey, &RegistrantPageOptions{Page: 2, Limit: 100})
	require.NoError(t, err)
	assert.Equal(t, 450, page.Total)
	assert.Equal(t, 2, page.Page)
	assert.Equal(t, 100, page.PageSize)
	assert.Equal(t, rkKey+200, page.Registrants[0].RegistrantKey)
}

func TestCreateRegistrantDuplicateExposesExisting(t *testing.T) {
	t.Parallel()
	env := setup(t)
	calls := 0
	env.mux.HandleFunc(registrantsPath, func(w http.ResponseWriter, r *http.Request) {
		calls++
		writeJSON(w, http.StatusConflict, `{"errorCode":"DuplicateRegistrant","description":"The user is already registered",
			"incident":"42","registrantKey":8325357307900339981,"joinUrl":"https://global.gotowebinar.com/join/1/2"}`)
	})
	_, err := env.client.CreateRegistrant(t.Context(), orgKey, wbKey,
		RegistrantCreate{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}, true)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrConflict)
	assert.NotErrorIs(t, err, ErrTransient)
	assert.Equal(t, 1, calls, "a 409 is not retried")
	assert.EqualError(t, err, "gotowebinar: create registrant: 409 DuplicateRegistrant: The user is already registered")

	var apiErr *Error
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "42", apiErr.Incident)
	existing, ok := apiErr.ExistingRegistrant()
	require.True(t, ok)
	assert.Equal(t, RegistrantCreated{RegistrantKey: rkKey, JoinURL: "https://global.gotowebinar.com/join/1/2"}, existing)
}

func TestCreateRegistrantDuplicateWithoutKey(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.mux.HandleFunc(registrantsPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusConflict, `{"errorCode":"Conflict","description":"The user is already registered"}`)
	})
	_, err := env.client.CreateRegistrant(t.Context(), orgKey, wbKey, RegistrantCreate{Email: "a@example.com"}, false)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	_, ok := apiErr.ExistingRegistrant()
	assert.False(t, ok, "callers must fall back to a lookup by email")
}
