package component

import (
	"context"
	"time"
)

// listWebinars emits the organizer's webinars scheduled in [fromTime,
// toTime] (default: from now to one year ahead), every page of
// GET /organizers/{organizerKey}/webinars, by the step's emitBehaviour.
func (c *Component) listWebinars(ctx context.Context, k *call) error {
	if err := k.only("fromTime", "toTime", "emitBehaviour"); err != nil {
		return err
	}
	from, to, err := webinarListRange(k)
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	list, err := k.api.ListWebinars(ctx, org, from, to)
	if err != nil {
		return explain(err, "list webinars")
	}
	return emitList(ctx, k, list)
}

// webinarListRange reads fromTime and toTime: fromTime defaults to now,
// toTime to one year after fromTime.
func webinarListRange(k *call) (from, to time.Time, err error) {
	if from, err = k.time("fromTime"); err != nil {
		return
	}
	if to, err = k.time("toTime"); err != nil {
		return
	}
	if from.IsZero() {
		from = k.now()
	}
	if to.IsZero() {
		to = from.AddDate(1, 0, 0)
	}
	if to.Before(from) {
		err = invalidField("toTime", "must not be before fromTime ("+from.Format(time.RFC3339)+")")
	}
	return
}
