package component

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// sessionDetails is one session with everything reported about it.
type sessionDetails struct {
	gotowebinar.Session
	Performance *gotowebinar.SessionPerformance `json:"performance"`
	Polls       []gotowebinar.Poll              `json:"polls"`
	Questions   []questionOut                   `json:"questions"`
	Surveys     []gotowebinar.Poll              `json:"surveys"`
}

// getSessionDetails emits one past session with its performance, polls,
// questions and surveys in one message.
// GET .../webinars/{webinarKey}/sessions/{sessionKey} and its /performance,
// /polls, /questions and /surveys.
func (c *Component) getSessionDetails(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "sessionKey"); err != nil {
		return err
	}
	org, wk, sk, err := sessionKeys(ctx, k)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("session %s of webinar %s", sk, wk)
	s, err := sessionByKey(ctx, k, org, wk, sk)
	if err != nil {
		return err
	}
	out := sessionDetails{Session: s}
	if out.Performance, err = k.api.SessionPerformance(ctx, org, wk, sk); err != nil {
		return explain(err, "get the performance of "+what)
	}
	if out.Polls, err = k.api.SessionPolls(ctx, org, wk, sk); err != nil {
		return explain(err, "get the polls of "+what)
	}
	qs, err := k.api.SessionQuestions(ctx, org, wk, sk)
	if err != nil {
		return explain(err, "get the questions of "+what)
	}
	out.Questions = questionsOut(qs)
	if out.Surveys, err = k.api.SessionSurveys(ctx, org, wk, sk); err != nil {
		return explain(err, "get the surveys of "+what)
	}
	out.Polls, out.Surveys = nonNil(out.Polls), nonNil(out.Surveys)
	return k.emit(ctx, out)
}

// sessionKeys reads the organizer, webinarKey and sessionKey of a
// session-scoped function.
func sessionKeys(ctx context.Context, k *call) (org, wk, sk gotowebinar.Key, err error) {
	if org, err = k.organizer(ctx); err != nil {
		return
	}
	if wk, err = k.key("webinarKey"); err != nil {
		return
	}
	sk, err = k.key("sessionKey")
	return
}

// sessionByKey fetches one session. GoTo's specification declares a list of
// attendees for this endpoint; when a list comes back, the session is
// looked up in the webinar's sessions instead.
func sessionByKey(ctx context.Context, k *call, org, wk, sk gotowebinar.Key) (gotowebinar.Session, error) {
	what := fmt.Sprintf("get session %s of webinar %s", sk, wk)
	raw, err := k.api.Session(ctx, org, wk, sk)
	if err != nil {
		return gotowebinar.Session{}, explain(err, what)
	}
	var s gotowebinar.Session
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		if err := json.Unmarshal(trimmed, &s); err != nil {
			return s, permanent(fmt.Errorf("%s: GoToWebinar sent a session that cannot be read: %w", what, err))
		}
	} else if s, err = findSession(ctx, k, org, wk, sk); err != nil {
		return s, err
	}
	if s.SessionKey == 0 {
		s.SessionKey = sk
	}
	if s.WebinarKey == 0 {
		s.WebinarKey = wk
	}
	return s, nil
}

func findSession(ctx context.Context, k *call, org, wk, sk gotowebinar.Key) (gotowebinar.Session, error) {
	all, err := k.api.ListWebinarSessions(ctx, org, wk)
	if err != nil {
		return gotowebinar.Session{}, explain(err, "list the sessions of webinar "+wk.String())
	}
	for _, s := range all {
		if s.SessionKey == sk {
			return s, nil
		}
	}
	return gotowebinar.Session{}, permanent(fmt.Errorf("get session %s of webinar %s: not found in GoToWebinar (check the keys): no past session of the webinar has this key", sk, wk))
}
