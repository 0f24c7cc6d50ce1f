package oauth

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestTokenFromConfigExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := now.Add(time.Hour)
	tests := []struct {
		name      string
		expiresAt any
		want      time.Time
	}{
		{"rfc3339", at.Format(time.RFC3339), at},
		{"rfc3339 with offset and fraction", "2026-03-01T14:00:00.500+01:00", at.Add(500 * time.Millisecond)},
		{"epoch seconds number", float64(at.Unix()), at},
		{"epoch milliseconds number", float64(at.UnixMilli()), at},
		{"epoch seconds string", "1772370000", at},
		{"epoch milliseconds json.Number", json.Number("1772370000000"), at},
		{"absent", nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			obj := map[string]any{"access_token": "a", "refresh_token": "r", "expires_in": 3600}
			if tt.expiresAt != nil {
				obj["expires_at"] = tt.expiresAt
			}
			tok, _, err := TokenFromConfig(obj, now)
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(tok.Expiry), "want %v, got %v", tt.want, tok.Expiry)
			assert.Equal(t, int64(3600), tok.ExpiresIn)
		})
	}
}

// Only a relative expires_in: unknown expiry, which oauth2 treats as valid.
func TestTokenFromConfigRelativeOnly(t *testing.T) {
	t.Parallel()
	tok, _, err := TokenFromConfig(map[string]any{"access_token": "a", "refresh_token": "r", "expires_in": "3600"}, time.Now())
	require.NoError(t, err)
	assert.True(t, tok.Expiry.IsZero())
	assert.True(t, tok.Valid())
	assert.Equal(t, int64(3600), tok.ExpiresIn)
}

func TestTokenFromConfigKeepsUnknownFields(t *testing.T) {
	t.Parallel()
	obj := map[string]any{
		"access_token": "a", "refresh_token": "r", "token_type": "Bearer",
		"scope": "collab:", "principal": "o@example.com", "nested": map[string]any{"x": 1.0},
	}
	tok, extra, err := TokenFromConfig(obj, time.Now())
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"scope": "collab:", "principal": "o@example.com", "nested": map[string]any{"x": 1.0}}, extra)
	assert.Equal(t, "o@example.com", tok.Extra("principal"))
	assert.Equal(t, "a", tok.AccessToken)
	assert.Equal(t, "r", tok.RefreshToken)
}

func TestTokenFromConfigErrors(t *testing.T) {
	t.Parallel()
	_, _, err := TokenFromConfig(map[string]any{"scope": "collab:"}, time.Now())
	assert.ErrorIs(t, err, ErrReauthorize)

	_, _, err = TokenFromConfig(map[string]any{"access_token": 12345678}, time.Now())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "access_token")
	assert.NotContains(t, err.Error(), "12345678")

	_, _, err = TokenFromConfig(map[string]any{"access_token": "a", "expires_at": "tomorrow"}, time.Now())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expires_at")
}

func TestMergeToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	prev := map[string]any{
		"access_token": "old-a", "refresh_token": "old-r", "expires_in": 3600.0,
		"expires_at": "2026-03-01T11:00:00Z", "scope": "collab:", "custom": "x",
	}
	fresh := (&oauth2.Token{AccessToken: "new-a", TokenType: "Bearer", ExpiresIn: 3600}).
		WithExtra(map[string]any{"access_token": "new-a", "expires_in": 3600.0, "principal": "p@example.com"})

	merged := mergeToken(prev, fresh, now)
	assert.Equal(t, map[string]any{
		"access_token": "new-a", "refresh_token": "old-r", "token_type": "Bearer",
		"expires_in": int64(3600), "expires_at": "2026-03-01T13:00:00Z",
		"scope": "collab:", "custom": "x", "principal": "p@example.com",
	}, merged)
	assert.Equal(t, "old-a", prev["access_token"], "prev is not modified")
}

func TestNewConfig(t *testing.T) {
	t.Parallel()
	conf, err := NewConfig("id", "secret", "")
	require.NoError(t, err)
	assert.Equal(t, "https://authentication.logmeininc.com/oauth/authorize", conf.Endpoint.AuthURL)
	assert.Equal(t, "https://authentication.logmeininc.com/oauth/token", conf.Endpoint.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInHeader, conf.Endpoint.AuthStyle)

	conf, err = NewConfig("id", "secret", "http://127.0.0.1:8089/auth/")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8089/auth/oauth/token", conf.Endpoint.TokenURL)

	_, err = NewConfig("", "", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CITRIX_APP_ID")
	assert.Contains(t, err.Error(), "CITRIX_APP_SECRET")

	_, err = NewConfig("id", "", "")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "CITRIX_APP_ID")

	_, err = NewConfig("id", "TOPSECRET", "not a url")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "TOPSECRET")
}
