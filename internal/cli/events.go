package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// event is one line of exec's output: what the platform would have
// received, decrypted.
type event struct {
	Event      string          `json:"event"`
	RoutingKey string          `json:"routingKey,omitempty"`
	Headers    map[string]any  `json:"headers,omitempty"`
	ID         string          `json:"id,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
	Message    json.RawMessage `json:"message,omitempty"`
	Passthru   json.RawMessage `json:"passthrough,omitempty"`
	Error      json.RawMessage `json:"error,omitempty"`
	ErrorInput json.RawMessage `json:"errorInput,omitempty"`
	Expiration string          `json:"expiration,omitempty"`
}

// eventWriter prints every publish of the local step as an event line, and
// stands in for the platform's accounts API (updateKeys). compact leaves
// the AMQP headers out of the lines (exec --compact).
type eventWriter struct {
	w       io.Writer
	st      *settings.Settings
	cipher  *cipher.Cipher
	compact bool

	mu       sync.Mutex
	firstErr error
}

func newEventWriter(w io.Writer, st *settings.Settings, compact bool) *eventWriter {
	return &eventWriter{w: w, st: st, compact: compact}
}

func (e *eventWriter) err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.firstErr
}

func (e *eventWriter) write(ev event) {
	if e.compact {
		ev.Headers = nil
	}
	line, err := json.Marshal(ev)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err == nil {
		_, err = fmt.Fprintf(e.w, "%s\n", line)
	}
	if err != nil && e.firstErr == nil {
		e.firstErr = fmt.Errorf("exec: write event: %w", err)
	}
}

// UpdateAccount implements sailor.AccountUpdater: the keys are printed.
func (e *eventWriter) UpdateAccount(_ context.Context, accountID string, keys map[string]any) error {
	body, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	e.write(event{Event: "updateKeys", RoutingKey: "PUT /v1/accounts/" + accountID, Body: body})
	return nil
}

func (e *eventWriter) publishing(p sailor.Publishing) {
	ev := event{RoutingKey: p.RoutingKey, Headers: p.Headers}
	switch {
	case p.RoutingKey == e.st.ErrorRoutingKey:
		ev.Event = "error"
		e.decodeError(&ev, p.Body)
	case p.Headers["x-eio-error-response"] == true:
		ev.Event = "errorReply"
		ev.Error = e.decryptBase64(string(p.Body))
	case p.RoutingKey == e.st.ReboundRoutingKey:
		ev.Event = "rebound"
		ev.Expiration = p.Properties.Expiration
	case p.RoutingKey == e.st.SnapshotRoutingKey && p.Headers["snapshotEvent"] != nil:
		ev.Event = fmt.Sprint(p.Headers["snapshotEvent"])
		ev.Body = json.RawMessage(p.Body)
	case p.Headers["reply_to"] != nil && p.RoutingKey == fmt.Sprint(p.Headers["reply_to"]) && !hasEnd(p):
		ev.Event = "httpReply"
		ev.Body = e.decrypt(p.Body, 1)
	default:
		ev.Event = "data"
		e.decodeData(&ev, p)
	}
	e.write(ev)
}

func hasEnd(p sailor.Publishing) bool { _, ok := p.Headers["end"]; return ok }

func (e *eventWriter) decodeData(ev *event, p sailor.Publishing) {
	plain := e.decrypt(p.Body, protocolVersionOf(p))
	var msg sailor.Message
	if json.Unmarshal(plain, &msg) != nil {
		ev.Message = plain
		return
	}
	ev.ID = msg.ID
	ev.Body = msg.Body
	if msg.Passthrough != nil {
		ev.Passthru, _ = json.Marshal(msg.Passthrough)
	}
}

func (e *eventWriter) decodeError(ev *event, body []byte) {
	var env struct {
		Error      string `json:"error"`
		ErrorInput string `json:"errorInput"`
	}
	if json.Unmarshal(body, &env) != nil {
		ev.Body = body
		return
	}
	ev.Error = e.decryptBase64(env.Error)
	if env.ErrorInput != "" {
		ev.ErrorInput = e.decryptBase64(env.ErrorInput)
	}
}

func protocolVersionOf(p sailor.Publishing) int {
	return cipher.ProtocolVersion(p.Headers["protocolVersion"])
}

// decrypt returns the plain JSON, or a JSON string describing why not.
func (e *eventWriter) decrypt(body []byte, version int) json.RawMessage {
	plain, err := e.cipher.DecodeBody(body, version)
	if err != nil || !json.Valid(plain) {
		s, _ := json.Marshal(fmt.Sprintf("(undecodable: %v)", err))
		return s
	}
	return plain
}

func (e *eventWriter) decryptBase64(s string) json.RawMessage {
	plain, err := e.cipher.DecryptBase64(s)
	if err != nil || !json.Valid(plain) {
		q, _ := json.Marshal(s)
		return q
	}
	return plain
}
