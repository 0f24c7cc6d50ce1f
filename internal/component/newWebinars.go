package component

import (
	"context"
	"slices"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// newWebinarsEntry is the size of a newWebinars snapshot entry: a hash of
// the webinarKey.
const newWebinarsEntry = 5

// newWebinars (polling trigger) emits, once each, the organizer's webinars
// that appeared in GoToWebinar since the previous poll: one message per
// webinar, as listed by GET /organizers/{organizerKey}/webinars.
//
// GoTo's webinar list carries no creation time, so the trigger watches the
// list from the previous poll to two years ahead and remembers the upcoming
// webinars it has seen (at most newWebinarsCap; further ones are watched,
// and reported, once they are among the next newWebinarsCap). First poll:
// without startTime it emits nothing and remembers the webinars scheduled
// from now on; with startTime it emits every webinar scheduled to start at
// or after startTime.
func (c *Component) newWebinars(ctx context.Context, k *call) error {
	prev, err := readWatchState(k, newWebinarsEntry)
	if err != nil {
		return err
	}
	first, err := k.time("startTime")
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	now := k.now()
	from, to := watchFrom(prev, first, now), now.AddDate(watchYears, 0, 0)
	list, err := k.api.ListWebinars(ctx, org, from, to)
	if err != nil {
		return explain(err, "list webinars")
	}
	up, _ := upcomingWatched(list, now, to, newWebinarsCap)
	next := &watchState{polledAt: now}
	for _, w := range up {
		next.entries = append(next.entries, shortHash(w.WebinarKey.String(), newWebinarsEntry)...)
	}
	if prev != nil || !first.IsZero() {
		for _, w := range appearedWebinars(list, up, prev, from, now) {
			if err := k.emit(ctx, w); err != nil {
				return err
			}
		}
	}
	return k.out.Snapshot(ctx, next.snapshot())
}

// appearedWebinars are the webinars of this poll not in prev (all of them
// on a first poll), by start: the listed ones now past, and the watched
// upcoming ones (further ones are reported once they are watched).
func appearedWebinars(list, watched []gotowebinar.Webinar, prev *watchState, from, now time.Time) []gotowebinar.Webinar {
	known := map[string]bool{}
	if prev != nil {
		for e := range slices.Chunk(prev.entries, newWebinarsEntry) {
			known[string(e)] = true
		}
	}
	var out []gotowebinar.Webinar
	for _, w := range list {
		if nextStart(w.Times, now).IsZero() && !known[string(shortHash(w.WebinarKey.String(), newWebinarsEntry))] {
			out = append(out, w)
		}
	}
	for _, w := range watched {
		if !known[string(shortHash(w.WebinarKey.String(), newWebinarsEntry))] {
			out = append(out, w)
		}
	}
	sortByStart(out, from)
	return out
}
