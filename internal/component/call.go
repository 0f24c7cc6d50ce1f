package component

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/oauth"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// call is one message of one function: its input, its configuration, the
// API client of its credential and the way out.
type call struct {
	name   string // the function, as in component.json
	c      *Component
	req    *sailor.Request
	out    sailor.Emitter
	api    *gotowebinar.Client
	shared *credentialClient // api and the organizer of the credential
	cred   *oauth.Credential
	cfg    map[string]any
	body   map[string]any
	log    *logrus.Entry
}

// bind prepares a call of function name for the credential in cfg: a
// refreshed token is stored through keys, log (default the component's)
// gets the function's name, and the credential's shared client is looked up.
func (c *Component) bind(ctx context.Context, name string, keys sailor.KeysUpdater, cfg map[string]any, log *logrus.Entry) (context.Context, *call, error) {
	ctx = withPersist(ctx, keys, cfg)
	if log == nil {
		log = c.opts.Logger
	}
	k := &call{name: name, c: c, cfg: cfg, body: map[string]any{}, log: log.WithField("function", name)}
	shared, cred, err := c.shared(ctx, cfg)
	if err != nil {
		return ctx, nil, err
	}
	k.api, k.shared, k.cred = shared.api, shared, cred
	return ctx, k, nil
}

// handler adapts a function body to sailor.Handler: it binds the message's
// credential, runs f, and turns a transient failure into a rebound so that
// the platform tries again later rather than failing the message.
func (c *Component) handler(name string, f func(ctx context.Context, k *call) error) sailor.HandlerFunc {
	return func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		// The body first: a bad one is reported before the credential is touched.
		var body map[string]any
		if err := req.Message.DecodeBody(&body); err != nil {
			return permanent(fmt.Errorf("%s: the message body is not a JSON object: %w", name, err))
		}
		ctx, k, err := c.bind(ctx, name, req.Keys, req.Config, req.Logger)
		if err != nil {
			return err
		}
		k.req, k.out = req, out
		if body != nil {
			k.body = body
		}
		err = f(ctx, k)
		var tr *transientError
		if errors.As(err, &tr) {
			k.log.WithError(err).Warn("transient failure; rebounding the message")
			return out.Rebound(ctx, err)
		}
		return err
	}
}

// organizer is the organizer key of the credential: the credential's
// organizerKey field when set, else the token owner from /admin/rest/v1/me
// (looked up once per credential).
func (k *call) organizer(ctx context.Context) (gotowebinar.Key, error) {
	org, err := k.shared.organizer(ctx)
	if err != nil {
		return 0, explain(err, "look up the organizer of the credential")
	}
	return org, nil
}

// webinar returns the organizer and the webinarKey of a webinar-scoped
// function.
func (k *call) webinar(ctx context.Context) (org, wk gotowebinar.Key, err error) {
	if org, err = k.organizer(ctx); err != nil {
		return 0, 0, err
	}
	if wk, err = k.key("webinarKey"); err != nil {
		return 0, 0, err
	}
	return org, wk, nil
}

// value finds a field in the message body first, then in the step
// configuration: the body wins, so one step can serve many webinars.
func (k *call) value(name string) (any, bool) {
	if v, ok := k.body[name]; ok && !empty(v) {
		return v, true
	}
	if v, ok := k.cfg[name]; ok && !empty(v) {
		return v, true
	}
	return nil, false
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	return false
}

// key reads a required GoToWebinar key given as a number or a string.
func (k *call) key(name string) (gotowebinar.Key, error) {
	v, ok := k.value(name)
	if !ok {
		return 0, missingField(name)
	}
	return parseKey(name, v)
}

// optionalKey reads a key that may be absent (0 then).
func (k *call) optionalKey(name string) (gotowebinar.Key, error) {
	v, ok := k.value(name)
	if !ok {
		return 0, nil
	}
	return parseKey(name, v)
}

func parseKey(name string, v any) (gotowebinar.Key, error) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		if x != float64(int64(x)) || x > 1<<53 {
			return 0, invalidField(name, "is a number too large to be exact: send it as a string")
		}
		s = strconv.FormatInt(int64(x), 10)
	default:
		return 0, invalidField(name, fmt.Sprintf("must be a number or a string of digits, not %T", v))
	}
	key, err := gotowebinar.ParseKey(s)
	if err != nil || key <= 0 {
		return 0, invalidField(name, fmt.Sprintf("%q is not a GoToWebinar key", s))
	}
	return key, nil
}

// str reads an optional string field.
func (k *call) str(name string) string {
	v, ok := k.value(name)
	if !ok {
		return ""
	}
	if s, ok := v.(string); ok {
		return strings.TrimSpace(s)
	}
	return fmt.Sprint(v)
}

// requiredStr reads a required string field.
func (k *call) requiredStr(name string) (string, error) {
	s := k.str(name)
	if s == "" {
		return "", missingField(name)
	}
	return s, nil
}

// flag reads a boolean field: true, "true", "on" (a checked CheckBoxView),
// "yes" or 1; anything else is false.
func (k *call) flag(name string) bool {
	v, ok := k.value(name)
	if !ok {
		return false
	}
	b, _ := parseBool(v)
	return b
}

// time reads an optional RFC 3339 date-time field; the zero time when
// absent.
func (k *call) time(name string) (time.Time, error) {
	s := k.str(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalidField(name, fmt.Sprintf("%q is not an ISO 8601 date-time such as 2026-01-02T15:04:05Z", s))
	}
	return t.UTC(), nil
}

// now is the component's clock.
func (k *call) now() time.Time { return k.c.opts.Now().UTC() }

// serviceCall is the call of a service-mode function (select model,
// dynamic metadata, credential check): no message, no emitter; a refreshed
// token is stored through req.Keys.
func (c *Component) serviceCall(ctx context.Context, name string, req *sailor.ServiceRequest) (context.Context, *call, error) {
	return c.bind(ctx, name, req.Keys, req.Config, req.Logger)
}

// notSettable explains properties users expect to set but the API cannot.
var notSettable = map[string]string{
	"approvalType":      "GoToWebinar's API cannot set the approval type: change it in GoToWebinar's web interface",
	"registrationLimit": "GoToWebinar's API cannot set the registration limit: change it in GoToWebinar's web interface",
}

// only rejects message-body properties the function does not take, so
// that nothing a user mapped disappears without a word.
func (k *call) only(allowed ...string) error {
	var unknown []string
	for name := range k.body {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		if why, ok := notSettable[name]; ok {
			return invalidField(name, why)
		}
	}
	sorted := slices.Clone(allowed)
	slices.Sort(sorted)
	return invalidField(strings.Join(unknown, ", "), fmt.Sprintf("is not an input of %s, which takes %s: remove it from the mapping",
		k.name, strings.Join(sorted, ", ")))
}

// parseBool reads a JSON boolean, or its text (true/false, on/off, yes/no)
// or 0/1 forms; ok is false for anything else.
func parseBool(v any) (b, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "on", "yes", "1":
			return true, true
		case "false", "off", "no", "0", "":
			return false, true
		}
	case json.Number:
		switch x.String() {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	}
	return false, false
}
