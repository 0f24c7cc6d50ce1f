package component

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// A webinarChanges snapshot entry: the webinarKey (8 bytes), then 3-byte
// hashes of the subject and of the times.
const (
	changesEntry = 14
	changesHash  = 3
)

// webinarChanges (polling trigger) emits one message per watched webinar
// whose subject or times changed since the previous poll ({...webinar,
// "changeType": "updated", "changedFields": ["subject", "times"]}) or that
// was cancelled ({"webinarKey", "changeType": "cancelled"}).
//
// It watches the organizer's upcoming webinars, from now to two years
// ahead, at most the next webinarChangesCap of them (a further one is
// watched once it is among them). GoTo keeps no history of changes, so the
// first poll only records how the upcoming webinars are and emits nothing.
func (c *Component) webinarChanges(ctx context.Context, k *call) error {
	prev, err := readWatchState(k, changesEntry)
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	now := k.now()
	from, to := watchFrom(prev, now, now), now.AddDate(watchYears, 0, 0)
	list, err := k.api.ListWebinars(ctx, org, from, to)
	if err != nil {
		return explain(err, "list webinars")
	}
	var events []any
	if prev != nil {
		if events, err = webinarEvents(ctx, k, org, prev, list); err != nil {
			return err
		}
	}
	watched, _ := upcomingWatched(list, now, to, webinarChangesCap)
	next := &watchState{polledAt: now}
	for _, w := range watched {
		next.entries = append(next.entries, changesEntryOf(w.WebinarKey, w.Subject, w.Times)...)
	}
	for _, ev := range events {
		if err := k.emit(ctx, ev); err != nil {
			return err
		}
	}
	return k.out.Snapshot(ctx, next.snapshot())
}

// changesEntryOf packs one webinar's snapshot entry.
func changesEntryOf(key gotowebinar.Key, subject string, times []gotowebinar.DateTimeRange) []byte {
	e := binary.BigEndian.AppendUint64(nil, uint64(key))
	e = append(e, shortHash(subject, changesHash)...)
	return append(e, shortHash(timesFingerprint(times), changesHash)...)
}

// webinarEvents compares the watched webinars of prev with the list; a
// watched webinar missing from the list is fetched: 404 means cancelled,
// else it moved out of the watched window.
func webinarEvents(ctx context.Context, k *call, org gotowebinar.Key, prev *watchState, list []gotowebinar.Webinar) ([]any, error) {
	listed := make(map[gotowebinar.Key]gotowebinar.Webinar, len(list))
	for _, w := range list {
		listed[w.WebinarKey] = w
	}
	var events []any
	for e := range slices.Chunk(prev.entries, changesEntry) {
		key := gotowebinar.Key(binary.BigEndian.Uint64(e))
		if w, ok := listed[key]; ok {
			if fields := changedFields(e, w.Subject, w.Times); len(fields) > 0 {
				events = append(events, listedChange{w, change{"updated", fields}})
			}
			continue
		}
		ev, err := missingWebinarEvent(ctx, k, org, key, e)
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	return events, nil
}

// missingWebinarEvent explains a watched webinar gone from the list.
func missingWebinarEvent(ctx context.Context, k *call, org, key gotowebinar.Key, e []byte) (any, error) {
	w, err := k.api.Webinar(ctx, org, key)
	if errors.Is(err, gotowebinar.ErrNotFound) {
		return cancelledChange{key, change{ChangeType: "cancelled"}}, nil
	}
	if err != nil {
		return nil, explain(err, "get webinar "+key.String())
	}
	fields := changedFields(e, w.Subject, nil)
	if !slices.Contains(fields, "times") { // it left the watched window
		fields = append(fields, "times")
	}
	return fetchedChange{w, change{"updated", fields}}, nil
}

// changedFields names what differs from a snapshot entry; times nil are
// not compared.
func changedFields(e []byte, subject string, times []gotowebinar.DateTimeRange) []string {
	var out []string
	if !bytes.Equal(e[8:8+changesHash], shortHash(subject, changesHash)) {
		out = append(out, "subject")
	}
	if times != nil && !bytes.Equal(e[8+changesHash:], shortHash(timesFingerprint(times), changesHash)) {
		out = append(out, "times")
	}
	return out
}

// change is what a webinarChanges event says happened.
type change struct {
	ChangeType    string   `json:"changeType"`
	ChangedFields []string `json:"changedFields,omitempty"` // set when updated
}

// The webinarChanges events: a listed or a fetched webinar that changed,
// and a cancelled one, known by its key only.
type (
	listedChange struct {
		gotowebinar.Webinar
		change
	}
	fetchedChange struct {
		*gotowebinar.WebinarDetails
		change
	}
	cancelledChange struct {
		WebinarKey gotowebinar.Key `json:"webinarKey"`
		change
	}
)
