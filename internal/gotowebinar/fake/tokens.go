package fake

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

type accessToken struct {
	organizer int64
	grant     int64 // tokens of one authorization share a grant
	expires   time.Time
	revoked   bool
}

type refreshToken struct {
	organizer int64
	grant     int64
	clientID  string
	expires   time.Time
	revoked   bool
}

type authCode struct {
	organizer   int64
	clientID    string
	redirectURI string
	expires     time.Time
	used        bool
}

// codeTTL is how long an authorization code can be exchanged.
const codeTTL = 10 * time.Minute

// Token prefixes mimic the shape of GoTo's JWT-like tokens so that clients
// which truncate or log them are noticed.
const (
	accessPrefix  = "eyJraWQiOiJvYXV0aHYyIiwiYWxnIjoiUlM1MTIifQ."
	refreshPrefix = "eyJraWQiOiJvYXV0aHYyIiwidHlwIjoiciJ9."
)

func (s *Server) randomToken(prefix string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(s.tokRng.UintN(256))
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// issue creates an access and a refresh token for a new grant; s.mu held.
func (s *Server) issue(organizer int64, clientID string) (string, string) {
	s.grants++
	access := s.newAccess(organizer, s.grants)
	refresh := s.newRefresh(organizer, s.grants, clientID)
	return access, refresh
}

func (s *Server) newAccess(organizer, grant int64) string {
	tok := s.randomToken(accessPrefix, 384)
	s.access[tok] = &accessToken{organizer: organizer, grant: grant, expires: s.opts.Now().Add(s.opts.AccessTTL)}
	return tok
}

func (s *Server) newRefresh(organizer, grant int64, clientID string) string {
	tok := s.randomToken(refreshPrefix, 96)
	s.refresh[tok] = &refreshToken{organizer: organizer, grant: grant, clientID: clientID, expires: s.opts.Now().Add(s.opts.RefreshTTL)}
	return tok
}

// bearer extracts the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return ""
	}
	return strings.TrimSpace(h[7:])
}

// owner returns the organizer of a valid access token, or nil; s.mu held.
func (s *Server) owner(tok string) *Organizer {
	a := s.access[tok]
	if a == nil || a.revoked || !s.opts.Now().Before(a.expires) {
		return nil
	}
	return s.st.organizer(a.organizer)
}

// IssueToken creates a fresh grant for organizer, as a completed
// authorization would, and returns its access and refresh tokens. It
// returns empty strings for an unknown organizer.
func (s *Server) IssueToken(organizer int64) (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.organizer(organizer) == nil {
		return "", ""
	}
	return s.issue(organizer, s.opts.ClientID)
}

// ExpireAccessTokens makes every access token issued so far invalid, as if
// its hour had passed; refresh tokens stay valid.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	for _, a := range s.access {
		if a.expires.After(now) {
			a.expires = now
		}
	}
}

// RevokeToken revokes an access or refresh token. It reports whether the
// token was known.
func (s *Server) RevokeToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.access[tok]; a != nil {
		a.revoked = true
		return true
	}
	if r := s.refresh[tok]; r != nil {
		r.revoked = true
		return true
	}
	return false
}

// AuthorizeAs selects the organizer that /oauth/authorize approves for
// (default: the main organizer). It reports whether the organizer exists.
func (s *Server) AuthorizeAs(organizer int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.organizer(organizer) == nil {
		return false
	}
	s.authorizeAs = organizer
	return true
}
