package amqpbus

import (
	"net/url"
	"strings"
)

// sanitiseURI renders uri with its password replaced, for logs and errors.
func sanitiseURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme == "" {
		return "<invalid AMQP URI>"
	}
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString(u.User.Username())
		if _, ok := u.User.Password(); ok {
			b.WriteString(":***")
		}
		b.WriteString("@")
	}
	b.WriteString(u.Host)
	b.WriteString(u.EscapedPath())
	if u.Path == "" {
		b.WriteString("/")
	}
	return b.String()
}

// uriSecret extracts the password from uri, also when uri does not parse, so
// that errors quoting the raw URI can be scrubbed.
func uriSecret(uri string) string {
	if u, err := url.Parse(uri); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			return p
		}
		return ""
	}
	rest := uri
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	userinfo := rest[:at]
	if c := strings.Index(userinfo, ":"); c >= 0 {
		return userinfo[c+1:]
	}
	return ""
}

// redactedError hides a secret that a lower layer put into its message while
// keeping the cause inspectable with errors.Is/As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err unchanged unless its message contains secret (raw or
// percent-encoded), in which case the message is scrubbed.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	msg := err.Error()
	clean := msg
	for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), url.UserPassword("", secret).String()[1:]} {
		if form != "" {
			clean = strings.ReplaceAll(clean, form, "***")
		}
	}
	if clean == msg {
		return err
	}
	return &redactedError{msg: clean, err: err}
}
