package amqpbus

import (
	"fmt"
	"math"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
)

// toTable converts sailor headers into an AMQP field table. Integer widths
// are kept as given (int8 travels as 'b', int64 as 'l'); nested
// map[string]any becomes a nested table, which amqp091 only encodes when it
// has the named type amqp.Table.
func toTable(h map[string]any) (amqp.Table, error) {
	if h == nil {
		return nil, nil
	}
	if flat(h) {
		// The common case: nothing to convert, and amqp091 only reads the
		// table while it writes the frame, so the map is used as it is.
		return amqp.Table(h), nil
	}
	t := make(amqp.Table, len(h))
	for k, v := range h {
		cv, err := toField(v)
		if err != nil {
			return nil, fmt.Errorf("header %q: %w", k, err)
		}
		t[k] = cv
	}
	return t, nil
}

// flat tells whether h holds no value toField would change: no nested
// map or list, no int wider than 32 bits.
func flat(h map[string]any) bool {
	for _, v := range h {
		switch x := v.(type) {
		case map[string]any, amqp.Table, []any:
			return false
		case int:
			if x < math.MinInt32 || x > math.MaxInt32 {
				return false
			}
		}
	}
	return true
}

func toField(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return toTable(x)
	case amqp.Table:
		return toTable(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			ce, err := toField(e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			out[i] = ce
		}
		return out, nil
	case int:
		// amqp091 writes a Go int as a 32-bit 'I' and would silently
		// truncate larger values.
		if x < math.MinInt32 || x > math.MaxInt32 {
			return nil, fmt.Errorf("int value %d does not fit the 32-bit field amqp091 writes for int; use int64", x)
		}
		return x, nil
	}
	return v, nil
}

// fromTable converts a decoded field table to plain Go maps so the sailor
// never sees amqp091 types. It converts t in place: a delivery's table is
// decoded for it alone, and copying it would cost a map per message.
func fromTable(t amqp.Table) map[string]any {
	if t == nil {
		return nil
	}
	for k, v := range t {
		switch v.(type) {
		case amqp.Table, []any:
			t[k] = fromField(v)
		}
	}
	return map[string]any(t)
}

func fromField(v any) any {
	switch x := v.(type) {
	case amqp.Table:
		return fromTable(x)
	case []any:
		for i, e := range x {
			x[i] = fromField(e)
		}
		return x
	}
	return v
}

func toPublishing(p *sailor.Publishing) (amqp.Publishing, error) {
	h, err := toTable(p.Headers)
	if err != nil {
		return amqp.Publishing{}, err
	}
	// Once, for the whole tree: Validate descends into nested tables.
	if err := h.Validate(); err != nil {
		return amqp.Publishing{}, fmt.Errorf("headers: %w", err)
	}
	pr := p.Properties
	return amqp.Publishing{
		Headers:         h,
		ContentType:     pr.ContentType,
		ContentEncoding: pr.ContentEncoding,
		DeliveryMode:    pr.DeliveryMode,
		Priority:        pr.Priority,
		CorrelationId:   pr.CorrelationID,
		ReplyTo:         pr.ReplyTo,
		Expiration:      pr.Expiration,
		MessageId:       pr.MessageID,
		Timestamp:       pr.Timestamp,
		Type:            pr.Type,
		UserId:          pr.UserID,
		AppId:           pr.AppID,
		Body:            p.Body,
	}, nil
}

func fromDelivery(d *amqp.Delivery, s sailor.Settler) *sailor.Delivery {
	return &sailor.Delivery{
		Body:    d.Body,
		Headers: fromTable(d.Headers),
		Properties: sailor.Properties{
			ContentType:     d.ContentType,
			ContentEncoding: d.ContentEncoding,
			DeliveryMode:    d.DeliveryMode,
			Priority:        d.Priority,
			CorrelationID:   d.CorrelationId,
			ReplyTo:         d.ReplyTo,
			Expiration:      d.Expiration,
			MessageID:       d.MessageId,
			Timestamp:       d.Timestamp,
			Type:            d.Type,
			UserID:          d.UserId,
			AppID:           d.AppId,
		},
		ConsumerTag: d.ConsumerTag,
		DeliveryTag: d.DeliveryTag,
		Redelivered: d.Redelivered,
		Exchange:    d.Exchange,
		RoutingKey:  d.RoutingKey,
		Settler:     s,
	}
}
