package fake

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunSandbox(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "cfg.json")
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- RunSandbox(ctx, SandboxOptions{Addr: "127.0.0.1:0", CfgOut: cfgPath, Seed: 3}, pw)
		pw.Close()
	}()

	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 4 && sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		require.True(t, ok, sc.Text())
		env[name] = value
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	assert.Equal(t, env["GOTO_API_URL"], env["GOTO_AUTH_URL"])
	assert.Equal(t, DefaultClientID, env["CITRIX_APP_ID"])
	assert.Equal(t, DefaultClientSecret, env["CITRIX_APP_SECRET"])

	data, err := os.ReadFile(cfgPath)
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.Unmarshal(data, &cfg))
	oauth := cfg["oauth"].(map[string]any)
	assert.Equal(t, "Bearer", oauth["token_type"])
	assert.Equal(t, Scope, oauth["scope"])
	assert.InDelta(t, 3600, oauth["expires_in"], 0)
	assert.Len(t, cfg["organizerKey"], 19)

	req, err := http.NewRequest(http.MethodGet, env["GOTO_API_URL"]+"/admin/rest/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+oauth["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var me map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&me))
	resp.Body.Close()
	assert.Equal(t, cfg["organizerKey"], me["key"])

	cancel()
	assert.NoError(t, <-done)
}

func TestNewSandbox(t *testing.T) {
	t.Parallel()
	srv, creds := NewSandbox(5)
	assert.Equal(t, srv.MainOrganizer().Key, creds.OrganizerKey)
	assert.Equal(t, DefaultClientSecret, creds.ClientSecret)
	assert.NotEmpty(t, creds.RefreshToken)
	assert.Equal(t, 3600, creds.ExpiresIn)
}
