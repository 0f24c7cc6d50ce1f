package sailor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// Micro-benchmarks of the per-message work of the sailor, without a broker:
// decode (decrypt + parse) and encode (build, encrypt, headers, publish to a
// transport that drops it) at 64 B, 10 KB and 100 KB bodies in both protocol
// versions, and header building. The end-to-end benchmark is bench/cmd/e2e.

var benchSizes = []struct {
	name string
	n    int
}{{"64B", 64}, {"10KB", 10 << 10}, {"100KB", 100 << 10}}

// nopTransport confirms every publish at once.
type nopTransport struct{}

func (nopTransport) Consume(ctx context.Context, _ string, _ int, _ func(*Delivery)) error {
	<-ctx.Done()
	return nil
}
func (nopTransport) Publish(context.Context, *Publishing) error { return nil }
func (nopTransport) Close() error                               { return nil }

func benchSailor(b *testing.B, protocolVersion int) *Sailor {
	b.Helper()
	env := map[string]string{
		"ELASTICIO_FLOW_ID": "5559edd38968ec0736000003", "ELASTICIO_EXEC_ID": "exec-1",
		"ELASTICIO_STEP_ID": "step_2", "ELASTICIO_CONTAINER_ID": "container-1",
		"ELASTICIO_WORKSPACE_ID": "ws-1", "ELASTICIO_USER_ID": "user-1", "ELASTICIO_COMP_ID": "comp-1",
		"ELASTICIO_FUNCTION": "f", "ELASTICIO_API_URI": "http://127.0.0.1:1", "ELASTICIO_API_USERNAME": "task-1",
		"ELASTICIO_API_KEY": "k", "ELASTICIO_AMQP_URI": "amqp://guest:guest@127.0.0.1:5672",
		"ELASTICIO_LISTEN_MESSAGES_ON": "q", "ELASTICIO_PUBLISH_MESSAGES_TO": "x",
		"ELASTICIO_DATA_ROUTING_KEY": "data", "ELASTICIO_ERROR_ROUTING_KEY": "error",
		"ELASTICIO_REBOUND_ROUTING_KEY": "rebound", "ELASTICIO_SNAPSHOT_ROUTING_KEY": "snapshot",
		"ELASTICIO_MESSAGE_CRYPTO_IV": "iv=any16_symbols", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": "testCryptoPassword",
		"ELASTICIO_DATA_RATE_LIMIT": "10000", "ELASTICIO_RATE_INTERVAL": "1",
		"ELASTICIO_PROTOCOL_VERSION": fmt.Sprint(protocolVersion),
	}
	st, err := settings.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		b.Fatal(err)
	}
	reg := NewRegistry()
	if err := reg.HandleFunc("f", func(context.Context, *Request, Emitter) error { return nil }); err != nil {
		b.Fatal(err)
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	s, err := New(Config{Settings: st, Transport: nopTransport{}, Registry: reg, Logger: logrus.NewEntry(log)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchHeaders are the AMQP headers of a delivery from the previous step.
func benchHeaders(protocolVersion int) map[string]any {
	return map[string]any{
		"execId": "exec-0", "taskId": "5559edd38968ec0736000003", "userId": "user-1",
		"workspaceId": "ws-1", "containerId": "container-0", "stepId": "step_1",
		"compId": "comp-0", "function": "trigger", "threadId": "6f1c7e0e-2b1b-4e1e-9d1a-1b2c3d4e5f60",
		"messageId": "0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e", "parentMessageId": "a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d",
		"protocolVersion": int8(protocolVersion), "start": int64(1764417600000), "end": int64(1764417600100),
		"x-eio-meta-trace-id": "trace-1",
	}
}

// benchMessage is a message object whose body JSON is n bytes.
func benchMessage(n int) *Message {
	const skeleton = `{"pad":""}`
	body := []byte(`{"pad":"` + string(bytes.Repeat([]byte{'x'}, max(n-len(skeleton), 0))) + `"}`)
	return &Message{
		ID: "0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e", Attachments: json.RawMessage(`{}`),
		Body: body, Headers: map[string]any{}, Metadata: json.RawMessage(`{}`),
	}
}

// BenchmarkDecode is the decode step of Handle: decrypt (v1: base64 too)
// and parse the message object.
func BenchmarkDecode(b *testing.B) {
	for _, v := range []int{1, 2} {
		s := benchSailor(b, v)
		for _, size := range benchSizes {
			plain, err := json.Marshal(benchMessage(size.n))
			if err != nil {
				b.Fatal(err)
			}
			d := &Delivery{Body: s.cipher.EncodeBody(plain, v), Headers: benchHeaders(v)}
			in := readInbound(d.Headers)
			b.Run(fmt.Sprintf("v%d/%s", v, size.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(size.n))
				for b.Loop() {
					r := &run{s: s, d: d, in: in}
					if _, err := s.decode(d, in, r); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkEncode is one data emit: clone, JSON, encrypt (v1: base64 too),
// size check, event headers and the publish call (dropped).
func BenchmarkEncode(b *testing.B) {
	ctx := context.Background()
	for _, v := range []int{1, 2} {
		s := benchSailor(b, v)
		for _, size := range benchSizes {
			msg := benchMessage(size.n)
			d := &Delivery{Headers: benchHeaders(1)}
			in := readInbound(d.Headers)
			r := &run{s: s, d: d, in: in, msg: msg, base: s.baseHeaders(in, s.clock.Now())}
			b.Run(fmt.Sprintf("v%d/%s", v, size.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(size.n))
				for b.Loop() {
					if err := r.publishData(ctx, msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkHeaders reads a delivery's headers and builds the base set and
// the headers of one data event.
func BenchmarkHeaders(b *testing.B) {
	s := benchSailor(b, 1)
	h := benchHeaders(1)
	b.ReportAllocs()
	for b.Loop() {
		in := readInbound(h)
		base := s.baseHeaders(in, s.clock.Now())
		out := copyHeaders(base, 3)
		out[hdrMessageID] = NewUUID()
		out[hdrEnd] = epochMillis(s.clock.Now())
		out[hdrProtocolVersion] = intHeader(1)
	}
}

// BenchmarkMessageJSON compares the JSON calls of the decode and encode
// steps with calling the Message methods directly: json.Unmarshal validates
// the whole input before UnmarshalJSON parses it again, and json.Marshal
// compacts (re-scans and copies) what MarshalJSON wrote.
func BenchmarkMessageJSON(b *testing.B) {
	for _, size := range benchSizes {
		msg := benchMessage(size.n)
		plain, err := json.Marshal(msg)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("Unmarshal/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				var m Message
				if err := json.Unmarshal(plain, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("UnmarshalJSON/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				var m Message
				if err := m.UnmarshalJSON(plain); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Marshal/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				if _, err := json.Marshal(msg); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("MarshalJSON/"+size.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size.n))
			for b.Loop() {
				if _, err := msg.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
