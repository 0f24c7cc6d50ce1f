package fake

import (
	"encoding/json"
	"strconv"
	"strings"
)

// optionalFields are the RegistrantFields besides the three mandatory ones.
var optionalFields = []string{
	"source", "address", "city", "state", "zipCode", "country", "phone", "organization",
	"jobTitle", "questionsAndComments", "industry", "numberOfEmployees",
	"purchasingTimeFrame", "purchasingRole",
}

// flexKey decodes an int64 sent as a JSON number or string, as GoTo's
// server accepts both for questionKey and answerKey.
type flexKey int64

func (k *flexKey) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseInt(strings.Trim(string(b), `"`), 10, 64)
	*k = flexKey(v)
	return err
}

type responseIn struct {
	QuestionKey  *flexKey `json:"questionKey"`
	ResponseText string   `json:"responseText"`
	AnswerKey    flexKey  `json:"answerKey"`
}

// registrantJSON is Registrant, the list item of #24: registrantKey is a
// number.
type registrantJSON struct {
	FirstName        string `json:"firstName"`
	LastName         string `json:"lastName"`
	Email            string `json:"email"`
	RegistrantKey    int64  `json:"registrantKey"`
	RegistrationDate string `json:"registrationDate"`
	Status           string `json:"status"`
	JoinURL          string `json:"joinUrl"`
	TimeZone         string `json:"timeZone"`
}

// createdJSON is RegistrantCreated.
type createdJSON struct {
	RegistrantKey int64  `json:"registrantKey"`
	JoinURL       string `json:"joinUrl"`
}

// duplicateJSON is the 409 body: the app error plus the existing
// registration, which clients use to treat the conflict as success.
type duplicateJSON struct {
	appError
	RegistrantKey int64  `json:"registrantKey"`
	JoinURL       string `json:"joinUrl"`
}

type questionAnswerJSON struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

func registrantItem(r *Registrant) registrantJSON {
	return registrantJSON{
		FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, RegistrantKey: r.Key,
		RegistrationDate: formatTime(r.RegistrationDate), Status: r.Status, JoinURL: r.JoinURL,
		TimeZone: r.TimeZone,
	}
}

// registrantDetailed renders RegistrantDetailed (#25): every field as a
// string, type only outside series, answers read back as text pairs.
func registrantDetailed(r *Registrant, wb *Webinar) map[string]any {
	out := map[string]any{
		"firstName": r.FirstName, "lastName": r.LastName, "email": r.Email,
		"registrantKey": r.Key, "registrationDate": formatTime(r.RegistrationDate),
		"status": r.Status, "joinUrl": r.JoinURL, "timeZone": r.TimeZone, "unsubscribed": false,
		"implementationTimeFrame": "", "employeeCount": r.Fields["numberOfEmployees"],
	}
	for _, f := range optionalFields {
		out[f] = r.Fields[f]
	}
	if wb.RecurrenceType != "series" {
		out["type"] = "REGULAR"
		if len(wb.Times) > 0 && r.RegistrationDate.After(wb.Times[0].Start) {
			out["type"] = "LATE"
		}
	}
	answers := []questionAnswerJSON{}
	for _, resp := range r.Responses {
		for _, q := range wb.Questions {
			if q.Key == resp.QuestionKey {
				answers = append(answers, questionAnswerJSON{Question: q.Text, Answer: answerText(q, resp)})
			}
		}
	}
	out["responses"] = answers
	return out
}

func answerText(q Question, resp Response) string {
	if q.Type == "shortAnswer" {
		return resp.ResponseText
	}
	for _, a := range q.Answers {
		if a.Key == resp.AnswerKey {
			return a.Text
		}
	}
	return ""
}

type fieldJSON struct {
	Field    string   `json:"field"`
	Required bool     `json:"required"`
	MaxSize  int      `json:"maxSize"`
	Answers  []string `json:"answers,omitempty"`
}

type answerJSON struct {
	AnswerKey int64  `json:"answerKey"`
	Answer    string `json:"answer"`
}

type questionJSON struct {
	QuestionKey int64        `json:"questionKey"`
	Question    string       `json:"question"`
	Required    bool         `json:"required"`
	Type        string       `json:"type"`
	MaxSize     int          `json:"maxSize"`
	Answers     []answerJSON `json:"answers,omitempty"`
}

// registrationFieldsJSON renders RegistrationFields (#27).
func registrationFieldsJSON(wb *Webinar) map[string]any {
	fields := []fieldJSON{}
	for _, f := range wb.Fields {
		fields = append(fields, fieldJSON(f))
	}
	questions := []questionJSON{}
	for _, q := range wb.Questions {
		qj := questionJSON{QuestionKey: q.Key, Question: q.Text, Required: q.Required, Type: q.Type, MaxSize: q.MaxSize}
		for _, a := range q.Answers {
			qj.Answers = append(qj.Answers, answerJSON{AnswerKey: a.Key, Answer: a.Text})
		}
		questions = append(questions, qj)
	}
	return map[string]any{"fields": fields, "questions": questions}
}

// decodeRegistrant splits a RegistrantFields body into string fields and
// responses; a field of another JSON type is an error.
func decodeRegistrant(data []byte) (map[string]string, []responseIn, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, err
	}
	fields := map[string]string{}
	var responses []responseIn
	for name, v := range raw {
		if name == "responses" {
			if err := json.Unmarshal(v, &responses); err != nil {
				return nil, nil, err
			}
			continue
		}
		var str *string
		if err := json.Unmarshal(v, &str); err != nil {
			return nil, nil, err
		}
		if str != nil {
			fields[name] = *str
		}
	}
	return fields, responses, nil
}
