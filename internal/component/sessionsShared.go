package component

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// questionOut is a question asked in a session as emitted: answeredBy (an
// organizer key) becomes a string like every other key.
type questionOut struct {
	Question  string     `json:"question"`
	AskedBy   string     `json:"askedBy"`
	AskerKey  string     `json:"askerKey"`
	DateAsked time.Time  `json:"dateAsked"`
	Answers   []replyOut `json:"answers"`
}

type replyOut struct {
	Answer        string    `json:"answer"`
	AnsweredBy    string    `json:"answeredBy"`
	AnswererRole  string    `json:"answererRole"`
	AnswerTime    time.Time `json:"answerTime"`
	AnswererEmail string    `json:"answererEmail"`
}

func questionsOut(qs []gotowebinar.AttendeeQuestion) []questionOut {
	out := make([]questionOut, 0, len(qs))
	for _, q := range qs {
		o := questionOut{Question: q.Question, AskedBy: q.AskedBy, AskerKey: q.AskerKey.String(),
			DateAsked: q.DateAsked.UTC(), Answers: make([]replyOut, 0, len(q.Answers))}
		for _, a := range q.Answers {
			by := ""
			if a.AnsweredBy != 0 {
				by = a.AnsweredBy.String()
			}
			o.Answers = append(o.Answers, replyOut{Answer: a.Answer, AnsweredBy: by, AnswererRole: a.AnswererRole,
				AnswerTime: a.AnswerTime.UTC(), AnswererEmail: a.AnswererEmail})
		}
		out = append(out, o)
	}
	return out
}

// nonNil makes an absent list an empty JSON array in output.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// objectList reads a non-empty list of objects from the body or the step
// configuration, where a text field holds it as JSON text.
func objectList(k *call, field, example string) ([]map[string]any, error) {
	v, ok := k.value(field)
	if !ok {
		return nil, missingField(field)
	}
	if s, isText := v.(string); isText {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, invalidField(field, "is not valid JSON; expected a list such as "+example)
		}
	}
	if m, single := v.(map[string]any); single {
		v = []any{m}
	}
	list, isList := v.([]any)
	if !isList || len(list) == 0 {
		return nil, invalidField(field, "must be a non-empty list such as "+example)
	}
	out := make([]map[string]any, 0, len(list))
	for i, it := range list {
		m, isObj := it.(map[string]any)
		if !isObj {
			return nil, invalidField(fmt.Sprintf("%s[%d]", field, i), "must be an object such as "+example)
		}
		out = append(out, m)
	}
	return out, nil
}

// onlyProperties rejects properties of an input object that the API
// cannot take.
func onlyProperties(field string, obj map[string]any, allowed ...string) error {
	for name := range obj {
		if !slices.Contains(allowed, name) {
			return invalidField(field+"."+name, fmt.Sprintf("is not a property GoToWebinar takes here (only %s)", strings.Join(allowed, ", ")))
		}
	}
	return nil
}

// textProperty reads a string property of an input object, trimmed.
func textProperty(obj map[string]any, name string) string {
	switch v := obj[name].(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}
