// Package component is the GoToWebinar component: the actions, polling
// triggers, select models, dynamic metadata and credential check that
// component.json declares, on top of the GoToWebinar client and the OAuth
// credential chain. It knows nothing of RabbitMQ or the message cipher: it
// gets a sailor.Request and emits through a sailor.Emitter.
package component

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/oauth"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Default endpoints of GoTo.
const (
	DefaultAPIURL  = "https://api.getgo.com"
	DefaultAuthURL = oauth.DefaultAuthURL
)

// Options configure the component. AppID and AppSecret are required.
type Options struct {
	// AppID is CITRIX_APP_ID, the OAuth client id of the GoTo app.
	AppID string
	// AppSecret is CITRIX_APP_SECRET. Never logged.
	AppSecret string
	// APIURL is GOTO_API_URL (default https://api.getgo.com).
	APIURL string
	// AuthURL is GOTO_AUTH_URL (default https://authentication.logmeininc.com).
	AuthURL string
	// Logger receives the component's logs; default discards.
	Logger *logrus.Entry
	// Now is the clock of triggers and date defaults; default time.Now.
	Now func() time.Time
	// ClientOptions are added to every GoToWebinar client (tests speed up
	// pacing and back-off with them).
	ClientOptions []gotowebinar.Option
	// Transport is the base HTTP transport for API and token requests;
	// default a shared keep-alive transport.
	Transport http.RoundTripper
}

// Component holds what is shared by every message of the process: one
// credential (token source) and one API client per GoTo account.
type Component struct {
	opts  Options
	creds *oauth.Cache

	mu      sync.Mutex
	clients map[*oauth.Credential]*credentialClient
}

// credentialClient is what the component keeps per credential: its API
// client and its organizer, looked up once.
type credentialClient struct {
	api *gotowebinar.Client
	// override is the credential's organizerKey field; 0 when unset.
	override gotowebinar.Key

	mu       sync.Mutex
	inflight chan struct{} // closed when the running lookup ends
	org      gotowebinar.Key
}

// organizer returns the organizer key of the credential: its organizerKey
// field when set, else the token owner's key from GET /admin/rest/v1/me,
// asked once per credential. Concurrent callers share one request; a failure
// is not kept, so the next caller asks again.
func (cc *credentialClient) organizer(ctx context.Context) (gotowebinar.Key, error) {
	if cc.override != 0 {
		return cc.override, nil
	}
	for {
		cc.mu.Lock()
		if cc.org != 0 {
			cc.mu.Unlock()
			return cc.org, nil
		}
		if wait := cc.inflight; wait != nil {
			cc.mu.Unlock()
			select {
			case <-wait:
				// Done or failed: look again; after a failure this
				// caller makes its own attempt.
				continue
			case <-ctx.Done():
				return 0, fmt.Errorf("wait for the organizer lookup: %w", ctx.Err())
			}
		}
		cc.inflight = make(chan struct{})
		cc.mu.Unlock()

		org, err := cc.lookup(ctx)
		cc.mu.Lock()
		cc.org = org
		close(cc.inflight)
		cc.inflight = nil
		cc.mu.Unlock()
		return org, err
	}
}

// lookup asks GoTo for the token owner's key.
func (cc *credentialClient) lookup(ctx context.Context) (gotowebinar.Key, error) {
	me, err := cc.api.Me(ctx)
	if err != nil {
		return 0, err
	}
	if me.Key == 0 {
		return 0, errors.New("GET /admin/rest/v1/me answered no key")
	}
	return me.Key, nil
}

// New checks the options and returns the component.
func New(opts Options) (*Component, error) {
	var missing []string
	if opts.AppID == "" {
		missing = append(missing, "CITRIX_APP_ID")
	}
	if opts.AppSecret == "" {
		missing = append(missing, "CITRIX_APP_SECRET")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("component: missing %v: set the GoTo OAuth app's client id and secret on the component's environment", missing)
	}
	if opts.APIURL == "" {
		opts.APIURL = DefaultAPIURL
	}
	if opts.AuthURL == "" {
		opts.AuthURL = DefaultAuthURL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		l := logrus.New()
		l.SetOutput(io.Discard)
		opts.Logger = logrus.NewEntry(l)
	}
	conf, err := oauth.NewConfig(opts.AppID, opts.AppSecret, opts.AuthURL)
	if err != nil {
		return nil, err
	}
	creds, err := oauth.NewCache(oauth.Options{
		Config: conf, Persist: persistToken, Reload: reloadConfig, Transport: opts.Transport,
		Log: opts.Logger, Now: opts.Now,
	})
	if err != nil {
		return nil, err
	}
	return &Component{opts: opts, creds: creds, clients: map[*oauth.Credential]*credentialClient{}}, nil
}

// credentialFields are the fields of the credential (component.json
// credentials.fields) other than oauth; updateKeys sends them back
// unchanged so that a store that replaces keys loses nothing.
var credentialFields = []string{"organizerKey"}

type persistKey struct{}

// persistTarget is what a refresh needs to store a token: the updater of
// the message (or service call) that caused it and that message's config.
type persistTarget struct {
	keys sailor.KeysUpdater
	cfg  map[string]any
}

// withPersist binds the token store to ctx: the oauth chain hands the
// context of the request that caused a refresh to persistToken.
func withPersist(ctx context.Context, keys sailor.KeysUpdater, cfg map[string]any) context.Context {
	return context.WithValue(ctx, persistKey{}, persistTarget{keys: keys, cfg: cfg})
}

// persistToken stores a refreshed token as the credential's keys (updateKeys,
// PUT /v1/accounts/{_account}) before the new token is used.
func persistToken(ctx context.Context, oauthObj map[string]any) error {
	t, ok := ctx.Value(persistKey{}).(persistTarget)
	if !ok || t.keys == nil {
		return errors.New("component: a refreshed token cannot be stored: no account to update")
	}
	keys := map[string]any{"oauth": oauthObj}
	for _, f := range credentialFields {
		if v, ok := t.cfg[f]; ok {
			keys[f] = v
		}
	}
	return t.keys.UpdateKeys(ctx, keys)
}

// reloadConfig reads the step configuration as the platform stores it now,
// for the credential after invalid_grant: another replica of the step may
// have rotated the refresh token and stored the new one (reliability.md
// R22).
func reloadConfig(ctx context.Context) (map[string]any, error) {
	t, _ := ctx.Value(persistKey{}).(persistTarget)
	r, ok := t.keys.(sailor.KeysReader)
	if !ok {
		return nil, sailor.ErrNoStoredConfig
	}
	return r.StoredConfig(ctx)
}

// api returns the API client for the credential in cfg (see shared).
func (c *Component) api(ctx context.Context, cfg map[string]any) (*gotowebinar.Client, *oauth.Credential, error) {
	cc, cred, err := c.shared(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return cc.api, cred, nil
}

// shared returns what belongs to the credential in cfg: one client per
// account, shared by every message using it, so that pacing, refreshes and
// the organizer lookup are too. The credential's organizerKey field (a
// number or a string) is read when the credential is first used.
func (c *Component) shared(ctx context.Context, cfg map[string]any) (*credentialClient, *oauth.Credential, error) {
	cred, err := c.creds.Get(ctx, cfg)
	if err != nil {
		return nil, nil, credentialError(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc, ok := c.clients[cred]; ok {
		return cc, cred, nil
	}
	var override gotowebinar.Key
	if v, ok := cfg["organizerKey"]; ok && !empty(v) {
		if override, err = parseKey("organizerKey", v); err != nil {
			return nil, nil, err
		}
	}
	opts := append([]gotowebinar.Option{
		gotowebinar.WithBaseURL(c.opts.APIURL),
		gotowebinar.WithLogger(c.opts.Logger),
	}, c.opts.ClientOptions...)
	cl, err := gotowebinar.NewClient(cred.Client(), opts...)
	if err != nil {
		return nil, nil, err
	}
	cc := &credentialClient{api: cl, override: override}
	c.clients[cred] = cc
	return cc, cred, nil
}

// credentialError explains a credential that cannot be used at all.
func credentialError(err error) error {
	return permanent(fmt.Errorf("the GoToWebinar credential cannot be used (%w); re-authorize it in elastic.io", err))
}
