// Package floor is the bare amqp091-go loop the sailor is measured against:
// it consumes a queue with basic.qos(prefetch), republishes each delivery's
// body and headers to an exchange on a confirm-mode channel of a second
// connection, waits for the confirm and acks. No decryption, no JSON, no
// logging: the floor cost of any sailor on the same broker.
package floor

import (
	"context"
	"errors"
	"fmt"
	"sync"

	amqp "github.com/rabbitmq/amqp091-go"
)

// Config names the step's queue and output, as the sailor's env does.
type Config struct {
	URI        string
	Queue      string
	Exchange   string
	RoutingKey string
	Prefetch   int
	// Ready, when set, is called once the consumer is attached.
	Ready func()
}

// Run loops until ctx ends or a connection fails. Prefetch goroutines
// process deliveries concurrently, as the sailor's worker pool does.
func Run(ctx context.Context, cfg Config) error {
	prefetch := max(cfg.Prefetch, 1)
	rconn, err := amqp.Dial(cfg.URI)
	if err != nil {
		return fmt.Errorf("floor: read connection: %w", err)
	}
	defer rconn.Close()
	wconn, err := amqp.Dial(cfg.URI)
	if err != nil {
		return fmt.Errorf("floor: write connection: %w", err)
	}
	defer wconn.Close()
	pub, err := wconn.Channel()
	if err != nil {
		return fmt.Errorf("floor: write channel: %w", err)
	}
	if err := pub.Confirm(false); err != nil {
		return fmt.Errorf("floor: confirm mode: %w", err)
	}
	sub, err := rconn.Channel()
	if err != nil {
		return fmt.Errorf("floor: read channel: %w", err)
	}
	if err := sub.Qos(prefetch, 0, false); err != nil {
		return fmt.Errorf("floor: qos: %w", err)
	}
	deliveries, err := sub.Consume(cfg.Queue, "", false, false, false, false, nil)
	if err != nil {
		return fmt.Errorf("floor: consume: %w", err)
	}
	if cfg.Ready != nil {
		cfg.Ready()
	}
	closed := rconn.NotifyClose(make(chan *amqp.Error, 1))

	var wg sync.WaitGroup
	errs := make(chan error, prefetch)
	for range prefetch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range deliveries {
				if err := forward(ctx, pub, cfg, &d); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	select {
	case <-ctx.Done():
	case e := <-closed:
		if e != nil {
			err = e
		}
	case err = <-errs:
	}
	_ = sub.Close()
	wg.Wait()
	return err
}

// forward republishes one delivery, waits for the broker's confirm and acks.
func forward(ctx context.Context, pub *amqp.Channel, cfg Config, d *amqp.Delivery) error {
	dc, err := pub.PublishWithDeferredConfirmWithContext(ctx, cfg.Exchange, cfg.RoutingKey, true, false, amqp.Publishing{
		Headers:         d.Headers,
		ContentType:     d.ContentType,
		ContentEncoding: d.ContentEncoding,
		DeliveryMode:    d.DeliveryMode,
		Body:            d.Body,
	})
	if err != nil {
		return fmt.Errorf("floor: publish: %w", err)
	}
	ok, err := dc.WaitContext(ctx)
	if err != nil {
		return fmt.Errorf("floor: confirm: %w", err)
	}
	if !ok {
		return errors.New("floor: publish nacked")
	}
	return d.Ack(false)
}
