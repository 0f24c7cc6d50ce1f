package sailor

import (
	"context"
	"errors"

	"github.com/sirupsen/logrus"
)

// Handler processes one message of a trigger or action. Its return ends the
// message: nil means done, an error is published as an error event. The
// sailor, not the handler, acks or rejects the delivery afterwards.
//
// Process may emit any number of events through out; each emit returns
// once the broker confirmed the publish (or the platform call is done).
// Process must not keep using out after it returned.
type Handler interface {
	Process(ctx context.Context, req *Request, out Emitter) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, req *Request, out Emitter) error

// Process calls f.
func (f HandlerFunc) Process(ctx context.Context, req *Request, out Emitter) error {
	return f(ctx, req, out)
}

// Request is what a handler gets for one message. Config and Snapshot are
// the handler's own copies: changing them changes nothing elsewhere.
type Request struct {
	Message *Message
	// Config is the step configuration: credential fields merged with the
	// step's fields, plus _account. Numbers are json.Number.
	Config map[string]any
	// Snapshot is the step's snapshot as of this message's start.
	Snapshot map[string]any
	// Variables are the flow variables.
	Variables map[string]any
	// Keys persists credential keys outside any one message (PUT
	// /v1/accounts/{_account}); a token source shared by many messages uses
	// it to store a refreshed token.
	Keys KeysUpdater
	// Logger carries threadId, messageId and parentMessageId.
	Logger *logrus.Entry
}

// KeysUpdater stores new credential keys for the account of the step
// (the updateKeys event of the Node sailor).
type KeysUpdater interface {
	UpdateKeys(ctx context.Context, keys map[string]any) error
}

// KeysReader is implemented by a Request's Keys: StoredConfig reads the
// step configuration again from the platform, credential fields included,
// as it is stored now. Another replica of the step may have stored a
// rotated token since this container started (reliability.md R22). It
// fails with ErrNoStoredConfig where there is no platform to ask.
type KeysReader interface {
	StoredConfig(ctx context.Context) (map[string]any, error)
}

// ErrNoStoredConfig is StoredConfig's error when the step configuration
// cannot be read again (local runs, hooks and service calls).
var ErrNoStoredConfig = errors.New("sailor: the stored step configuration cannot be read here")

// Emitter is how a handler emits events (sailor-protocol.md 6.2). Every
// method blocks until its publish is confirmed. A failed data, updateKeys or
// error emit has already been reported as an error event when the method
// returns; returning that error from the handler does not report it twice.
type Emitter interface {
	// Data publishes msg to the data routing key, or to the routing key in
	// its x-eio-routing-key header.
	Data(ctx context.Context, msg *Message) error
	// Error publishes an error event; the delivery will be rejected.
	Error(ctx context.Context, err error) error
	// Rebound asks the platform to deliver the input again later, with a
	// delay that doubles per iteration; past the limit it becomes an error
	// event and the input is still acked.
	Rebound(ctx context.Context, reason error) error
	// Snapshot replaces the step's snapshot.
	Snapshot(ctx context.Context, snapshot map[string]any) error
	// UpdateSnapshot merges delta into the step's snapshot (shallow). A delta
	// with a "$set" key is ignored with a warning, as in the Node sailor.
	UpdateSnapshot(ctx context.Context, delta map[string]any) error
	// UpdateKeys stores new credential keys for the step's account.
	UpdateKeys(ctx context.Context, keys map[string]any) error
	// HTTPReply answers a request-reply webhook through reply_to.
	HTTPReply(ctx context.Context, reply HTTPReply) error
}

// HTTPReply is the payload of an httpReply event.
type HTTPReply struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers,omitempty"`
	Body       any               `json:"body"`
}
