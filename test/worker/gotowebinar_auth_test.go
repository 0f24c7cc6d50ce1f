package worker_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// OAuth requirements R20-R22 (reliability.md 3.E) through the product
// binary: cmd/gotowebinar consuming from RabbitMQ, the fake platform API
// and the fake GoToWebinar's token endpoint. Every message is a getWebinar
// with the organizerKey on the credential: one API call when the token is
// good, so the calls a refresh adds can be counted.

// authSetup is a getWebinar step against a fresh fake GoToWebinar.
type authSetup struct {
	g   *gotoWorld
	f   *flow
	wk  string // webinarKey of the step
	org string // organizerKey of the credential
}

func newAuthSetup(t *testing.T, opts fake.Options) *authSetup {
	t.Helper()
	opts.Seed = fake.DefaultSeed
	g := newGotoWorldWith(t, opts)
	return &authSetup{g: g, f: newFlow(t), wk: gotoKey(g.plainWebinar(t).Key), org: gotoKey(g.organizer.Key)}
}

// config is the step configuration: the stored credential (its oauth
// object as the platform keeps it: expires_in, no expires_at) with the
// organizerKey, and the webinarKey.
func (s *authSetup) config() map[string]any {
	return s.g.config(map[string]any{"webinarKey": s.wk, "organizerKey": s.org})
}

// get sends getWebinar message id.
func (s *authSetup) get(id string) {
	s.f.send(`{"id":"`+id+`","body":{},"headers":{}}`, inputHeaders(id))
}

// succeeded checks that message id emitted its webinar and was acked.
func (s *authSetup) succeeded(t *testing.T, w *worker, id string) {
	t.Helper()
	out := s.f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, id, out.Headers["parentMessageId"])
	body := s.f.decode(out)["body"].(map[string]any)
	assert.Equal(t, s.wk, body["webinarKey"], "the webinar of the step")
	s.f.assertSettled(0)
	assert.Empty(t, s.f.drain(keyError), "error events")
	assert.Empty(t, s.f.drain(keyRebound), "rebounds")
	assert.Equal(t, []any{"ack"}, outcomes(t, w.logs(), id), "acked once")
}

// failedForAuth checks that message id published one error that tells the
// user to re-authorize, and that the input was rejected without requeue:
// dead-lettered once, never redelivered nor rebounded. It returns the
// error's text.
func (s *authSetup) failedForAuth(t *testing.T, w *worker, id string) string {
	t.Helper()
	e := s.f.collect(keyError, 1, waitOutput)[0]
	assert.Equal(t, id, e.Headers["parentMessageId"])
	payload, input, hasInput := s.f.decodeError(e)
	msg, _ := payload["message"].(string)
	assert.Contains(t, msg, "re-authorize", "the error tells the user what to do")
	assert.Contains(t, msg, "credential")
	require.True(t, hasInput, "the error carries the input")
	assert.Equal(t, map[string]any{}, input["body"])
	s.f.assertSettled(1) // the input queue dead-letters rejected inputs
	assert.Empty(t, s.f.drain(keyData), "no data for a failed message")
	assert.Empty(t, s.f.drain(keyRebound), "an auth failure is not rebounded")
	assert.Equal(t, []any{"reject"}, outcomes(t, w.logs(), id), "rejected once, not requeued nor redelivered")
	return msg
}

// TestGoToWebinarRotatedRefreshTokenPersistedBeforeUse (R20): a refresh
// stores the merged credential on the platform (PUT /v1/accounts/{id})
// before the message that caused it is acked, and a new worker started with
// the stored keys refreshes again successfully, which with single-use
// refresh tokens only works when the new refresh token was stored.
func TestGoToWebinarRotatedRefreshTokenPersistedBeforeUse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		rotation fake.Rotation
		rotates  bool
	}{
		{"single-use refresh tokens", fake.RotateRevokeOld, true},
		{"response without refresh_token", fake.RotateNever, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newAuthSetup(t, fake.Options{Rotation: tc.rotation})
			g, f := s.g, s.f
			f.storeAccountUpdates()
			hold := f.holdAccountUpdates()
			cfg := s.config()
			// A field of the stored credential that no refresh response
			// carries (a v2-proxy grant): it must survive the update.
			cfg["oauth"].(map[string]any)["account_type"] = "corporate"
			w := f.runGoTo(g, "getWebinar", cfg)

			// Worker 1: its access token has expired.
			g.fake.ExpireAccessTokens()
			s.get("G1")
			put := w.awaitAccountUpdate(hold)
			// The worker waits for its new keys to be stored: G1 is
			// delivered and unacked, nothing is emitted yet.
			time.Sleep(200 * time.Millisecond)
			_, unacked := queueCounts(t, f.input)
			assert.Equal(t, 1, unacked, "the message is unacked while its new keys are stored")
			dataReady, _ := f.counts(f.queues[keyData])
			assert.Zero(t, dataReady, "no output before the keys are stored")
			assert.Empty(t, outcomes(t, w.logs(), "G1"), "G1 settled before its keys were stored")
			close(hold.release)

			stored, keys := storedKeys(t, put)
			access1, _ := stored["access_token"].(string)
			refresh1, _ := stored["refresh_token"].(string)
			require.NotEmpty(t, access1)
			assert.NotEqual(t, g.access, access1, "the new access token is stored")
			if tc.rotates {
				require.NotEmpty(t, refresh1)
				assert.NotEqual(t, g.refresh, refresh1, "the rotated refresh token is stored")
			} else {
				assert.Equal(t, g.refresh, refresh1, "a response without refresh_token keeps the stored one")
			}
			assert.Equal(t, "Bearer", stored["token_type"])
			assert.Equal(t, fake.Scope, stored["scope"])
			assert.Equal(t, "corporate", stored["account_type"], "fields the response lacks are kept")
			assert.NotEmpty(t, stored["expires_at"], "the expiry is stored as an instant")
			assert.Equal(t, s.org, keys["organizerKey"], "the other credential fields are kept")
			assert.Equal(t, http.StatusOK, g.status(t, access1), "the stored access token works")
			s.succeeded(t, w, "G1")
			assert.Equal(t, 1, g.fake.TokenRequests("refresh_token"), "one refresh")
			require.Len(t, f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID), 1, "stored once")
			assert.Equal(t, 0, w.stopped())
			assertNoTokens(t, w.logs(), g.access, g.refresh, access1, refresh1)

			if tc.rotates {
				st, answer := g.refreshAs(t, g.refresh)
				assert.Equal(t, http.StatusBadRequest, st, "the replaced refresh token is dead")
				assert.Equal(t, "invalid_grant", answer["error"])
			}

			// Worker 2: a new container, whose step data is what worker 1
			// stored; its access token expires too.
			restart := f.api.stepConfig()
			require.Equal(t, access1, restart["oauth"].(map[string]any)["access_token"], "the platform serves the stored keys")
			require.Equal(t, refresh1, restart["oauth"].(map[string]any)["refresh_token"])
			w = f.runGoTo(g, "getWebinar", restart)
			g.fake.ExpireAccessTokens()
			require.Equal(t, http.StatusForbidden, g.status(t, access1))
			refreshes, _ := g.tokenCounts()
			s.get("G2")
			s.succeeded(t, w, "G2")
			after, _ := g.tokenCounts()
			assert.Equal(t, refreshes+1, after, "one refresh with the stored refresh token")

			puts := f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID)
			require.Len(t, puts, 2, "worker 2 stored its refresh too")
			stored2, keys2 := storedKeys(t, puts[1])
			access2, _ := stored2["access_token"].(string)
			assert.NotEqual(t, access1, access2)
			if tc.rotates {
				assert.NotEqual(t, refresh1, stored2["refresh_token"], "rotated again")
				assert.NotEmpty(t, stored2["refresh_token"])
			} else {
				assert.Equal(t, g.refresh, stored2["refresh_token"], "still the first refresh token")
			}
			assert.Equal(t, "corporate", stored2["account_type"])
			assert.Equal(t, s.org, keys2["organizerKey"])
			assert.Equal(t, http.StatusOK, g.status(t, access2))
			assert.Equal(t, 0, w.stopped())
			assertNoSecrets(t, w.logs())
			assertNoTokens(t, w.logs(), access1, refresh1, access2)
		})
	}
}

// TestGoToWebinarRejectedTokenRefreshesOnceAndRetriesOnce (R21): the API
// refuses an access token that is valid by its expiry (403 InvalidToken);
// the worker refreshes once, repeats the call once with the new token, and
// the message succeeds. If the new token is refused too, the message fails
// with an auth error instead of looping.
func TestGoToWebinarRejectedTokenRefreshesOnceAndRetriesOnce(t *testing.T) {
	t.Parallel()
	t.Run("new token accepted", func(t *testing.T) {
		t.Parallel()
		s := newAuthSetup(t, fake.Options{})
		g, f := s.g, s.f
		cfg := s.config()
		cfg["oauth"].(map[string]any)["expires_at"] = time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		w := f.runGoTo(g, "getWebinar", cfg)
		require.True(t, g.fake.RevokeToken(g.access), "token A is refused from now on")
		require.Equal(t, http.StatusForbidden, g.status(t, g.access))

		refreshes, calls := g.tokenCounts()
		s.get("A1")
		s.succeeded(t, w, "A1")
		r1, c1 := g.tokenCounts()
		assert.Equal(t, 1, r1-refreshes, "exactly one refresh")
		assert.Equal(t, 2, c1-calls, "exactly two API calls: refused with A, accepted with B")
		puts := f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID)
		require.Len(t, puts, 1, "token B is stored")
		stored, _ := storedKeys(t, puts[0])
		tokenB, _ := stored["access_token"].(string)
		assert.NotEqual(t, g.access, tokenB)
		assert.Equal(t, http.StatusOK, g.status(t, tokenB))

		// The next message uses B: one call, no refresh.
		r1, c1 = g.tokenCounts() // g.status called the API too
		s.get("A2")
		s.succeeded(t, w, "A2")
		r2, c2 := g.tokenCounts()
		assert.Equal(t, r1, r2, "no refresh for a good token")
		assert.Equal(t, 1, c2-c1, "one API call")
		assert.Equal(t, 0, w.stopped())
		assertNoTokens(t, w.logs(), g.access, g.refresh, tokenB)
	})
	t.Run("new token refused too", func(t *testing.T) {
		t.Parallel()
		s := newAuthSetup(t, fake.Options{})
		g, f := s.g, s.f
		w := f.runGoTo(g, "getWebinar", s.config())
		// The next two API requests, A's and B's, answer 403 InvalidToken.
		g.fake.FailNext(2, http.StatusForbidden)

		refreshes, calls := g.tokenCounts()
		s.get("B1")
		msg := s.failedForAuth(t, w, "B1")
		assert.Contains(t, msg, "rejected the access token even after a refresh")
		time.Sleep(300 * time.Millisecond) // nothing more happens: no loop
		r1, c1 := g.tokenCounts()
		assert.Equal(t, 1, r1-refreshes, "one refresh")
		assert.Equal(t, 2, c1-calls, "two API calls, not more")
		assert.Empty(t, f.drain(keyError), "one error")
		assert.True(t, w.running())

		// The fake accepts tokens again: the next message works with B.
		s.get("B2")
		s.succeeded(t, w, "B2")
		r2, c2 := g.tokenCounts()
		assert.Equal(t, r1, r2, "B is kept, not refreshed again")
		assert.Equal(t, 1, c2-c1)
		assert.Equal(t, 0, w.stopped())
		assertNoSecrets(t, w.logs())
		assertNoTokens(t, w.logs(), g.access, g.refresh)
	})
}

// TestGoToWebinarUnrecoverableAuthIsAnError (R22): when the token endpoint
// refuses the refresh token (400 invalid_grant), or the credential has no
// refresh token, each message asks the token endpoint at most once,
// publishes an error that says to re-authorize, and is rejected without
// requeue; the worker goes on with the next message.
func TestGoToWebinarUnrecoverableAuthIsAnError(t *testing.T) {
	t.Parallel()
	t.Run("invalid_grant", func(t *testing.T) {
		t.Parallel()
		s := newAuthSetup(t, fake.Options{})
		g, f := s.g, s.f
		w := f.runGoTo(g, "getWebinar", s.config())
		require.True(t, g.fake.RevokeToken(g.refresh))
		g.fake.ExpireAccessTokens()
		st, answer := g.refreshAs(t, g.refresh)
		require.Equal(t, http.StatusBadRequest, st)
		require.Equal(t, "invalid_grant", answer["error"])

		refreshes, calls := g.tokenCounts()
		s.get("E1")
		msg := s.failedForAuth(t, w, "E1")
		assert.Contains(t, msg, "invalid_grant")
		r1, c1 := g.tokenCounts()
		assert.Equal(t, 1, r1-refreshes, "one token request for the message")
		assert.Equal(t, 1, c1-calls, "one API call, refused with the expired token")

		// The worker keeps running; the next message asks once more.
		s.get("E2")
		s.failedForAuth(t, w, "E2")
		time.Sleep(300 * time.Millisecond) // nothing more happens: no loop
		r2, c2 := g.tokenCounts()
		assert.Equal(t, 1, r2-r1, "one token request for the next message")
		assert.Equal(t, c1, c2, "no API call without a token")
		assert.Empty(t, f.drain(keyError), "one error per message")
		assert.Empty(t, f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID), "nothing to store")
		assert.True(t, w.running())
		assert.Equal(t, 0, w.stopped())
		assertNoSecrets(t, w.logs())
		assertNoTokens(t, w.logs(), g.access, g.refresh)
	})
	for _, tc := range []struct {
		name string
		// pastExpiry stores expires_at in the past; else the expiry is
		// unknown and the API refuses the token.
		pastExpiry bool
		// apiCalls is how many API calls the messages make in all.
		apiCalls int
	}{
		{"no refresh token, expired by expires_at", true, 0},
		{"no refresh token, refused by the API", false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newAuthSetup(t, fake.Options{})
			g, f := s.g, s.f
			cfg := s.config()
			o := cfg["oauth"].(map[string]any)
			delete(o, "refresh_token")
			if tc.pastExpiry {
				o["expires_at"] = time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
			}
			w := f.runGoTo(g, "getWebinar", cfg)
			g.fake.ExpireAccessTokens()

			refreshes, calls := g.tokenCounts()
			for _, id := range []string{"N1", "N2"} {
				s.get(id)
				msg := s.failedForAuth(t, w, id)
				assert.Contains(t, msg, "no refresh token")
			}
			time.Sleep(300 * time.Millisecond) // nothing more happens: no loop
			r1, c1 := g.tokenCounts()
			assert.Equal(t, refreshes, r1, "no token request without a refresh token")
			assert.Equal(t, tc.apiCalls, c1-calls, "API calls for both messages: a refused token is not tried again")
			assert.Empty(t, f.drain(keyError), "one error per message")
			assert.True(t, w.running())
			assert.Equal(t, 0, w.stopped())
			assertNoTokens(t, w.logs(), g.access)
		})
	}
}

// TestGoToWebinarInvalidGrantRereadsStoredCredential (R22, last clause):
// another replica of the step rotated the single-use refresh token and
// stored the new one; this worker still holds the old one, gets
// invalid_grant, re-reads the stored credential once, finds it changed and
// succeeds with it.
func TestGoToWebinarInvalidGrantRereadsStoredCredential(t *testing.T) {
	t.Parallel()
	s := newAuthSetup(t, fake.Options{Rotation: fake.RotateRevokeOld, InvalidateOldAccessOnRefresh: true})
	g, f := s.g, s.f
	cfg := s.config()
	w := f.runGoTo(g, "getWebinar", cfg)

	// The other replica refreshes (revoking the refresh token and the
	// access token this worker holds) and stores the new credential.
	st, answer := g.refreshAs(t, g.refresh)
	require.Equal(t, http.StatusOK, st)
	rotated := s.config()
	o := rotated["oauth"].(map[string]any)
	o["access_token"], o["refresh_token"] = answer["access_token"], answer["refresh_token"]
	f.api.setStep("config", rotated)
	require.Equal(t, http.StatusForbidden, g.status(t, g.access))

	refreshes, _ := g.tokenCounts()
	s.get("R1")
	require.Eventually(t, func() bool {
		data, _ := f.counts(f.queues[keyData])
		errs, _ := f.counts(f.queues[keyError])
		return data+errs > 0
	}, waitOutput, 50*time.Millisecond, "R1 has an outcome")
	for _, e := range f.drain(keyError) {
		payload, _, _ := f.decodeError(e)
		require.FailNow(t, "R1 failed instead of using the stored credential", "%v", payload["message"])
	}
	s.succeeded(t, w, "R1")
	r1, _ := g.tokenCounts()
	assert.Equal(t, 1, r1-refreshes, "one refused refresh, then the stored credential is used")
	assert.Equal(t, 0, w.stopped())
}
