// Package oauth keeps a GoToWebinar OAuth2 credential valid for every message
// that uses it.
//
// One [Credential] exists per credential and process; all messages and
// workers share it through a [Cache]. Its token chain is built once, exactly
// as golang.org/x/oauth2 intends to be composed:
//
//	ReuseTokenSourceWithExpiry(tok, conf.TokenSource(longCtx, tok), margin)
//	  -> persisting wrapper (persists a new token before anyone may use it)
//	  -> http.Client with our RoundTripper (Bearer header, one refresh+retry on 403 InvalidToken)
//
// The refresher runs on a long-lived context whose http.Client has its own
// timeout, so a cancelled message never breaks a later refresh. Refreshes are
// serialised per credential: N concurrent callers with an expired or rejected
// token cause one token request.
//
// Failures are typed: errors.Is(err, [ErrReauthorize]) means a human must
// re-authorize the credential (retrying cannot help); errors.Is(err,
// [ErrTransient]) means the token endpoint was unreachable or failing. No error
// text or log line carries a token or the client secret.
package oauth
