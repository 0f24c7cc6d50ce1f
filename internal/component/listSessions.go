package component

import (
	"context"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// sessionsDefaultWindow is how far back listSessions looks when fromTime is
// empty.
const sessionsDefaultWindow = 90 * 24 * time.Hour

// listSessions emits completed sessions: the organizer's whose start lies in
// [fromTime, toTime] (default the last 90 days up to now), or, with a
// webinarKey, every past session of that webinar (then fromTime and toTime,
// when given, filter by start time).
// GET /organizers/{organizerKey}/sessions, GET .../webinars/{webinarKey}/sessions
func (c *Component) listSessions(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "fromTime", "toTime", "emitBehaviour"); err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	wk, err := k.optionalKey("webinarKey")
	if err != nil {
		return err
	}
	from, to, err := sessionRange(k, wk == 0)
	if err != nil {
		return err
	}
	var sessions []gotowebinar.Session
	if wk == 0 {
		sessions, err = k.api.ListOrganizerSessions(ctx, org, from, to)
		if err != nil {
			return explain(err, "list the sessions from "+from.Format(time.RFC3339)+" to "+to.Format(time.RFC3339))
		}
	} else {
		sessions, err = webinarSessionsBetween(ctx, k, org, wk, from, to)
		if err != nil {
			return err
		}
	}
	return emitList(ctx, k, nonNil(sessions))
}

// sessionRange reads fromTime and toTime; with defaults, a missing bound
// becomes the last 90 days up to now, else it stays open (zero).
func sessionRange(k *call, defaults bool) (from, to time.Time, err error) {
	if from, err = k.time("fromTime"); err != nil {
		return from, to, err
	}
	if to, err = k.time("toTime"); err != nil {
		return from, to, err
	}
	if defaults {
		if to.IsZero() {
			to = k.now()
		}
		if from.IsZero() {
			from = to.Add(-sessionsDefaultWindow)
		}
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return from, to, invalidField("fromTime", "must not be after toTime ("+to.Format(time.RFC3339)+")")
	}
	return from, to, nil
}

// webinarSessionsBetween lists a webinar's past sessions whose start lies
// within the optional bounds.
func webinarSessionsBetween(ctx context.Context, k *call, org, wk gotowebinar.Key, from, to time.Time) ([]gotowebinar.Session, error) {
	all, err := k.api.ListWebinarSessions(ctx, org, wk)
	if err != nil {
		return nil, explain(err, "list the sessions of webinar "+wk.String())
	}
	var out []gotowebinar.Session
	for _, s := range all {
		if (!from.IsZero() && s.StartTime.Before(from)) || (!to.IsZero() && s.StartTime.After(to)) {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}
