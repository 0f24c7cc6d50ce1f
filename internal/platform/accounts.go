package platform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// UpdateAccount stores new credential keys (the updateKeys event):
// PUT {base}/v1/accounts/{accountID} with body {"keys": keys}. accountID is
// cfg._account from the step config. An empty accountID fails with
// ErrMissingAccountID and empty keys with ErrNoKeys, both without a
// request. Retries follow StepData's rules; PUT is idempotent.
func (c *Client) UpdateAccount(ctx context.Context, accountID string, keys map[string]any) error {
	const op = "update account"
	if accountID == "" {
		return fmt.Errorf("platform: %s: %w", op, ErrMissingAccountID)
	}
	if len(keys) == 0 {
		return fmt.Errorf("platform: %s: %w", op, ErrNoKeys)
	}
	body, err := json.Marshal(struct {
		Keys map[string]any `json:"keys"`
	}{keys})
	if err != nil {
		// The keys hold secrets, so the marshal error (which can quote
		// values) is not passed on.
		return fmt.Errorf("platform: %s: keys are not JSON-encodable", op)
	}
	_, err = c.doer.do(ctx, call{
		op:      op,
		method:  http.MethodPut,
		url:     c.endpoint("v1", "accounts", accountID),
		body:    body,
		header:  c.jsonHeader(),
		limit:   defaultBodyLimit,
		accept:  isSuccess,
		secrets: stringLeaves(keys),
	}, c.restPolicy())
	return err
}

// minKeySecretLen is the shortest key value treated as a secret; shorter
// strings ("Bearer", "true") are labels, and redacting them would garble
// messages.
const minKeySecretLen = 8

// stringLeaves collects the string values inside v that are long enough to
// be tokens or passwords.
func stringLeaves(v any) []string {
	var out []string
	switch t := v.(type) {
	case string:
		if len(t) >= minKeySecretLen {
			out = append(out, t)
		}
	case map[string]any:
		for _, e := range t {
			out = append(out, stringLeaves(e)...)
		}
	case []any:
		for _, e := range t {
			out = append(out, stringLeaves(e)...)
		}
	}
	return out
}
