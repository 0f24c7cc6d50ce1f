package platform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Service result statuses.
const (
	// StatusSuccess marks a service-mode call whose method returned.
	StatusSuccess = "success"
	// StatusError marks a service-mode call that failed.
	StatusError = "error"
)

// ServiceResult is the body POSTed to ELASTICIO_POST_RESULT_URL at the end
// of service mode (verifyCredentials, getMetaModel, selectModel). Build it
// with SuccessResult or ErrorResult.
type ServiceResult struct {
	// Status is StatusSuccess or StatusError.
	Status string `json:"status"`
	// Data is the method's result, or {"message": ...} for errors.
	Data any `json:"data"`
}

// SuccessResult wraps a method's result: {"status":"success","data":data}.
func SuccessResult(data any) ServiceResult {
	return ServiceResult{Status: StatusSuccess, Data: data}
}

// ErrorResult reports a failure: {"status":"error","data":{"message":...}}.
func ErrorResult(message string) ServiceResult {
	return ServiceResult{Status: StatusError, Data: map[string]string{"message": message}}
}

// ResultPoster delivers service-mode results. It needs none of the API's
// settings but the retry ones, so a service call whose API settings are
// broken can still report that.
type ResultPoster struct {
	doer   *doer
	policy policy
}

// NewResultPoster returns a poster using cfg's HTTP client, attempt timeout,
// RetryAttempts/RetryDelay, Sleep and Logger; BaseURL, Username and APIKey
// are not needed.
func NewResultPoster(cfg Config) *ResultPoster {
	cfg = cfg.withDefaults()
	return &ResultPoster{
		doer: &doer{
			http: withoutRedirects(cfg.HTTPClient), timeout: cfg.AttemptTimeout,
			sleep: cfg.Sleep, log: cfg.Logger, redact: newRedactor(),
		},
		policy: policy{attempts: cfg.RetryAttempts, delay: fixedDelay(cfg.RetryDelay)},
	}
}

// PostServiceResult posts result with the client's retry settings; see
// ResultPoster.PostServiceResult.
func (c *Client) PostServiceResult(ctx context.Context, resultURL string, result ServiceResult) error {
	return (&ResultPoster{doer: c.doer, policy: c.hooksPolicy()}).PostServiceResult(ctx, resultURL, result)
}

// PostServiceResult POSTs result as JSON to resultURL. Credentials in the
// URL's userinfo are sent as a Basic Authorization header and removed from
// the URL. Only HTTP 200 counts as delivered: a 4xx fails at once, 5xx and
// network errors are retried per RetryAttempts/RetryDelay (at least one
// attempt), any other status fails without retry. Errors name the URL
// without credentials or query.
func (p *ResultPoster) PostServiceResult(ctx context.Context, resultURL string, result ServiceResult) error {
	const op = "post service result"
	target, user, password, err := splitUserinfo(resultURL)
	if err != nil {
		return fmt.Errorf("platform: %s: %w", op, err)
	}
	body, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("platform: %s: result of type %T is not JSON-encodable", op, result.Data)
	}
	header := http.Header{"Content-Type": {"application/json"}}
	if user != "" || password != "" {
		req := http.Request{Header: header}
		req.SetBasicAuth(user, password)
	}
	_, err = p.doer.do(ctx, call{
		op:      op,
		method:  http.MethodPost,
		url:     target,
		body:    body,
		header:  header,
		limit:   defaultBodyLimit,
		accept:  func(status int) bool { return status == http.StatusOK },
		secrets: basicSecrets(user, password),
	}, p.policy)
	return err
}

// splitUserinfo removes userinfo from raw and returns it separately. Its
// errors never quote raw, which holds a password.
func splitUserinfo(raw string) (target, user, password string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", "", errors.New("result URL is not a valid URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", "", errors.New("result URL must be an absolute http or https URL")
	}
	if u.User != nil {
		user = u.User.Username()
		password, _ = u.User.Password()
		u.User = nil
	}
	return u.String(), user, password, nil
}
