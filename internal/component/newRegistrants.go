package component

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

const (
	// registrantLag is how far behind the poll's start the next poll looks
	// again: it covers the clock difference between us and GoTo and GoTo's
	// delay in listing a new registration. Registrations this recent are
	// remembered by key in the snapshot.
	registrantLag = 2 * time.Minute
	// registrantWindowBack and registrantWindowAhead bound "upcoming
	// webinars": those with a session starting from a day ago (so webinars
	// in session still count) to a year ahead.
	registrantWindowBack  = 24 * time.Hour
	registrantWindowAhead = 365 * 24 * time.Hour
)

// registrantWebinar is a webinar the trigger watches.
type registrantWebinar struct {
	key     gotowebinar.Key
	subject string
}

// newRegistrants emits one message per registrant that registered since
// the previous poll, for the chosen webinar or for every upcoming webinar
// (optionally those whose subject contains subjectContains), with the
// webinar's webinarKey and webinarSubject. The snapshot {floor, seen}
// holds a time floor and the keys of the registrants registered since it.
// First poll: without startTime nothing is emitted, the trigger only
// remembers where it is; with startTime every registrant since then is.
func (c *Component) newRegistrants(ctx context.Context, k *call) error {
	prev, err := readRegistrantMark(k.req.Snapshot)
	if err != nil {
		return err
	}
	start, err := k.time("startTime")
	if err != nil {
		return err
	}
	pollStart := k.now()
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	webinars, err := k.registrantWebinars(ctx, org, pollStart)
	if err != nil {
		return err
	}
	all, err := k.registrantsOf(ctx, org, webinars)
	if err != nil {
		return err
	}
	fresh, next := prev.advance(all, start, pollStart)
	for _, r := range fresh {
		if err := k.emit(ctx, r); err != nil {
			return err
		}
	}
	return k.out.Snapshot(ctx, next.snapshot())
}

// registrantWebinars returns the chosen webinar, or the organizer's
// upcoming webinars whose subject contains subjectContains.
func (k *call) registrantWebinars(ctx context.Context, org gotowebinar.Key, now time.Time) ([]registrantWebinar, error) {
	wk, err := k.optionalKey("webinarKey")
	if err != nil {
		return nil, err
	}
	filter := strings.ToLower(k.str("subjectContains"))
	if wk != 0 {
		if filter != "" {
			return nil, invalidField("subjectContains", "filters the upcoming webinars when no webinar is chosen; clear it or the webinar")
		}
		w, err := k.api.Webinar(ctx, org, wk)
		if err != nil {
			return nil, explain(err, "get webinar "+wk.String())
		}
		return []registrantWebinar{{key: wk, subject: w.Subject}}, nil
	}
	list, err := k.api.ListWebinars(ctx, org, now.Add(-registrantWindowBack), now.Add(registrantWindowAhead))
	if err != nil {
		return nil, explain(err, "list the upcoming webinars")
	}
	var out []registrantWebinar
	for _, w := range list {
		if strings.Contains(strings.ToLower(w.Subject), filter) {
			out = append(out, registrantWebinar{key: w.WebinarKey, subject: w.Subject})
		}
	}
	return out, nil
}

// registrantsOf lists the registrants of every webinar. A webinar cancelled
// since it was listed is skipped.
func (k *call) registrantsOf(ctx context.Context, org gotowebinar.Key, webinars []registrantWebinar) ([]webinarRegistrant, error) {
	var all []webinarRegistrant
	for _, w := range webinars {
		list, err := k.api.ListRegistrants(ctx, org, w.key)
		if errors.Is(err, gotowebinar.ErrNotFound) && len(webinars) > 1 {
			k.log.WithField("webinarKey", w.key.String()).Info("webinar gone since it was listed; skipped")
			continue
		}
		if err != nil {
			return nil, explain(err, "list the registrants of webinar "+w.key.String())
		}
		for _, r := range list {
			r.RegistrationDate = r.RegistrationDate.UTC()
			all = append(all, webinarRegistrant{Registrant: r, WebinarKey: w.key, WebinarSubject: w.subject})
		}
	}
	return all, nil
}

// registrantMark is the trigger's state. Every registrant registered
// before floor has been emitted (or predates the trigger); seen holds the
// keys of those registered at or after floor that were emitted or skipped.
// floor trails the previous poll's start by registrantLag, so seen only
// holds the registrations of a few minutes: the snapshot stays small.
type registrantMark struct {
	floor time.Time
	seen  map[gotowebinar.Key]bool
}

// advance picks the registrants to emit, ordered by registration, and the
// state after emitting them.
func (m registrantMark) advance(all []webinarRegistrant, start, pollStart time.Time) ([]webinarRegistrant, registrantMark) {
	lower := m.floor
	if start.After(lower) {
		lower = start
	}
	first := m.floor.IsZero()
	next := registrantMark{floor: pollStart.Add(-registrantLag), seen: map[gotowebinar.Key]bool{}}
	if next.floor.Before(m.floor) {
		next.floor = m.floor
	}
	var fresh []webinarRegistrant
	for _, r := range all {
		at := r.RegistrationDate
		if !at.Before(next.floor) {
			next.seen[r.RegistrantKey] = true
		}
		if (first && start.IsZero()) || at.Before(lower) || m.seen[r.RegistrantKey] {
			continue
		}
		fresh = append(fresh, r)
	}
	slices.SortStableFunc(fresh, func(a, b webinarRegistrant) int {
		return cmp.Or(a.RegistrationDate.Compare(b.RegistrationDate), cmp.Compare(a.RegistrantKey, b.RegistrantKey))
	})
	return fresh, next
}

func (m registrantMark) snapshot() map[string]any {
	keys := slices.Sorted(maps.Keys(m.seen))
	seen := make([]any, len(keys)) // []any: the snapshot reads back as JSON would
	for i, key := range keys {
		seen[i] = key.String()
	}
	return map[string]any{"floor": m.floor.Format(time.RFC3339Nano), "seen": seen}
}

// readRegistrantMark reads the snapshot; an empty one is the first poll.
func readRegistrantMark(snap map[string]any) (registrantMark, error) {
	m := registrantMark{seen: map[gotowebinar.Key]bool{}}
	raw, ok := snap["floor"]
	if !ok || empty(raw) {
		return m, nil
	}
	bad := func(why string) error {
		return permanent(fmt.Errorf("the step's snapshot is not one of newRegistrants (%s); reset the snapshot of the step", why))
	}
	s, _ := raw.(string)
	floor, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return m, bad("floor is not a date-time")
	}
	m.floor = floor.UTC()
	var list []any
	switch x := snap["seen"].(type) {
	case nil:
	case []any:
		list = x
	default:
		return m, bad("seen is not a list")
	}
	for _, v := range list {
		key, err := parseKey("seen", v)
		if err != nil {
			return m, bad("seen holds a value that is not a key")
		}
		m.seen[key] = true
	}
	return m, nil
}
