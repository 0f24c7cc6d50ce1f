package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// emptyState is what the platform stores when the startup hook returned
// nothing. A fresh value each time, so callers may modify it.
func emptyState() json.RawMessage { return json.RawMessage(`{}`) }

// PutStartupState stores the startup hook's result for the flow:
// POST {base}/sailor-support/hooks/task/{flowID}/startup/data. A nil or
// empty state (null, "", {}, []) is stored as {}; a json.RawMessage is sent
// verbatim. When the platform answers 409 (state left by an earlier start)
// the old state is deleted and the same normalised state posted again. Any
// other status >= 400 fails with the body's "error" text. Network errors
// and 5xx are retried per RetryAttempts/RetryDelay.
func (c *Client) PutStartupState(ctx context.Context, flowID string, state any) error {
	const op = "put startup state"
	if flowID == "" {
		return fmt.Errorf("platform: %s: flow id is required", op)
	}
	body, err := normaliseState(state)
	if err != nil {
		return fmt.Errorf("platform: %s: %w", op, err)
	}
	err = c.postState(ctx, flowID, body)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict {
		return err
	}
	c.doer.log.WithField("flow_id", flowID).Info("platform: startup state already exists; replacing it")
	if err := c.DeleteStartupState(ctx, flowID); err != nil {
		return err
	}
	return c.postState(ctx, flowID, body)
}

// GetStartupState returns the stored startup state of the flow (for the
// shutdown hook): GET on the hooks-data URL. An empty body yields {}; a
// body that is not JSON is an error. A missing state is an *APIError with
// StatusCode 404.
func (c *Client) GetStartupState(ctx context.Context, flowID string) (json.RawMessage, error) {
	const op = "get startup state"
	if flowID == "" {
		return nil, fmt.Errorf("platform: %s: flow id is required", op)
	}
	body, err := c.doer.do(ctx, call{
		op:     op,
		method: http.MethodGet,
		url:    c.hooksURL(flowID),
		header: c.authHeader(),
		limit:  defaultBodyLimit,
		accept: isSuccess,
	}, c.hooksPolicy())
	if err != nil {
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return emptyState(), nil
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("platform: %s: response is not JSON", op)
	}
	return json.RawMessage(body), nil
}

// DeleteStartupState removes the stored startup state of the flow: DELETE
// on the hooks-data URL. Retries as PutStartupState.
func (c *Client) DeleteStartupState(ctx context.Context, flowID string) error {
	const op = "delete startup state"
	if flowID == "" {
		return fmt.Errorf("platform: %s: flow id is required", op)
	}
	_, err := c.doer.do(ctx, call{
		op:     op,
		method: http.MethodDelete,
		url:    c.hooksURL(flowID),
		header: c.authHeader(),
		limit:  defaultBodyLimit,
		accept: isSuccess,
	}, c.hooksPolicy())
	return err
}

// postState sends one (retried) POST of an already normalised state.
func (c *Client) postState(ctx context.Context, flowID string, body []byte) error {
	_, err := c.doer.do(ctx, call{
		op:     "put startup state",
		method: http.MethodPost,
		url:    c.hooksURL(flowID),
		body:   body,
		header: c.jsonHeader(),
		limit:  defaultBodyLimit,
		accept: isSuccess,
	}, c.hooksPolicy())
	return err
}

// hooksURL is the hooks-data resource of a flow.
func (c *Client) hooksURL(flowID string) string {
	return c.endpoint("sailor-support", "hooks", "task", flowID, "startup", "data")
}

// normaliseState encodes state as JSON, mapping empty values to {} as the
// platform expects. Encoding errors are not quoted: they can contain values
// from the state, which may be secret.
func normaliseState(state any) ([]byte, error) {
	var raw []byte
	switch s := state.(type) {
	case nil:
		return emptyState(), nil
	case json.RawMessage:
		raw = bytes.TrimSpace(s)
		if len(raw) == 0 {
			return emptyState(), nil
		}
		if !json.Valid(raw) {
			return nil, errors.New("state is not valid JSON")
		}
	default:
		var err error
		if raw, err = json.Marshal(state); err != nil {
			return nil, fmt.Errorf("state of type %T is not JSON-encodable", state)
		}
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, errors.New("state is not valid JSON")
	}
	switch compact.String() {
	case "null", `""`, "{}", "[]":
		return emptyState(), nil
	}
	return compact.Bytes(), nil
}
