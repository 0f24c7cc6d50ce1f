package oauth

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/oauth2"
)

// Defaults for [Options].
const (
	DefaultMargin       = 60 * time.Second
	DefaultTokenTimeout = 10 * time.Second
)

// Options configure credentials. Only Config is required.
type Options struct {
	// Config is the OAuth2 client configuration, see [NewConfig].
	Config *oauth2.Config
	// Persist stores a refreshed credential object (the full merged
	// cfg.oauth); the component emits updateKeys with it. It is called once
	// per new token, before any request uses that token, with the context of
	// the request that caused the refresh; an error fails that request and
	// the next caller tries again. Nil keeps refreshed tokens in memory only.
	Persist func(ctx context.Context, oauthObj map[string]any) error
	// Reload re-reads the step configuration the credential came from, as
	// the platform stores it now (its oauth object is read as Cache.Get
	// reads it). It is called once after invalid_grant; the refresh is
	// retried only if the stored refresh token differs from ours (another
	// replica rotated it). ctx is the request's, as for Persist. Nil
	// disables this.
	Reload func(ctx context.Context) (map[string]any, error)
	// Margin refreshes a token this long before it expires. Default 60 s.
	Margin time.Duration
	// TokenTimeout bounds each token request. Default 10 s.
	TokenTimeout time.Duration
	// Transport is the base RoundTripper for API and token requests.
	// Default: a keep-alive http.Transport (one per Cache).
	Transport http.RoundTripper
	// Log receives refresh events, never tokens. Default: discarded.
	Log *logrus.Entry
	// Now is the clock for expires_at. Default time.Now. (oauth2's own
	// expiry checks always use the real clock.)
	Now func() time.Time
}

func (o Options) withDefaults() (Options, error) {
	if o.Config == nil {
		return o, errors.New("oauth: options: Config is required")
	}
	if o.Margin <= 0 {
		o.Margin = DefaultMargin
	}
	if o.TokenTimeout <= 0 {
		o.TokenTimeout = DefaultTokenTimeout
	}
	if o.Transport == nil {
		o.Transport = newBaseTransport()
	}
	if o.Log == nil {
		l := logrus.New()
		l.SetOutput(io.Discard)
		o.Log = logrus.NewEntry(l)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

func newBaseTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// Many messages run at once against one API host.
	t.MaxIdleConnsPerHost = 32
	return t
}

// Credential is one GoToWebinar credential, shared by every message and
// worker that uses it. It is safe for concurrent use.
type Credential struct {
	src    *persistingSource
	client *http.Client
}

// NewCredential builds the token chain for a step configuration: cfg.oauth is
// the stored credential object (see [TokenFromConfig]) and cfg._account the
// platform account id. Most
// callers want [Cache.Get], which shares one Credential per credential.
func NewCredential(cfg map[string]any, opts Options) (*Credential, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return newCredential(cfg, opts)
}

func newCredential(cfg map[string]any, opts Options) (*Credential, error) {
	obj, err := oauthObject(cfg)
	if err != nil {
		return nil, err
	}
	tok, err := readToken(obj, opts.Now())
	if err != nil {
		return nil, err
	}
	key := cacheKey(cfg, fingerprint(tok))
	// The refresher keeps this context for every future refresh: it must
	// outlive any one message and carry a client with its own timeout.
	longCtx := context.WithValue(context.Background(), oauth2.HTTPClient,
		&http.Client{Transport: opts.Transport, Timeout: opts.TokenTimeout})
	src := &persistingSource{
		conf:    opts.Config,
		longCtx: longCtx,
		margin:  opts.Margin,
		persist: opts.Persist,
		reload:  opts.Reload,
		now:     opts.Now,
		log:     opts.Log.WithField("credential", key),
		sem:     make(chan struct{}, 1),
		last:    tok,
		obj:     maps.Clone(obj),
		seen:    newFingerprints(tok),
	}
	src.build(tok)
	return &Credential{
		src:    src,
		client: &http.Client{Transport: &transport{src: src, base: opts.Transport}},
	}, nil
}

func oauthObject(cfg map[string]any) (map[string]any, error) {
	obj, ok := cfg["oauth"].(map[string]any)
	if !ok {
		return nil, &AuthError{Op: "read credential", Code: CodeNoToken, Reauthorize: true}
	}
	return obj, nil
}

// Client returns the http.Client that authorizes every request with the
// credential's current token and refreshes once on 403 InvalidToken. It has
// no timeout of its own: bound each call with its request context.
func (c *Credential) Client() *http.Client { return c.client }

// Token returns a valid access token, refreshing and persisting it first when
// it expires within the margin. ctx bounds the wait for a refresh in progress
// and is passed to Persist.
func (c *Credential) Token(ctx context.Context) (*oauth2.Token, error) {
	return c.src.token(ctx)
}
