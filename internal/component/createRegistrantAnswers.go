package component

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

const multipleChoice = "multipleChoice"

// questionAnswers turns the body's custom question answers into the API's
// responses: `responses` is the API's own list ({questionKey, responseText}
// or {questionKey, answerKey}); `questions` is an object keyed by
// questionKey (or question text) whose values are the answer text, or for
// a multiple-choice question the text or key of the chosen answer. A
// required question left unanswered is reported here, before the API call.
func questionAnswers(body map[string]any, qs []gotowebinar.RegistrationQuestion) ([]gotowebinar.RegistrantResponse, error) {
	a := &answerSet{questions: qs, answered: map[gotowebinar.Key]bool{}}
	if err := a.addResponses(body["responses"]); err != nil {
		return nil, err
	}
	if err := a.addQuestions(body["questions"]); err != nil {
		return nil, err
	}
	for _, q := range qs {
		if q.Required && !a.answered[q.QuestionKey] {
			return nil, invalidField("questions."+q.QuestionKey.String(),
				fmt.Sprintf("the required question %q (questionKey %s) is not answered", q.Question, q.QuestionKey))
		}
	}
	return a.out, nil
}

// answerSet collects the answers of one registration.
type answerSet struct {
	questions []gotowebinar.RegistrationQuestion
	out       []gotowebinar.RegistrantResponse
	answered  map[gotowebinar.Key]bool
}

func (a *answerSet) addResponses(v any) error {
	if empty(v) {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return invalidField("responses", "must be a list of {questionKey, responseText} or {questionKey, answerKey}")
	}
	for i, item := range list {
		field := fmt.Sprintf("responses[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			return invalidField(field, "must be an object {questionKey, responseText} or {questionKey, answerKey}")
		}
		if err := a.addResponse(field, m); err != nil {
			return err
		}
	}
	return nil
}

func (a *answerSet) addResponse(field string, m map[string]any) error {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains([]string{"questionKey", "responseText", "answerKey"}, name) {
			return invalidField(field+"."+name, "is not part of a response: use questionKey with responseText or answerKey")
		}
	}
	if empty(m["questionKey"]) {
		return missingField(field + ".questionKey")
	}
	qk, err := parseKey(field+".questionKey", m["questionKey"])
	if err != nil {
		return err
	}
	q, err := a.question(field+".questionKey", qk)
	if err != nil {
		return err
	}
	if !empty(m["answerKey"]) {
		ak, err := parseKey(field+".answerKey", m["answerKey"])
		if err != nil {
			return err
		}
		return a.addChoice(field+".answerKey", q, ak)
	}
	text, err := textValue(field+".responseText", m["responseText"])
	if err != nil {
		return err
	}
	return a.add(field+".responseText", q, text)
}

func (a *answerSet) addQuestions(v any) error {
	if empty(v) {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return invalidField("questions", "must be an object: questionKey -> answer")
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		field := "questions." + name
		q, err := a.questionNamed(field, name)
		if err != nil {
			return err
		}
		text, err := textValue(field, m[name])
		if err != nil {
			return err
		}
		if err := a.add(field, q, text); err != nil {
			return err
		}
	}
	return nil
}

// question finds a question of the form by key.
func (a *answerSet) question(field string, key gotowebinar.Key) (gotowebinar.RegistrationQuestion, error) {
	i := slices.IndexFunc(a.questions, func(q gotowebinar.RegistrationQuestion) bool { return q.QuestionKey == key })
	if i < 0 {
		return gotowebinar.RegistrationQuestion{}, invalidField(field, fmt.Sprintf("%s is not a question of the webinar's registration form; %s", key, a.known()))
	}
	return a.questions[i], nil
}

// questionNamed finds a question by key, or else by its text.
func (a *answerSet) questionNamed(field, name string) (gotowebinar.RegistrationQuestion, error) {
	if key, err := gotowebinar.ParseKey(name); err == nil {
		return a.question(field, key)
	}
	for _, q := range a.questions {
		if strings.EqualFold(strings.TrimSpace(q.Question), strings.TrimSpace(name)) {
			return q, nil
		}
	}
	return gotowebinar.RegistrationQuestion{}, invalidField(field, "is not a question of the webinar's registration form; "+a.known())
}

func (a *answerSet) known() string {
	if len(a.questions) == 0 {
		return "the form has no custom questions"
	}
	var parts []string
	for _, q := range a.questions {
		parts = append(parts, fmt.Sprintf("%s (%q)", q.QuestionKey, q.Question))
	}
	return "its questions are " + strings.Join(parts, ", ")
}

// add records a text answer; for a multiple-choice question the text names
// the choice, by its text (regardless of case) or its answerKey.
func (a *answerSet) add(field string, q gotowebinar.RegistrationQuestion, text string) error {
	if text == "" {
		return nil
	}
	if q.Type != multipleChoice {
		if q.MaxSize > 0 && utf8.RuneCountInString(text) > q.MaxSize {
			return invalidField(field, fmt.Sprintf("the answer to %q is longer than the %d characters allowed", q.Question, q.MaxSize))
		}
		return a.record(field, q, gotowebinar.RegistrantResponse{QuestionKey: q.QuestionKey, ResponseText: text})
	}
	for _, c := range q.Answers {
		if strings.EqualFold(strings.TrimSpace(c.Answer), text) {
			return a.addChoice(field, q, c.AnswerKey)
		}
	}
	if key, err := gotowebinar.ParseKey(text); err == nil {
		return a.addChoice(field, q, key)
	}
	return invalidField(field, fmt.Sprintf("%q is not a choice of the question %q: %s", text, q.Question, choices(q)))
}

// addChoice records a multiple-choice answer given by key.
func (a *answerSet) addChoice(field string, q gotowebinar.RegistrationQuestion, key gotowebinar.Key) error {
	if q.Type != multipleChoice {
		return invalidField(field, fmt.Sprintf("the question %q takes a text answer (responseText), not an answerKey", q.Question))
	}
	if !slices.ContainsFunc(q.Answers, func(c gotowebinar.QuestionAnswer) bool { return c.AnswerKey == key }) {
		return invalidField(field, fmt.Sprintf("%s is not a choice of the question %q: %s", key, q.Question, choices(q)))
	}
	return a.record(field, q, gotowebinar.RegistrantResponse{QuestionKey: q.QuestionKey, AnswerKey: key})
}

func (a *answerSet) record(field string, q gotowebinar.RegistrationQuestion, r gotowebinar.RegistrantResponse) error {
	if a.answered[q.QuestionKey] {
		return invalidField(field, fmt.Sprintf("answers the question %q (questionKey %s) a second time", q.Question, q.QuestionKey))
	}
	a.answered[q.QuestionKey] = true
	a.out = append(a.out, r)
	return nil
}

func choices(q gotowebinar.RegistrationQuestion) string {
	var parts []string
	for _, c := range q.Answers {
		parts = append(parts, fmt.Sprintf("%q (answerKey %s)", c.Answer, c.AnswerKey))
	}
	return strings.Join(parts, ", ")
}
