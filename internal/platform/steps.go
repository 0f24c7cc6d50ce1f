package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Step is the step data the platform returns for this container: the
// configuration the component sees as cfg, the initial snapshot, the
// passthrough switch and the flow variables.
//
// Numbers anywhere inside Config, Snapshot and Variables are json.Number,
// so 19-digit ids survive unchanged.
type Step struct {
	// ID is the step id ("id"), when the platform sends it.
	ID string
	// CompID is the component id ("comp_id"), when present.
	CompID string
	// Function is the trigger/action name ("function"), when present.
	Function string
	// Config is "config": credential fields merged with step fields, plus
	// "_account" (the account id used by UpdateAccount). Never nil.
	Config map[string]any
	// Snapshot is the initial snapshot; {} when absent, null or not an
	// object. Never nil.
	Snapshot map[string]any
	// IsPassthrough is true only when "is_passthrough" is exactly true.
	IsPassthrough bool
	// Variables are the flow variables. Never nil.
	Variables map[string]any
}

// stepWire is the JSON shape of GET /v1/tasks/{flow}/steps/{step}.
type stepWire struct {
	ID            any             `json:"id"`
	CompID        any             `json:"comp_id"`
	Function      any             `json:"function"`
	Config        map[string]any  `json:"config"`
	Snapshot      json.RawMessage `json:"snapshot"`
	IsPassthrough any             `json:"is_passthrough"`
	Variables     map[string]any  `json:"variables"`
}

// StepData fetches GET {base}/v1/tasks/{flowID}/steps/{stepID}. Network
// errors, attempt timeouts and 5xx are retried (RESTAttempts, RESTRetryDelay
// apart); a 4xx fails at once with an *APIError carrying the status and the
// response's message.
func (c *Client) StepData(ctx context.Context, flowID, stepID string) (*Step, error) {
	const op = "get step data"
	if flowID == "" || stepID == "" {
		return nil, fmt.Errorf("platform: %s: flow id and step id are required", op)
	}
	body, err := c.doer.do(ctx, call{
		op:     op,
		method: http.MethodGet,
		url:    c.endpoint("v1", "tasks", flowID, "steps", stepID),
		header: c.authHeader(),
		limit:  defaultBodyLimit,
		accept: isSuccess,
	}, c.restPolicy())
	if err != nil {
		return nil, err
	}
	return c.decodeStep(body)
}

// decodeStep parses a step-data response with exact numbers.
func (c *Client) decodeStep(body []byte) (*Step, error) {
	var w stepWire
	if err := decodeJSON(body, &w); err != nil {
		return nil, fmt.Errorf("platform: get step data: invalid response: %w", err)
	}
	step := &Step{
		ID:            jsonString(w.ID),
		CompID:        jsonString(w.CompID),
		Function:      jsonString(w.Function),
		Config:        nonNil(w.Config),
		Snapshot:      map[string]any{},
		IsPassthrough: w.IsPassthrough == true,
		Variables:     nonNil(w.Variables),
	}
	if raw := bytes.TrimSpace(w.Snapshot); len(raw) > 0 && raw[0] == '{' {
		if err := decodeJSON(raw, &step.Snapshot); err != nil {
			return nil, fmt.Errorf("platform: get step data: invalid snapshot: %w", err)
		}
	} else if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		c.doer.log.Warn("platform: step snapshot is not an object; starting with an empty one")
	}
	return step, nil
}

// decodeJSON decodes data into v keeping numbers as json.Number, and
// rejects trailing garbage.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}

// jsonString renders an id that may arrive as a string or a number.
func jsonString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	default:
		return ""
	}
}

// nonNil turns a missing object into an empty one so callers can write to it.
func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
