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

// PostServiceResult POSTs result as JSON to resultURL. Credentials in the
// URL's userinfo are sent as a Basic Authorization header and removed from
// the URL. Only HTTP 200 counts as delivered: a 4xx fails at once, 5xx and
// network errors are retried per RetryAttempts/RetryDelay (at least one
// attempt), any other status fails without retry. Errors name the URL
// without credentials or query.
func (c *Client) PostServiceResult(ctx context.Context, resultURL string, result ServiceResult) error {
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
	_, err = c.doer.do(ctx, call{
		op:      op,
		method:  http.MethodPost,
		url:     target,
		body:    body,
		header:  header,
		limit:   defaultBodyLimit,
		accept:  func(status int) bool { return status == http.StatusOK },
		secrets: basicSecrets(user, password),
	}, policy{attempts: max(1, c.cfg.RetryAttempts), delay: fixedDelay(c.cfg.RetryDelay)})
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
