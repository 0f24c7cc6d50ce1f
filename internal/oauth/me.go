package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// mePath is GoTo's Admin API call for the authenticated user
// (gotowebinar-api.md 2.2, after the catalogue).
const mePath = "/admin/rest/v1/me"

// meLookup caches the result of GET /admin/rest/v1/me for one credential.
// Concurrent callers share one request; a failure is not cached.
type meLookup struct {
	mu       sync.Mutex
	inflight chan struct{} // closed when the running lookup ends
	done     bool
	organizerKey,
	accountKey string
}

// Me returns the organizer and account keys of the credential's user, as
// decimal strings: GET {apiBaseURL}/admin/rest/v1/me through the credential's
// client, once per credential (concurrent callers share one request; failures
// are retried by the next call). The organizer key is the credential's
// organizerKey field when set, else the user's key. Keys are int64 values that
// GoTo sends as JSON numbers (beyond 2^53) or strings.
func (c *Credential) Me(ctx context.Context, apiBaseURL string) (organizerKey, accountKey string, err error) {
	m := &c.me
	for {
		m.mu.Lock()
		if m.done {
			m.mu.Unlock()
			return c.organizer(m.organizerKey), m.accountKey, nil
		}
		if wait := m.inflight; wait != nil {
			m.mu.Unlock()
			select {
			case <-wait:
				// Done or failed: look again; after a failure this
				// caller makes its own attempt.
				continue
			case <-ctx.Done():
				return "", "", fmt.Errorf("oauth: me: %w", ctx.Err())
			}
		}
		m.inflight = make(chan struct{})
		m.mu.Unlock()

		org, acct, err := c.fetchMe(ctx, apiBaseURL)
		m.mu.Lock()
		if err == nil {
			m.done, m.organizerKey, m.accountKey = true, org, acct
		}
		close(m.inflight)
		m.inflight = nil
		m.mu.Unlock()
		if err != nil {
			return "", "", err
		}
		return c.organizer(org), acct, nil
	}
}

func (c *Credential) organizer(fromMe string) string {
	if c.organizerKey != "" {
		return c.organizerKey
	}
	return fromMe
}

func (c *Credential) fetchMe(ctx context.Context, apiBaseURL string) (organizerKey, accountKey string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(apiBaseURL, "/")+mePath, nil)
	if err != nil {
		return "", "", fmt.Errorf("oauth: me: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		// Our own errors (AuthError, TransientError) survive the
		// *url.Error wrapping for errors.Is/As.
		return "", "", fmt.Errorf("oauth: me: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", "", &TransientError{Op: "me", Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return "", "", meStatusError(resp.StatusCode, body)
	}
	var me struct {
		Key        json.RawMessage `json:"key"`
		AccountKey json.RawMessage `json:"accountKey"`
	}
	if err := json.Unmarshal(body, &me); err != nil {
		return "", "", fmt.Errorf("oauth: me: decode response: %w", err)
	}
	if organizerKey, err = rawKey(me.Key); err != nil {
		return "", "", fmt.Errorf("oauth: me: key: %w", err)
	}
	if accountKey, err = rawKey(me.AccountKey); err != nil {
		return "", "", fmt.Errorf("oauth: me: accountKey: %w", err)
	}
	if organizerKey == "" && c.organizerKey == "" {
		return "", "", errors.New("oauth: me: response has no key")
	}
	return organizerKey, accountKey, nil
}

// meStatusError maps a non-200 answer. A 403 InvalidToken here has already
// survived a forced refresh, so only re-authorizing can help.
func meStatusError(status int, body []byte) error {
	var e struct {
		IntErrCode string `json:"int_err_code"`
	}
	switch {
	case status == http.StatusForbidden && json.Unmarshal(body, &e) == nil && e.IntErrCode == "InvalidToken":
		return &AuthError{Op: "me", Code: CodeTokenRejected, Status: status, Reauthorize: true}
	case status == http.StatusTooManyRequests || status >= 500:
		return &TransientError{Op: "me", Status: status}
	}
	return fmt.Errorf("oauth: me: GET %s answered %d", mePath, status)
}

// rawKey decodes an int64 key sent as a JSON number or string; absent or
// null gives "".
func rawKey(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	return keyString(v)
}

// keyString normalises a 64-bit integer key held as a string, json.Number or Go
// integer to its decimal form. A float64 (cfg decoded without UseNumber) is
// accepted only when it is exactly an integer, though digits beyond 2^53 may
// already have been lost upstream.
func keyString(v any) (string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		s = strings.TrimSpace(x)
		if s == "" {
			return "", nil
		}
	case json.Number:
		s = string(x)
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		if x != float64(int64(x)) {
			return "", fmt.Errorf("%v is not an integer", x)
		}
		return strconv.FormatInt(int64(x), 10), nil
	default:
		return "", fmt.Errorf("unsupported type %T", v)
	}
	// GoTo declares int64, but published examples exceed it; any integer
	// that fits 64 bits, signed or not, is passed on in canonical form.
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(n, 10), nil
	}
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return strconv.FormatUint(n, 10), nil
	}
	return "", errors.New("not a 64-bit integer")
}
