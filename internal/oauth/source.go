package oauth

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/oauth2"
)

// persistingSource is the middle of the chain: it owns the reuse cache, hands
// out tokens, and persists every new token before anyone receives it. One
// slot semaphore (sem) serialises all of that, so concurrent callers wait for
// a refresh and its persistence instead of starting their own.
type persistingSource struct {
	conf    *oauth2.Config
	longCtx context.Context // carries the token-request http.Client; never cancelled
	margin  time.Duration
	persist func(ctx context.Context, oauthObj map[string]any) error
	reload  func(ctx context.Context) (map[string]any, error)
	now     func() time.Time
	log     *logrus.Entry

	sem  chan struct{}
	src  oauth2.TokenSource // ReuseTokenSourceWithExpiry over the bare refresher
	last *oauth2.Token      // last token handed out (and persisted); its refresh token is the one src holds
	obj  map[string]any     // stored credential object matching last
	seen *fingerprints
}

// build installs a fresh chain seeded with tok. Passing a non-nil token makes
// ReuseTokenSourceWithExpiry unwrap the config's own cache, so exactly one
// cache with our margin exists (style-anchors point 17).
func (p *persistingSource) build(seed *oauth2.Token) {
	p.src = oauth2.ReuseTokenSourceWithExpiry(seed, p.conf.TokenSource(p.longCtx, seed), p.margin)
}

func (p *persistingSource) lock(ctx context.Context) error {
	select {
	case p.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("oauth: wait for token: %w", ctx.Err())
	}
}

func (p *persistingSource) unlock() { <-p.sem }

// token returns a valid token, refreshing it when it is due (expired or within
// the margin). ctx bounds the wait and is passed to Persist; the token request
// itself runs on the long-lived context.
func (p *persistingSource) token(ctx context.Context) (*oauth2.Token, error) {
	if err := p.lock(ctx); err != nil {
		return nil, err
	}
	defer p.unlock()
	return p.current(ctx)
}

// refreshRejected is called after the API refused the access token
// `rejected`. Comparing it with the current token first means N callers
// refused with the same stale token cause one refresh: later ones find the
// chain already moved on. Otherwise one refresh is forced even though the
// token may look valid by its expiry.
func (p *persistingSource) refreshRejected(ctx context.Context, rejected string) (*oauth2.Token, error) {
	if err := p.lock(ctx); err != nil {
		return nil, err
	}
	defer p.unlock()
	tok, err := p.current(ctx)
	if err != nil || tok.AccessToken != rejected {
		return tok, err
	}
	p.log.Info("oauth: access token rejected by the API; refreshing early")
	p.build(&oauth2.Token{RefreshToken: p.last.RefreshToken, TokenType: tok.TokenType})
	return p.current(ctx)
}

// current asks the chain for its token and accepts it. Caller holds sem.
func (p *persistingSource) current(ctx context.Context) (*oauth2.Token, error) {
	tok, err := p.src.Token()
	if err != nil {
		err = p.explain(err)
		var ae *AuthError
		if errors.As(err, &ae) && ae.Code == "invalid_grant" && p.reloaded(ctx) {
			if tok, err = p.src.Token(); err != nil {
				err = p.explain(err)
			}
		}
		if err != nil {
			p.log.WithField("error", err.Error()).Warn("oauth: token refresh failed")
			return nil, err
		}
	}
	return p.accept(ctx, tok)
}

// explain classifies a refresh failure. Without a refresh token oauth2
// answers a plain error before any request; we know that case ourselves.
func (p *persistingSource) explain(err error) error {
	var re *oauth2.RetrieveError
	if p.last.RefreshToken == "" && !errors.As(err, &re) {
		return &AuthError{Op: "refresh token", Code: CodeNoRefreshToken, Reauthorize: true, Err: err}
	}
	return classify("refresh token", err)
}

// reloaded re-reads the stored credential after invalid_grant. When another
// replica rotated the refresh token, the chain is rebuilt from the stored
// object and true is returned so the caller tries once more.
func (p *persistingSource) reloaded(ctx context.Context) bool {
	if p.reload == nil {
		return false
	}
	var obj map[string]any
	cfg, err := p.reload(ctx)
	if err == nil {
		obj, err = oauthObject(cfg)
	}
	if err != nil {
		p.log.WithField("error", err.Error()).Warn("oauth: re-reading the stored credential failed")
		return false
	}
	tok, err := readToken(obj, p.now())
	if err != nil || tok.RefreshToken == "" || tok.RefreshToken == p.last.RefreshToken {
		p.log.Info("oauth: stored credential unchanged after invalid_grant")
		return false
	}
	p.log.Info("oauth: stored credential was rotated elsewhere; retrying with it")
	p.build(tok)
	// It was persisted by whoever rotated it: accepting it must not persist again.
	p.last, p.obj = tok, maps.Clone(obj)
	p.seen.add(tok)
	return true
}

// accept persists tok if it is new, then records it as the one handed out.
// A persist failure keeps tok from everyone; the next caller tries again.
func (p *persistingSource) accept(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error) {
	if sameToken(tok, p.last) {
		return tok, nil
	}
	merged := mergeToken(p.obj, tok, p.now())
	if p.persist != nil {
		if err := p.persist(ctx, maps.Clone(merged)); err != nil {
			return nil, fmt.Errorf("oauth: persist refreshed token: %w", err)
		}
	}
	rotated := tok.RefreshToken != p.last.RefreshToken
	p.last, p.obj = tok, merged
	p.seen.add(tok)
	p.log.WithFields(logrus.Fields{
		"expires_at":            merged[fieldExpiresAt],
		"refresh_token_rotated": rotated,
	}).Info("oauth: token refreshed and persisted")
	return tok, nil
}

func sameToken(a, b *oauth2.Token) bool {
	return a == b || (b != nil && a.AccessToken == b.AccessToken &&
		a.RefreshToken == b.RefreshToken && a.Expiry.Equal(b.Expiry))
}
