package component

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// regWebinar returns the first upcoming webinar of the main organizer
// that satisfies keep.
func regWebinar(e *env, keep func(w fake.Webinar) bool) fake.Webinar {
	e.t.Helper()
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		if w.Times[0].Start.After(time.Now().Add(24*time.Hour)) && keep(w) {
			return w
		}
	}
	e.t.Fatal("no seeded webinar fits")
	return fake.Webinar{}
}

// regPlainWebinar has the default form: names and email only.
func regPlainWebinar(e *env) fake.Webinar {
	return regWebinar(e, func(w fake.Webinar) bool { return len(w.Fields) == 3 && len(w.Questions) == 0 })
}

// regQuestionsWebinar has required fields and required questions: a short
// answer, a multiple choice and an optional short answer.
func regQuestionsWebinar(e *env) fake.Webinar {
	return regWebinar(e, func(w fake.Webinar) bool { return len(w.Questions) == 3 })
}

func regFind(e *env, wk int64, email string) (fake.Registrant, bool) {
	for _, r := range e.fake.Registrants(wk) {
		if strings.EqualFold(r.Email, email) {
			return r, true
		}
	}
	return fake.Registrant{}, false
}

// regHooked runs hooks[i] before the i-th message reaches h.
func regHooked(h sailor.HandlerFunc, hooks ...func()) sailor.HandlerFunc {
	n := 0
	return func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		if n < len(hooks) && hooks[n] != nil {
			hooks[n]()
		}
		n++
		return h(ctx, req, out)
	}
}

func TestCreateRegistrant(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("createRegistrant", e.comp.createRegistrant)
	w := regPlainWebinar(e)
	cfg := e.config(map[string]any{"webinarKey": keyString(w.Key)})

	t.Run("a new registrant", func(t *testing.T) {
		in := map[string]any{"firstName": "Lin", "lastName": "Nakamura", "email": "lin@example.org", "city": "Osaka",
			"zipCode": json.Number("53000"), "roleInPurchaseProcess": "Decision maker"}
		r := e.run("createRegistrant", h, in, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Events, 1)
		stored, ok := regFind(e, w.Key, "lin@example.org")
		require.True(t, ok)
		assert.Equal(t, map[string]any{
			"registrantKey": keyString(stored.Key), "joinUrl": stored.JoinURL, "status": stored.Status,
			"email": "lin@example.org", "webinarKey": keyString(w.Key), "alreadyRegistered": false,
		}, r.Data[0])
		assert.Equal(t, "Osaka", stored.Fields["city"])
		assert.Equal(t, "53000", stored.Fields["zipCode"], "numbers are sent as text")
		assert.Equal(t, "Decision maker", stored.Fields["purchasingRole"], "the v1 name goes out as purchasingRole")
	})
	t.Run("a duplicate email is the existing registrant, from the 409 body", func(t *testing.T) {
		old := e.fake.Registrants(w.Key)[0]
		before := len(e.fake.Registrants(w.Key))
		in := map[string]any{"firstName": "X", "lastName": "Y", "email": strings.ToUpper(old.Email), "webinarKey": w.Key}
		r := e.run("createRegistrant", h, in, e.config(map[string]any{"resendConfirmation": "on"}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, 1)
		assert.Equal(t, map[string]any{
			"registrantKey": keyString(old.Key), "joinUrl": old.JoinURL, "status": old.Status,
			"email": old.Email, "webinarKey": keyString(w.Key), "alreadyRegistered": true,
		}, r.Data[0])
		assert.Len(t, e.fake.Registrants(w.Key), before, "nothing added")
	})
	t.Run("errors name the field", func(t *testing.T) {
		for name, tc := range map[string]struct {
			in   map[string]any
			want string
		}{
			"missing email":       {map[string]any{"firstName": "A", "lastName": "B"}, "email: is required"},
			"unknown property":    {map[string]any{"firstName": "A", "lastName": "B", "email": "a@b.c", "nickname": "ab"}, "nickname: is not a registrant field"},
			"not text":            {map[string]any{"firstName": "A", "lastName": "B", "email": "a@b.c", "city": map[string]any{}}, "city: must be text"},
			"API's description":   {map[string]any{"firstName": "A", "lastName": "B", "email": "no-at-sign"}, "email is not a valid email address"},
			"no questions here":   {map[string]any{"firstName": "A", "lastName": "B", "email": "a@b.c", "questions": map[string]any{"1234": "x"}}, "the form has no custom questions"},
			"unknown webinar key": {map[string]any{"firstName": "A", "lastName": "B", "email": "a@b.c", "webinarKey": "1234567890123456789"}, "1234567890123456789"},
		} {
			t.Run(name, func(t *testing.T) {
				r := e.run("createRegistrant", h, tc.in, cfg, nil)
				assert.Equal(t, membus.Rejected, r.Outcome)
				require.Len(t, r.Events, 1)
				assert.Equal(t, "error", r.Events[0].Kind)
				assert.Contains(t, r.Events[0].Error, tc.want)
			})
		}
	})
}

func TestCreateRegistrantCustomQuestions(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("createRegistrant", e.comp.createRegistrant)
	w := regQuestionsWebinar(e)
	short, choice, optional := w.Questions[0], w.Questions[1], w.Questions[2]
	require.Equal(t, "multipleChoice", choice.Type)
	cfg := e.config(map[string]any{"webinarKey": keyString(w.Key)})
	person := func(email string, extra map[string]any) map[string]any {
		in := map[string]any{"firstName": "Q", "lastName": "A", "email": email, "organization": "Acme"}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}

	t.Run("answers by question key and answer text", func(t *testing.T) {
		in := person("q1@example.org", map[string]any{"industry": "software", "questions": map[string]any{
			keyString(short.Key): "Paging", choice.Text: strings.ToUpper(choice.Answers[1].Text), keyString(optional.Key): "",
		}})
		r := e.run("createRegistrant", h, in, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome, r.Events)
		stored, ok := regFind(e, w.Key, "q1@example.org")
		require.True(t, ok)
		assert.Equal(t, "Software", stored.Fields["industry"], "a fixed choice is matched regardless of case")
		assert.ElementsMatch(t, []fake.Response{
			{QuestionKey: short.Key, ResponseText: "Paging"}, {QuestionKey: choice.Key, AnswerKey: choice.Answers[1].Key},
		}, stored.Responses)
		assert.Equal(t, false, r.Data[0]["alreadyRegistered"])
	})
	t.Run("answers by key in responses, a choice also by its text", func(t *testing.T) {
		in := person("q2@example.org", map[string]any{
			"responses": []any{
				map[string]any{"questionKey": keyString(short.Key), "responseText": "Everything"},
				map[string]any{"questionKey": keyString(choice.Key), "answerKey": keyString(choice.Answers[2].Key)},
				map[string]any{"questionKey": keyString(optional.Key), "responseText": "No"},
			},
		})
		r := e.run("createRegistrant", h, in, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome, r.Events)
		stored, _ := regFind(e, w.Key, "q2@example.org")
		assert.ElementsMatch(t, []fake.Response{
			{QuestionKey: short.Key, ResponseText: "Everything"}, {QuestionKey: choice.Key, AnswerKey: choice.Answers[2].Key},
			{QuestionKey: optional.Key, ResponseText: "No"},
		}, stored.Responses)

		in = person("q3@example.org", map[string]any{
			"responses": []any{map[string]any{"questionKey": keyString(choice.Key), "responseText": choice.Answers[0].Text}},
			"questions": map[string]any{keyString(short.Key): "Mixing both"},
		})
		r = e.run("createRegistrant", h, in, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome, r.Events)
		stored, _ = regFind(e, w.Key, "q3@example.org")
		assert.Contains(t, stored.Responses, fake.Response{QuestionKey: choice.Key, AnswerKey: choice.Answers[0].Key})
	})
	t.Run("checked before the API call", func(t *testing.T) {
		for name, tc := range map[string]struct {
			in   map[string]any
			want []string
		}{
			"a required question left out": {person("x1@example.org", map[string]any{"questions": map[string]any{keyString(short.Key): "a"}}),
				[]string{"questions." + keyString(choice.Key), choice.Text, keyString(choice.Key), "is not answered"}},
			"a choice that is not offered": {person("x2@example.org", map[string]any{"questions": map[string]any{keyString(short.Key): "a", keyString(choice.Key): "Radio"}}),
				[]string{`"Radio" is not a choice`, choice.Answers[0].Text}},
			"an answerKey for a text question": {person("x3@example.org", map[string]any{"responses": []any{map[string]any{"questionKey": keyString(short.Key), "answerKey": "12"}}}),
				[]string{"responses[0].answerKey", "takes a text answer"}},
			"an unknown question": {person("x4@example.org", map[string]any{"questions": map[string]any{"Favourite colour?": "blue"}}),
				[]string{"questions.Favourite colour?", short.Text}},
			"a question answered twice": {person("x5@example.org", map[string]any{"questions": map[string]any{keyString(short.Key): "a", short.Text: "b"}}),
				[]string{"a second time"}},
			"a required field of the form": {map[string]any{"firstName": "Q", "lastName": "A", "email": "x6@example.org"},
				[]string{"organization: is required by the webinar's registration form"}},
			"a fixed choice of the form": {person("x7@example.org", map[string]any{"industry": "Farming"}),
				[]string{"industry", "Farming", "Software"}},
		} {
			t.Run(name, func(t *testing.T) {
				r := e.run("createRegistrant", h, tc.in, cfg, nil)
				assert.Equal(t, membus.Rejected, r.Outcome)
				require.Len(t, r.Events, 1)
				for _, want := range tc.want {
					assert.Contains(t, r.Events[0].Error, want)
				}
				assert.NotContains(t, r.Events[0].Error, "refused", "found before GoToWebinar saw it")
				_, stored := regFind(e, w.Key, tc.in["email"].(string))
				assert.False(t, stored)
			})
		}
	})
}

func TestCreateRegistrantTokenRefreshedMidRun(t *testing.T) {
	e := newEnv(t, envOptions{})
	w := regPlainWebinar(e)
	h := regHooked(e.comp.handler("createRegistrant", e.comp.createRegistrant), nil, e.fake.ExpireAccessTokens)
	oldAccess := e.cfg["oauth"].(map[string]any)["access_token"]
	inputs := []any{
		map[string]any{"firstName": "T", "lastName": "One", "email": "t1@example.org"},
		map[string]any{"firstName": "T", "lastName": "Two", "email": "t2@example.org"},
	}
	rs := e.runMany("createRegistrant", h, inputs, e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
	require.Len(t, rs, 2)
	for i, r := range rs {
		require.Equal(t, membus.Acked, r.Outcome, "message %d", i)
		require.Len(t, r.Data, 1)
		assert.Equal(t, false, r.Data[0]["alreadyRegistered"])
	}
	assert.Empty(t, rs[0].Keys)
	require.Len(t, rs[1].Keys, 1, "the refreshed token is stored once, before the message is acked")
	o, ok := rs[1].Keys[0]["oauth"].(map[string]any)
	require.True(t, ok, "the whole credential object: %v", rs[1].Keys[0])
	assert.NotEmpty(t, o["access_token"])
	assert.NotEqual(t, oldAccess, o["access_token"])
	assert.Equal(t, e.cfg["oauth"].(map[string]any)["refresh_token"], o["refresh_token"])
	assert.NotEmpty(t, o["expires_at"])
	_, ok = regFind(e, w.Key, "t2@example.org")
	assert.True(t, ok)
}
