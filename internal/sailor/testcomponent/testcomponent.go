// Package testcomponent holds the handlers of the runtime's test component
// (cmd/testcomponent): one function per sailor event, so that the runtime's
// tests and benchmarks can drive every path through a real binary or in
// process.
package testcomponent

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Options vary the test component between runs.
type Options struct {
	// NoStartupHook registers no startup hook, as a component without one.
	NoStartupHook bool
}

// Registry returns the name -> handler table of the test component, with
// every hook and service method.
func Registry() (*sailor.Registry, error) { return NewRegistry(Options{}) }

// NewRegistry is Registry with options.
//
// The hooks and service methods are steered by the step configuration:
//   - startup returns cfg.startupState (nothing when absent);
//   - init fails when cfg.failInit is true;
//   - shutdown logs "shutdown hook ran" with the state it got;
//   - verifyCredentials rejects cfg.token == "bad";
//   - getMetaModel of passthrough stores cfg.newKeys with updateKeys when
//     set and fails when cfg.failMeta is true;
//   - selectModel listChoices of passthrough returns two choices.
func NewRegistry(opts Options) (*sailor.Registry, error) {
	r := sailor.NewRegistry()
	for name, h := range map[string]sailor.HandlerFunc{
		"passthrough": passthrough,
		"fail":        fail,
		"rebound":     rebound,
		"snapshot":    snapshot,
		"updateKeys":  updateKeys,
		"multi":       multi,
		"httpReply":   httpReply,
		"slow":        slow,
		"byReference": passthrough,
		"panic":       panicking,
	} {
		if err := r.Handle(name, h); err != nil {
			return nil, err
		}
	}
	hooks := sailor.Hooks{Init: initHook, Shutdown: shutdownHook}
	if !opts.NoStartupHook {
		hooks.Startup = startupHook
	}
	r.SetHooks(hooks)
	r.VerifyCredentials(verifyCredentials)
	r.MetaModel("passthrough", metaModel)
	r.SelectModel("passthrough", "listChoices", listChoices)
	return r, nil
}

func startupHook(_ context.Context, req *sailor.ServiceRequest) (any, error) {
	return req.Config["startupState"], nil
}

func initHook(_ context.Context, req *sailor.ServiceRequest) error {
	if isTrue(req.Config["failInit"]) {
		return errors.New("init failed on purpose")
	}
	return nil
}

func shutdownHook(_ context.Context, req *sailor.ServiceRequest, state json.RawMessage) error {
	req.Logger.WithField("state", string(state)).Info("shutdown hook ran")
	return nil
}

func verifyCredentials(_ context.Context, req *sailor.ServiceRequest) error {
	if req.Config["token"] == "bad" {
		return errors.New("token rejected")
	}
	return nil
}

func metaModel(ctx context.Context, req *sailor.ServiceRequest) (*sailor.MetaModel, error) {
	if isTrue(req.Config["failMeta"]) {
		return nil, errors.New("metadata unavailable")
	}
	if keys, ok := req.Config["newKeys"].(map[string]any); ok {
		if err := req.Keys.UpdateKeys(ctx, keys); err != nil {
			return nil, err
		}
	}
	return &sailor.MetaModel{
		In:  json.RawMessage(`{"type":"object","properties":{"message":{"type":"string"}}}`),
		Out: json.RawMessage(`{"type":"object"}`),
	}, nil
}

func listChoices(context.Context, *sailor.ServiceRequest) (map[string]string, error) {
	return map[string]string{"a": "Choice A", "b": "Choice B"}, nil
}

func isTrue(v any) bool { return v == true || v == "true" }

// input is the part of the input body the functions look at.
type input struct {
	WithID  string `json:"withId"`
	RouteTo string `json:"routeTo"`
	Message string `json:"message"`
	SleepMs int    `json:"sleepMs"`
	// UntilFile makes slow wait until this file exists (or sleepMs passed),
	// so a test can hold a message in flight as long as it needs.
	UntilFile string         `json:"untilFile"`
	Keys      map[string]any `json:"keys"`
	// URL makes passthrough and rebound call it (GET) first, as a
	// component calls its API: passthrough fails on an error answer,
	// rebound rebounds on it (and emits data on success).
	URL string `json:"url"`
	// Panic makes passthrough panic.
	Panic bool `json:"panic"`
	// Log makes passthrough log this text at info through its logger.
	Log string `json:"log"`
}

// inputOptions are the JSON names of input's fields, read from its tags
// so that a new option cannot be missing from the search.
var inputOptions = func() []string {
	t := reflect.TypeFor[input]()
	names := make([]string, t.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return names
}()

func readInput(req *sailor.Request) input {
	var in input
	// Parse only when an option can be there: passthrough is the benchmark
	// workload, and parsing a 100 KB body for nothing would skew it.
	if mayHaveOption(req.Message.Body) {
		_ = req.Message.DecodeBody(&in) // a body that is not an object just has no options
	}
	return in
}

// mayHaveOption reports whether one of inputOptions appears quoted in
// body. It visits the quotes in one pass (a search per option would read
// a 100 KB body nine times).
func mayHaveOption(body []byte) bool {
	for rest := body; ; {
		i := bytes.IndexByte(rest, '"')
		if i < 0 {
			return false
		}
		rest = rest[i+1:]
		for _, opt := range inputOptions {
			if len(rest) > len(opt) && string(rest[:len(opt)]) == opt && rest[len(opt)] == '"' {
				return true
			}
		}
	}
}

// echo builds the data message passthrough emits for an input.
func echo(req *sailor.Request) *sailor.Message {
	in := readInput(req)
	// body.withId, else the input's id as the Node echo of the wire
	// comparison takes it (also for a function that sees no body, one
	// given lightweight bodies by reference), else a new one.
	id := cmp.Or(in.WithID, req.Message.ID)
	if id == "" {
		id = sailor.NewUUID()
	}
	msg := &sailor.Message{
		ID:          id,
		Attachments: json.RawMessage(`{}`),
		Body:        req.Message.Body,
		Headers:     map[string]any{},
		Metadata:    json.RawMessage(`{}`),
	}
	if msg.Body == nil {
		msg.Body = json.RawMessage(`{}`)
	}
	if in.RouteTo != "" {
		msg.Headers["x-eio-routing-key"] = in.RouteTo
	}
	return msg
}

func passthrough(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	in := readInput(req)
	if in.Panic {
		panic("testcomponent: panic on purpose (marker field)")
	}
	if in.Log != "" {
		req.Logger.Info(in.Log)
	}
	if in.URL != "" {
		if err := call(ctx, in.URL); err != nil {
			return err
		}
	}
	return out.Data(ctx, echo(req))
}

// httpClient is shared, with keep-alive, as a component's API client is.
var httpClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// call GETs url with ctx; a status of 300 or more is an error. The request
// carries the process id (X-Worker-Pid) so that tests running several
// workers can tell who called.
func call(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("X-Worker-Pid", strconv.Itoa(os.Getpid()))
	resp, err := httpClient.Do(req)
	if err != nil {
		return fmt.Errorf("api call: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 300 {
		return fmt.Errorf("api call: status %d", resp.StatusCode)
	}
	return nil
}

func fail(_ context.Context, req *sailor.Request, _ sailor.Emitter) error {
	in := readInput(req)
	if in.Message == "" {
		in.Message = "test failure"
	}
	return errors.New(in.Message)
}

func rebound(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	in := readInput(req)
	if in.URL != "" {
		// A transient failure (error status, timeout, the message
		// deadline) is retried later through a rebound.
		if err := call(ctx, in.URL); err != nil {
			return out.Rebound(ctx, err)
		}
		return out.Data(ctx, echo(req))
	}
	if in.Message == "" {
		in.Message = "try again later"
	}
	return out.Rebound(ctx, errors.New(in.Message))
}

func snapshot(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	msg, err := sailor.NewMessage(map[string]any{"snapshot": req.Snapshot})
	if err != nil {
		return err
	}
	if err := out.Data(ctx, msg); err != nil {
		return err
	}
	counter := 0
	if n, ok := req.Snapshot["counter"].(json.Number); ok {
		v, _ := n.Int64()
		counter = int(v)
	} else if f, ok := req.Snapshot["counter"].(float64); ok {
		counter = int(f)
	}
	if err := out.Snapshot(ctx, map[string]any{"counter": counter + 1}); err != nil {
		return err
	}
	return out.UpdateSnapshot(ctx, map[string]any{"updated": true})
}

func updateKeys(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	keys := readInput(req).Keys
	if keys == nil {
		keys = map[string]any{"token": "refreshed"}
	}
	// A failure is already reported as an error event; the data follows
	// anyway, as in the Node echo, whose emit resolves after the sailor
	// reported it.
	_ = out.UpdateKeys(ctx, keys)
	return out.Data(ctx, echo(req))
}

func multi(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	var body map[string]any
	_ = req.Message.DecodeBody(&body)
	for n := 1; n <= 3; n++ {
		b := map[string]any{}
		for k, v := range body {
			b[k] = v
		}
		b["n"] = n
		msg, err := sailor.NewMessage(b)
		if err != nil {
			return err
		}
		if err := out.Data(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}

func httpReply(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	reply := sailor.HTTPReply{
		StatusCode: 200,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       string(req.Message.Body),
	}
	if err := out.HTTPReply(ctx, reply); err != nil {
		return err
	}
	return out.Data(ctx, echo(req))
}

func slow(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	in := readInput(req)
	d := time.Duration(in.SleepMs) * time.Millisecond
	if d <= 0 {
		d = time.Second
	}
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-deadline.C:
			return out.Data(ctx, echo(req))
		case <-ctx.Done():
			return fmt.Errorf("slow: cut short: %w", ctx.Err())
		case <-tick.C:
			if in.UntilFile == "" {
				continue
			}
			if _, err := os.Stat(in.UntilFile); err == nil {
				return out.Data(ctx, echo(req))
			}
		}
	}
}

func panicking(context.Context, *sailor.Request, sailor.Emitter) error {
	panic("testcomponent: panic on purpose")
}
