package oauth

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
)

// maxRejectionBody bounds how much of a 403 body is read to recognise
// InvalidToken; GoTo's is about 60 bytes.
const maxRejectionBody = 64 << 10

// transport adds the Bearer header and reacts to GoTo's way of rejecting an
// access token (403 {"int_err_code":"InvalidToken"}): one forced refresh and
// one retry per request. oauth2.Transport cannot do this, hence our own.
type transport struct {
	src  *persistingSource
	base http.RoundTripper
}

// RoundTrip implements http.RoundTripper. A second rejection is returned as
// the untouched 403 response for the API client to map.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	tok, err := t.src.token(ctx)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base.RoundTrip(authorized(req, tok.AccessToken, req.Body))
	if err != nil || resp.StatusCode != http.StatusForbidden {
		return resp, err
	}
	if !invalidToken(resp) {
		return resp, nil
	}
	body, ok := rewind(req)
	if !ok {
		return resp, nil
	}
	fresh, err := t.src.refreshRejected(ctx, tok.AccessToken)
	if err != nil {
		if body != nil {
			body.Close()
		}
		discard(resp)
		return nil, err
	}
	discard(resp)
	return t.base.RoundTrip(authorized(req, fresh.AccessToken, body))
}

// authorized clones req (a RoundTripper must not modify its request) with the
// given body and our Authorization header.
func authorized(req *http.Request, accessToken string, body io.ReadCloser) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", "Bearer "+accessToken)
	return r
}

// invalidToken reports whether a 403 carries GoTo's InvalidToken code. It
// reads a bounded prefix of the body and puts it back, so the response stays
// untouched for the caller.
func invalidToken(resp *http.Response) bool {
	prefix, err := io.ReadAll(io.LimitReader(resp.Body, maxRejectionBody))
	resp.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(prefix), resp.Body), closer: resp.Body}
	if err != nil {
		return false
	}
	var body struct {
		IntErrCode string `json:"int_err_code"`
	}
	return json.Unmarshal(prefix, &body) == nil && body.IntErrCode == "InvalidToken"
}

// rewind returns a fresh copy of the request body for the retry; ok is false
// when the body cannot be replayed.
func rewind(req *http.Request) (body io.ReadCloser, ok bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	b, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	return b, true
}

type replayBody struct {
	io.Reader
	closer io.Closer
}

func (b *replayBody) Close() error { return b.closer.Close() }

// discard drains a little of a response we drop, so its connection can be
// reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxRejectionBody))
	resp.Body.Close()
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
