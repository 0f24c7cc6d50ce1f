package sailor

import (
	"errors"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
)

// rememberSettled is how long the outcome of a message whose settlement was
// dropped (its channel died) is kept, so that the broker's redelivery of it
// is settled without running the handler again. It covers a reconnect with
// back-off; the redelivery normally arrives within seconds.
const rememberSettled = 10 * time.Minute

// maxRemembered bounds that memory.
const maxRemembered = 10000

// inflight de-duplicates redeliveries of messages this process is still
// processing or has just processed (sailor-protocol.md 4.6, 13 items 3-5).
//
// When the read connection dies while a message is being processed, the
// broker requeues it and hands it out again, redelivered, on the new
// channel. The running handler's settlement is dropped (the old delivery
// tag means nothing on the new channel), so the new delivery is the one to
// settle. The sailor therefore does not process the new delivery: it
// settles it with the outcome of the run already under way.
//
// Only redelivered deliveries with a messageId header are matched: a first
// delivery is never a duplicate of anything this process saw (siblings that
// an older sailor upstream sent with one shared messageId stay distinct),
// and without a messageId there is nothing to match on, so such a delivery
// is keyed by itself.
type inflight struct {
	log *logrus.Entry
	now func() time.Time

	mu      sync.Mutex
	running map[string]*inflightEntry
	settled map[string]settledOutcome
}

type inflightEntry struct {
	// runs counts the deliveries with this id being processed (first
	// deliveries of messages that share an id are processed each).
	runs int
	// dups are later deliveries of the same message, to settle with it.
	dups []dupDelivery
}

type dupDelivery struct {
	d  *Delivery
	at time.Time
}

type settledOutcome struct {
	how settlement
	at  time.Time
}

func newInflight(log *logrus.Entry, now func() time.Time) *inflight {
	return &inflight{
		log: log, now: now,
		running: map[string]*inflightEntry{},
		settled: map[string]settledOutcome{},
	}
}

// admit registers d before it is processed. It returns false when d is a
// redelivery of a message this process is processing (it will be settled
// with that run) or has processed without being able to settle it (it is
// settled here); the caller must then not process d.
func (f *inflight) admit(d *Delivery) bool {
	id := headerString(d.Headers[hdrMessageID])
	if id == "" {
		return true
	}
	f.mu.Lock()
	if e, ok := f.running[id]; ok && d.Redelivered {
		e.dups = append(e.dups, dupDelivery{d: d, at: f.now()})
		f.mu.Unlock()
		f.log.WithFields(logrus.Fields{"messageId": id, "deliveryTag": d.DeliveryTag}).
			Warn("duplicate message detected: the redelivery is settled when the running copy ends")
		return false
	}
	if o, ok := f.settled[id]; ok && d.Redelivered {
		delete(f.settled, id)
		f.mu.Unlock()
		f.log.WithFields(logrus.Fields{"messageId": id, "deliveryTag": d.DeliveryTag}).
			Warn("duplicate message detected: already processed here; settling the redelivery")
		settleDelivery(f.log.WithField("messageId", id), d, o.how, "duplicate of a message already processed here", f.now(), nil)
		return false
	}
	e, ok := f.running[id]
	if !ok {
		e = &inflightEntry{}
		f.running[id] = e
	}
	e.runs++
	f.mu.Unlock()
	return true
}

// take ends one run of the message of d and returns the duplicates to
// settle with it.
func (f *inflight) take(id string) []dupDelivery {
	e := f.running[id]
	if e == nil {
		return nil
	}
	dups := e.dups
	e.dups = nil
	if e.runs--; e.runs <= 0 {
		delete(f.running, id)
	}
	return dups
}

// abandon ends the run of d without settling: d and its duplicates are left
// to the broker, which requeues them when the channel closes.
func (f *inflight) abandon(d *Delivery) {
	if id := headerString(d.Headers[hdrMessageID]); id != "" {
		f.mu.Lock()
		f.take(id)
		f.mu.Unlock()
	}
}

// finish is called once the run of d has settled (or tried to): stale
// tells whether d's own settlement was dropped. The duplicates that
// arrived meanwhile are settled the same way. When d's settlement was
// dropped and no duplicate has arrived yet, an ack or reject is remembered
// for the redelivery to come (a requeue is not: the redelivery must be
// processed).
func (f *inflight) finish(d *Delivery, how settlement, stale bool) {
	id := headerString(d.Headers[hdrMessageID])
	if id == "" {
		return
	}
	f.mu.Lock()
	dups := f.take(id)
	if stale && len(dups) == 0 && how != settleRequeue {
		f.forgetOld()
		if len(f.settled) < maxRemembered {
			f.settled[id] = settledOutcome{how: how, at: f.now()}
		}
	}
	f.mu.Unlock()
	for _, dup := range dups {
		settleDelivery(f.log.WithField("messageId", id), dup.d, how, "duplicate of a message processed here", dup.at, nil)
	}
}

// forgetOld drops outcomes older than rememberSettled; f.mu is held.
func (f *inflight) forgetOld() {
	cutoff := f.now().Add(-rememberSettled)
	for id, o := range f.settled {
		if o.at.Before(cutoff) {
			delete(f.settled, id)
		}
	}
}

// settlement is what is done with a delivery.
type settlement int

const (
	settleAck settlement = iota
	settleReject
	settleRequeue
)

func (h settlement) String() string {
	switch h {
	case settleAck:
		return "ack"
	case settleReject:
		return "reject"
	default:
		return "requeue"
	}
}

// past is the word of the settlement's log message ("message acked").
func (h settlement) past() string {
	switch h {
	case settleAck:
		return "acked"
	case settleReject:
		return "rejected"
	default:
		return "requeued"
	}
}

// settleDelivery acks, rejects or requeues d and writes the delivery's one
// settlement log line (reliability.md R29): messageId and function (from
// log), deliveryTag, redelivered, outcome (ack, reject, requeue, or stale
// when the channel died and the settlement was dropped), reason and
// duration_ms since start. extra adds fields (error, stack).
func settleDelivery(log *logrus.Entry, d *Delivery, how settlement, reason string, start time.Time, extra logrus.Fields) (stale bool) {
	var err error
	switch how {
	case settleAck:
		err = d.Settler.Ack()
	case settleReject:
		err = d.Settler.Reject()
	default:
		err = d.Settler.Requeue()
	}
	// One map for the whole line: every WithFields copies the entry's
	// fields, and this line is written for every message.
	fields := make(logrus.Fields, len(extra)+9)
	for k, v := range extra {
		fields[k] = v
	}
	fields["deliveryTag"] = d.DeliveryTag
	fields["consumerTag"] = d.ConsumerTag
	fields["redelivered"] = d.Redelivered
	fields["reason"] = reason
	fields["duration_ms"] = time.Since(start).Milliseconds()
	fields["settlement"] = "done"
	switch {
	case errors.Is(err, ErrStaleDelivery):
		fields["outcome"] = "stale"
		fields["intended"] = how.String()
		log.WithFields(fields).Warn("message not settled: its channel closed; the broker redelivers it")
		return true
	case err != nil:
		fields["outcome"] = how.String()
		fields["settleError"] = err.Error()
		log.WithFields(fields).Error("message settlement failed")
	default:
		fields["outcome"] = how.String()
		log.WithFields(fields).Info("message " + how.past())
	}
	return false
}

// logUnsettled writes the settlement line of a delivery left to the broker
// without a settlement (it is requeued when the channel closes).
func logUnsettled(log *logrus.Entry, d *Delivery, reason string, start time.Time) {
	log.WithFields(logrus.Fields{
		"deliveryTag": d.DeliveryTag, "consumerTag": d.ConsumerTag, "redelivered": d.Redelivered,
		"reason": reason, "duration_ms": time.Since(start).Milliseconds(), "settlement": "done", "outcome": "left",
	}).Warn("message left unsettled for redelivery")
}
