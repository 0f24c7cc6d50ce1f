package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"golang.org/x/oauth2"
)

// Cache hands out one shared [Credential] per credential. It is safe for
// concurrent use.
type Cache struct {
	opts  Options
	mu    sync.Mutex
	creds map[string]*Credential
}

// NewCache returns an empty cache whose credentials share opts (and so one
// base transport). opts.Config is required.
func NewCache(opts Options) (*Cache, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Cache{opts: opts, creds: make(map[string]*Credential)}, nil
}

// Get returns the Credential for a step configuration, creating it on first
// use. Credentials are keyed by cfg._account, else by a hash of the refresh
// token. A cached Credential is replaced only when cfg carries a token it has
// never seen (the user re-authorized); an older token, such as the one in a
// step configuration the platform never updates in-process, keeps the cached
// Credential with its newer token.
func (c *Cache) Get(ctx context.Context, cfg map[string]any) (*Credential, error) {
	obj, err := oauthObject(cfg)
	if err != nil {
		return nil, err
	}
	tok, err := readToken(obj, c.opts.Now())
	if err != nil {
		return nil, err
	}
	fp := fingerprint(tok)
	key := cacheKey(cfg, fp)
	c.mu.Lock()
	defer c.mu.Unlock()
	if cred, ok := c.creds[key]; ok && cred.src.seen.has(fp) {
		return cred, nil
	}
	cred, err := newCredential(cfg, c.opts)
	if err != nil {
		return nil, err
	}
	if _, replaced := c.creds[key]; replaced {
		c.opts.Log.WithField("credential", key).Info("oauth: credential changed in the step configuration; using the new one")
	}
	c.creds[key] = cred
	return cred, nil
}

// cacheKey names a credential without exposing a token: by cfg._account,
// else by fp, the [fingerprint] of its token.
func cacheKey(cfg map[string]any, fp string) string {
	if account, ok := cfg["_account"].(string); ok && account != "" {
		return "account:" + account
	}
	return "token:" + fp[:2+16]
}

// fingerprints is the set of tokens a Credential has held, kept as hashes.
type fingerprints struct {
	mu  sync.Mutex
	set map[string]struct{}
}

func newFingerprints(tok *oauth2.Token) *fingerprints {
	f := &fingerprints{set: make(map[string]struct{})}
	f.add(tok)
	return f
}

func (f *fingerprints) add(tok *oauth2.Token) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.set[fingerprint(tok)] = struct{}{}
}

// has reports whether the token with fingerprint fp was held.
func (f *fingerprints) has(fp string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.set[fp]
	return ok
}

// fingerprint identifies a token without keeping it readable: the hash of
// the refresh token, or of the access token when there is none.
func fingerprint(tok *oauth2.Token) string {
	secret, kind := tok.RefreshToken, "r:"
	if secret == "" {
		secret, kind = tok.AccessToken, "a:"
	}
	sum := sha256.Sum256([]byte(secret))
	return kind + hex.EncodeToString(sum[:])
}
