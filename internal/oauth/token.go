package oauth

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Field names of the stored credential object (cfg.oauth).
const (
	fieldAccessToken  = "access_token"
	fieldRefreshToken = "refresh_token"
	fieldTokenType    = "token_type"
	fieldExpiresIn    = "expires_in"
	fieldExpiresAt    = "expires_at"
)

// TokenFromConfig reads the stored credential object (cfg.oauth: the token
// response the platform saved, plus our expires_at).
//
// The expiry comes only from expires_at, an absolute instant written by this
// package as RFC 3339 and accepted as RFC 3339 or epoch seconds or
// milliseconds (number or numeric string; now decides which of the two is
// meant). A relative expires_in without expires_at says nothing about when
// the token was issued, so the expiry is left unknown (zero): oauth2 treats
// such a token as valid and it is used until the API rejects it with 403
// InvalidToken, which forces a refresh.
//
// extra holds every other field (scope, principal, ...), untouched, so that
// writing the credential back loses nothing; it is also attached to the token
// (Token.Extra). A credential with neither access nor refresh token is an
// [AuthError] matching [ErrReauthorize].
func TokenFromConfig(oauthObj map[string]any, now time.Time) (*oauth2.Token, map[string]any, error) {
	tok, err := readToken(oauthObj, now)
	if err != nil {
		return nil, nil, err
	}
	extra := make(map[string]any, len(oauthObj))
	for k, v := range oauthObj {
		switch k {
		case fieldAccessToken, fieldRefreshToken, fieldTokenType, fieldExpiresIn, fieldExpiresAt:
		default:
			extra[k] = v
		}
	}
	return tok.WithExtra(extra), extra, nil
}

// readToken is [TokenFromConfig] without the extra fields, which the
// package itself never needs: it keeps the whole stored object instead.
func readToken(oauthObj map[string]any, now time.Time) (*oauth2.Token, error) {
	access, err := stringField(oauthObj, fieldAccessToken)
	if err != nil {
		return nil, err
	}
	refresh, err := stringField(oauthObj, fieldRefreshToken)
	if err != nil {
		return nil, err
	}
	if access == "" && refresh == "" {
		return nil, &AuthError{Op: "read credential", Code: CodeNoToken, Reauthorize: true}
	}
	tokenType, err := stringField(oauthObj, fieldTokenType)
	if err != nil {
		return nil, err
	}
	tok := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: tokenType}
	if v, ok := oauthObj[fieldExpiresAt]; ok && v != nil {
		if tok.Expiry, err = parseExpiresAt(v, now); err != nil {
			return nil, err
		}
	}
	if v, ok := oauthObj[fieldExpiresIn]; ok && v != nil {
		// Kept for the caller's information only; see TokenFromConfig.
		if tok.ExpiresIn, err = parseSeconds(v); err != nil {
			return nil, fmt.Errorf("oauth: read credential: %s: %w", fieldExpiresIn, err)
		}
	}
	return tok, nil
}

// stringField reads an optional string field; other types are an error that
// names the field but never shows its value.
func stringField(obj map[string]any, name string) (string, error) {
	v, ok := obj[name]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("oauth: read credential: %s is a %T, want a string", name, v)
	}
	return s, nil
}

// parseExpiresAt accepts RFC 3339 or epoch seconds/milliseconds. Of the two
// epoch readings it picks the one closer to now: seconds and milliseconds
// of plausible expiries differ by a factor of 1000.
func parseExpiresAt(v any, now time.Time) (time.Time, error) {
	if s, ok := v.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, nil
		}
	}
	n, err := parseNumber(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("oauth: read credential: %s: want RFC 3339 or epoch seconds: %w", fieldExpiresAt, err)
	}
	asSeconds := time.Unix(int64(n), 0)
	asMillis := time.UnixMilli(int64(n))
	if absDuration(asMillis.Sub(now)) < absDuration(asSeconds.Sub(now)) {
		return asMillis, nil
	}
	return asSeconds, nil
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// parseSeconds reads expires_in, which GoTo has sent as a number and, in the
// legacy generation, as a numeric string.
func parseSeconds(v any) (int64, error) {
	n, err := parseNumber(v)
	if err != nil {
		return 0, err
	}
	return int64(n), nil
}

// parseNumber accepts the shapes a JSON number takes after decoding into any
// (float64, json.Number) or being built in Go (ints), and numeric strings.
func parseNumber(v any) (float64, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case json.Number:
		return parseNumber(string(x))
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(x), 64); err != nil {
			return 0, fmt.Errorf("not a number")
		}
	default:
		return 0, fmt.Errorf("unsupported type %T", v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, fmt.Errorf("out of range")
	}
	return f, nil
}

// responseFields are the token response fields of every GoTo generation
// (gotowebinar-api.md 3.4) besides the ones oauth2.Token models.
var responseFields = []string{
	"scope", "principal", "organizer_key", "account_key", "account_type",
	"firstName", "lastName", "email", "platform", "version",
}

// mergeToken builds the object to persist after a refresh: the previous
// object with every field the token response carried (of those in
// responseFields or already stored) laid over it, the old
// refresh token kept when the response had none, and expires_at made
// absolute from now and expires_in. Fields the response did not carry keep
// their value.
func mergeToken(prev map[string]any, tok *oauth2.Token, now time.Time) map[string]any {
	merged := maps.Clone(prev)
	if merged == nil {
		merged = make(map[string]any)
	}
	// oauth2.Token exposes the raw response only key by key, so look up the
	// fields GoTo is known to send plus every field we already store.
	for _, k := range responseFields {
		if v := tok.Extra(k); v != nil {
			merged[k] = v
		}
	}
	for k := range prev {
		if v := tok.Extra(k); v != nil {
			merged[k] = v
		}
	}
	merged[fieldAccessToken] = tok.AccessToken
	if tok.RefreshToken != "" {
		merged[fieldRefreshToken] = tok.RefreshToken
	} else if old, ok := prev[fieldRefreshToken]; ok {
		merged[fieldRefreshToken] = old
	} else {
		delete(merged, fieldRefreshToken)
	}
	if tok.TokenType != "" {
		merged[fieldTokenType] = tok.TokenType
	}
	switch {
	case tok.ExpiresIn > 0:
		merged[fieldExpiresIn] = tok.ExpiresIn
		merged[fieldExpiresAt] = now.Add(time.Duration(tok.ExpiresIn) * time.Second).UTC().Format(time.RFC3339)
	case !tok.Expiry.IsZero():
		merged[fieldExpiresAt] = tok.Expiry.UTC().Format(time.RFC3339)
	default:
		// The response gave no lifetime: a stale expires_at would only
		// mislead the next reader.
		delete(merged, fieldExpiresAt)
	}
	return merged
}
