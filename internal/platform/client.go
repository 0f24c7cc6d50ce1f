package platform

import (
	"net/http"
	"net/url"
	"strings"
)

// Client calls the elastic.io platform API on behalf of one flow step. It is
// safe for concurrent use.
type Client struct {
	base string
	cfg  Config
	doer *doer
}

// NewClient validates cfg, applies defaults and returns a Client. The error
// lists every missing field and never quotes the API key.
func NewClient(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	// Credentials in BaseURL never leave: parseBaseURL drops them.
	secrets := basicSecrets(cfg.Username, cfg.APIKey)
	return &Client{
		base: base,
		cfg:  cfg,
		doer: &doer{
			http:    withoutRedirects(cfg.HTTPClient),
			timeout: cfg.AttemptTimeout,
			sleep:   cfg.Sleep,
			log:     cfg.Logger,
			redact:  newRedactor(secrets...),
		},
	}, nil
}

// endpoint joins the base URL with path segments, escaping each one so that
// ids containing "/" or "?" cannot change the request's meaning.
func (c *Client) endpoint(segments ...string) string {
	var b strings.Builder
	b.WriteString(c.base)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// authHeader returns the headers every platform API call carries.
func (c *Client) authHeader() http.Header {
	req := http.Request{Header: http.Header{}}
	req.SetBasicAuth(c.cfg.Username, c.cfg.APIKey)
	return req.Header
}

// jsonHeader is authHeader plus a JSON content type, for calls with a body.
func (c *Client) jsonHeader() http.Header {
	h := c.authHeader()
	h.Set("Content-Type", "application/json")
	return h
}

// restPolicy is the retry policy of step-data and account calls.
func (c *Client) restPolicy() policy {
	return policy{attempts: c.cfg.RESTAttempts, delay: fixedDelay(c.cfg.RESTRetryDelay)}
}

// hooksPolicy is the retry policy of hooks-data calls and the service
// result POST.
func (c *Client) hooksPolicy() policy {
	return policy{attempts: c.cfg.RetryAttempts, delay: fixedDelay(c.cfg.RetryDelay)}
}
