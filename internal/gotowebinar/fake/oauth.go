package fake

import (
	"crypto/subtle"
	"net/http"
	"net/url"
)

// Scope is the scope GoTo reports for GoToWebinar clients.
const Scope = "collab:"

func writeOAuthError(w http.ResponseWriter, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code, "error_description": description})
}

// handleAuthorize approves at once for the organizer chosen by AuthorizeAs
// and redirects to redirect_uri with a single-use code and the state.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.opts.ClientID {
		writeOAuthError(w, "invalid_client", "Client authentication failed.")
		return
	}
	// GoTo would fall back to the registered URI; the fake has none, so
	// the parameter is required here.
	target, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("redirect_uri") == "" || !target.IsAbs() {
		writeOAuthError(w, "invalid_request", "A valid redirect_uri is required.")
		return
	}
	back := target.Query()
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	if q.Get("response_type") != "code" {
		back.Set("error", "unsupported_response_type")
	} else {
		s.mu.Lock()
		code := s.randomToken("", 48)
		s.codes[code] = &authCode{organizer: s.authorizeAs, clientID: s.opts.ClientID,
			redirectURI: q.Get("redirect_uri"), expires: s.opts.Now().Add(codeTTL)}
		s.mu.Unlock()
		back.Set("code", code)
	}
	target.RawQuery = back.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// handleToken serves the authorization_code and refresh_token grants.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	err := r.ParseForm()
	grant := r.PostForm.Get("grant_type")

	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenRequests[grant]++
	if err != nil {
		writeOAuthError(w, "invalid_request", "Malformed request body.")
		return
	}
	if !s.clientAuthenticated(r) {
		writeOAuthError(w, "invalid_client", "Client authentication failed.")
		return
	}
	switch grant {
	case "authorization_code":
		s.exchangeCode(w, r)
	case "refresh_token":
		s.refreshGrant(w, r)
	case "":
		writeOAuthError(w, "invalid_request", "Missing grant_type.")
	default:
		writeOAuthError(w, "unsupported_grant_type", "Unsupported grant type.")
	}
}

// clientAuthenticated accepts client_secret_basic and client_secret_post;
// a client_id in the body that contradicts the Basic header fails.
func (s *Server) clientAuthenticated(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return false
		}
		if body := r.PostForm.Get("client_id"); body != "" && body != id {
			return false
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == s.opts.ClientID &&
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) == 1
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request) {
	c := s.codes[r.PostForm.Get("code")]
	if c == nil || c.used || !s.opts.Now().Before(c.expires) || c.clientID != s.opts.ClientID {
		writeOAuthError(w, "invalid_grant", "The authorization code is invalid, expired or already used.")
		return
	}
	if uri := r.PostForm.Get("redirect_uri"); uri != "" && uri != c.redirectURI {
		writeOAuthError(w, "invalid_grant", "The redirect_uri does not match the authorization request.")
		return
	}
	c.used = true
	access, refresh := s.issue(c.organizer, c.clientID)
	resp := s.tokenResponse(c.organizer, access)
	resp["token_type"] = "Bearer"
	resp["refresh_token"] = refresh
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) refreshGrant(w http.ResponseWriter, r *http.Request) {
	old := r.PostForm.Get("refresh_token")
	rt := s.refresh[old]
	if rt == nil || rt.revoked || !s.opts.Now().Before(rt.expires) || rt.clientID != s.opts.ClientID {
		writeOAuthError(w, "invalid_grant", "The refresh token is invalid, expired or revoked.")
		return
	}
	if s.opts.InvalidateOldAccessOnRefresh {
		for _, a := range s.access {
			if a.grant == rt.grant {
				a.revoked = true
			}
		}
	}
	resp := s.tokenResponse(rt.organizer, s.newAccess(rt.organizer, rt.grant))
	switch s.opts.Rotation {
	case RotateRepeat:
		resp["token_type"], resp["refresh_token"] = "Bearer", old
	case RotateAlways:
		resp["token_type"], resp["refresh_token"] = "Bearer", s.newRefresh(rt.organizer, rt.grant, rt.clientID)
	case RotateRevokeOld:
		rt.revoked = true
		resp["token_type"], resp["refresh_token"] = "Bearer", s.newRefresh(rt.organizer, rt.grant, rt.clientID)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

// tokenResponse holds the fields every current-generation response has.
func (s *Server) tokenResponse(organizer int64, access string) map[string]any {
	o := s.st.organizer(organizer)
	resp := map[string]any{
		"access_token": access,
		"expires_in":   int(s.opts.AccessTTL.Seconds()),
		"scope":        Scope,
		"principal":    o.Email,
	}
	if s.opts.LegacyFields {
		resp["organizer_key"] = keyString(o.Key)
		resp["account_key"] = keyString(o.AccountKey)
		resp["account_type"] = "corporate"
		resp["firstName"] = o.FirstName
		resp["lastName"] = o.LastName
		resp["email"] = o.Email
	}
	return resp
}
