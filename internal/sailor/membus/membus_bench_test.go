package membus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

const benchQueue = "step_2:messages"

// echo is the test component's passthrough: one data message with the
// input body.
func echo(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	return out.Data(ctx, &sailor.Message{
		ID: sailor.NewUUID(), Attachments: json.RawMessage(`{}`), Body: req.Message.Body,
		Headers: map[string]any{}, Metadata: json.RawMessage(`{}`),
	})
}

// startSailor runs a sailor with the echo handler on a fresh bus; logs go
// through the production (bunyan) formatter to io.Discard at level.
func startSailor(b *testing.B, prefetch int, level string) (*membus.Bus, *cipher.Cipher) {
	b.Helper()
	env := map[string]string{
		"ELASTICIO_FLOW_ID": "5559edd38968ec0736000003", "ELASTICIO_EXEC_ID": "exec-1",
		"ELASTICIO_STEP_ID": "step_2", "ELASTICIO_CONTAINER_ID": "container-1",
		"ELASTICIO_WORKSPACE_ID": "ws-1", "ELASTICIO_USER_ID": "user-1", "ELASTICIO_COMP_ID": "comp-1",
		"ELASTICIO_FUNCTION": "f", "ELASTICIO_API_URI": "http://127.0.0.1:1", "ELASTICIO_API_USERNAME": "task-1",
		"ELASTICIO_API_KEY": "k", "ELASTICIO_AMQP_URI": "amqp://guest:guest@127.0.0.1:5672",
		"ELASTICIO_LISTEN_MESSAGES_ON": benchQueue, "ELASTICIO_PUBLISH_MESSAGES_TO": "x",
		"ELASTICIO_DATA_ROUTING_KEY": "data", "ELASTICIO_ERROR_ROUTING_KEY": "error",
		"ELASTICIO_REBOUND_ROUTING_KEY": "rebound", "ELASTICIO_SNAPSHOT_ROUTING_KEY": "snapshot",
		"ELASTICIO_MESSAGE_CRYPTO_IV": "iv=any16_symbols", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": "testCryptoPassword",
		"ELASTICIO_DATA_RATE_LIMIT": "10000", "ELASTICIO_RATE_INTERVAL": "1",
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(prefetch),
		"LOG_LEVEL":                          level,
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	st, err := settings.Load(lookup)
	if err != nil {
		b.Fatal(err)
	}
	reg := sailor.NewRegistry()
	if err := reg.Handle("f", sailor.HandlerFunc(echo)); err != nil {
		b.Fatal(err)
	}
	log, err := bunyan.NewLogger(io.Discard, "sailor", level, st.LogContext)
	if err != nil {
		b.Fatal(err)
	}
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{Settings: st, Transport: bus, Registry: reg, Logger: log})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	})
	c, err := cipher.New("testCryptoPassword", "iv=any16_symbols")
	if err != nil {
		b.Fatal(err)
	}
	return bus, c
}

func delivery(c *cipher.Cipher) sailor.Delivery {
	plain := []byte(`{"id":"0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e","attachments":{},` +
		`"body":{"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},"headers":{},"metadata":{}}`)
	return sailor.Delivery{
		Body: c.EncodeBody(plain, 1),
		Headers: map[string]any{
			"execId": "exec-0", "taskId": "5559edd38968ec0736000003", "userId": "user-1",
			"workspaceId": "ws-1", "containerId": "container-0", "stepId": "step_1",
			"compId": "comp-0", "function": "trigger", "threadId": "6f1c7e0e-2b1b-4e1e-9d1a-1b2c3d4e5f60",
			"messageId": "0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e", "parentMessageId": "a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d",
			"protocolVersion": int8(1), "start": int64(1764417600000), "end": int64(1764417600100),
		},
		Properties: sailor.Properties{ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: 1},
	}
}

// BenchmarkDispatchRoundTrip is one 64 B message through the whole sailor
// on the mock bus, one at a time: delivery, decode, handler, data publish,
// ack. "info" logs as in production (one record per message, formatted and
// discarded); "warn" shows what the per-message logging costs.
func BenchmarkDispatchRoundTrip(b *testing.B) {
	for _, level := range []string{"info", "warn"} {
		b.Run("log="+level, func(b *testing.B) {
			bus, c := startSailor(b, 1, level)
			d := delivery(c)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			b.ReportAllocs()
			for b.Loop() {
				if out, err := bus.Enqueue(benchQueue, d).Wait(ctx); err != nil || out != membus.Acked {
					b.Fatalf("outcome %q, %v", out, err)
				}
			}
		})
	}
}

// BenchmarkDispatchParallel keeps 10 messages in flight at prefetch 10.
func BenchmarkDispatchParallel(b *testing.B) {
	bus, c := startSailor(b, 10, "info")
	d := delivery(c)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b.ReportAllocs()
	window := make(chan *membus.Tracked, 10)
	n := 0
	for b.Loop() {
		if len(window) == cap(window) {
			if _, err := (<-window).Wait(ctx); err != nil {
				b.Fatal(err)
			}
		}
		window <- bus.Enqueue(benchQueue, d)
		n++
	}
	close(window)
	for t := range window {
		if _, err := t.Wait(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
