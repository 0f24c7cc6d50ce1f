package component

import (
	"context"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// webinarsModel is the select model of every webinarKey field: the
// organizer's upcoming webinars (from now to one year ahead), value = the
// webinarKey as a string, label = "<subject> (<next start, UTC>)".
//
// The answer is a JSON object, which carries no order: the platform shows
// the options in its own order (Go encodes the keys sorted).
func (c *Component) webinarsModel(ctx context.Context, req *sailor.ServiceRequest) (map[string]string, error) {
	ctx, k, err := c.serviceCall(ctx, "webinarsModel", req)
	if err != nil {
		return nil, err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return nil, err
	}
	now := k.now()
	list, err := k.api.ListWebinars(ctx, org, now, now.AddDate(1, 0, 0))
	if err != nil {
		return nil, explain(err, "list the upcoming webinars")
	}
	out := make(map[string]string, len(list))
	for _, w := range list {
		out[w.WebinarKey.String()] = webinarLabel(w, now)
	}
	return out, nil
}

// webinarLabel is "<subject> (2006-01-02 15:04 UTC)" with the webinar's
// next start at or after now (its first start when all are past).
func webinarLabel(w gotowebinar.Webinar, now time.Time) string {
	start := nextStart(w.Times, now)
	if start.IsZero() && len(w.Times) > 0 {
		start = w.Times[0].StartTime
	}
	if start.IsZero() {
		return w.Subject
	}
	return w.Subject + " (" + start.UTC().Format("2006-01-02 15:04") + " UTC)"
}

// nextStart is the earliest start at or after from; zero if none.
func nextStart(times []gotowebinar.DateTimeRange, from time.Time) time.Time {
	var best time.Time
	for _, t := range times {
		if !t.StartTime.Before(from) && (best.IsZero() || t.StartTime.Before(best)) {
			best = t.StartTime
		}
	}
	return best
}
