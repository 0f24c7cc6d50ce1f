package component

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// R22: a credential that can no longer be refreshed ends the message with
// an error that asks for re-authorization: one token request, no retry
// loop, no rebound, no token in the error, the input rejected.
func TestRevokedCredentialAsksForReauthorization(t *testing.T) {
	e := newEnv(t, envOptions{})
	w := e.fake.Webinars(e.organizer.Key)[0]
	oauthObj := e.cfg["oauth"].(map[string]any)
	require.True(t, e.fake.RevokeToken(oauthObj["refresh_token"].(string)))
	e.fake.ExpireAccessTokens()
	before := e.fake.TokenRequests("refresh_token")

	h := e.comp.handler("getWebinar", e.comp.getWebinar)
	r := e.run("getWebinar", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(nil), nil)

	assert.Equal(t, membus.Rejected, r.Outcome)
	require.Len(t, r.Events, 1)
	assert.Equal(t, "error", r.Events[0].Kind)
	assert.Contains(t, r.Events[0].Error, "re-authorize")
	for _, secret := range []string{oauthObj["access_token"].(string), oauthObj["refresh_token"].(string), "sandbox-secret"} {
		assert.False(t, strings.Contains(r.Events[0].Error, secret), "no secret in the published error")
	}
	assert.Equal(t, 1, e.fake.TokenRequests("refresh_token")-before, "exactly one refresh attempt")
	assert.Empty(t, r.Keys, "nothing to store")
}

// R19 at the component level: many messages of one credential at once
// with an expired token cause one refresh, stored once.
func TestConcurrentMessagesShareOneRefresh(t *testing.T) {
	e := newEnv(t, envOptions{})
	webinars := e.fake.Webinars(e.organizer.Key)
	e.fake.ExpireAccessTokens()
	before := e.fake.TokenRequests("refresh_token")

	inputs := make([]any, 20)
	for i := range inputs {
		inputs[i] = map[string]any{"webinarKey": keyString(webinars[i].Key)}
	}
	h := e.comp.handler("getWebinar", e.comp.getWebinar)
	results := e.runConcurrently("getWebinar", h, inputs, e.config(nil), 10)
	for _, r := range results {
		assert.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, 1)
	}
	stored := len(e.platform.stored())
	assert.Equal(t, 1, e.fake.TokenRequests("refresh_token")-before, "one refresh for all")
	assert.Equal(t, 1, stored, "the new token stored once")
}
