package fake

import "time"

// Rotation selects what a refresh_token grant does with the refresh token;
// GoTo's documentation described each of these behaviours at some point.
type Rotation int

const (
	// RotateNever keeps the refresh token valid and omits refresh_token and
	// token_type from refresh responses (the current GoTo documentation).
	RotateNever Rotation = iota
	// RotateRepeat keeps the refresh token valid and returns the same value
	// in every refresh response (the later 2018-2020 documentation).
	RotateRepeat
	// RotateAlways returns a new refresh token on every refresh and keeps the
	// old one valid.
	RotateAlways
	// RotateRevokeOld returns a new refresh token on every refresh and revokes
	// the one presented: refresh tokens are single use (December 2017 doc).
	RotateRevokeOld
)

// Defaults used when the matching Options field is zero.
const (
	DefaultSeed         int64 = 1
	DefaultClientID           = "sandbox-app"
	DefaultClientSecret       = "sandbox-secret"
	DefaultAccessTTL          = time.Hour
	DefaultRefreshTTL         = 30 * 24 * time.Hour
	// DefaultRateLimit is GoTo's documented limit in requests per second
	// per access token.
	DefaultRateLimit = 10
)

// Options configures a Server. The zero value is a faithful GoTo: seeded
// data for seed 1, one-hour access tokens, 30-day refresh tokens that are
// not rotated, and a 10 requests/second limit per token.
type Options struct {
	// Seed drives every generated key and the seeded data; default 1.
	Seed int64
	// NoSeedData creates the organizers only, without webinars.
	NoSeedData bool
	// Now is the clock for token expiry, rate limiting, in-session state and
	// seeded dates; default time.Now.
	Now func() time.Time

	// ClientID and ClientSecret are the one registered OAuth client;
	// defaults DefaultClientID and DefaultClientSecret.
	ClientID     string
	ClientSecret string
	// AccessTTL is the access-token lifetime reported as expires_in and
	// enforced by the API; default one hour.
	AccessTTL time.Duration
	// RefreshTTL is the refresh-token lifetime; default 30 days.
	RefreshTTL time.Duration
	// Rotation is the refresh-token rotation mode; default RotateNever.
	Rotation Rotation
	// InvalidateOldAccessOnRefresh makes a refresh revoke every access token
	// issued earlier under the same grant, as GoTo did in 2017.
	InvalidateOldAccessOnRefresh bool
	// LegacyFields adds organizer_key, account_key, account_type, firstName,
	// lastName and email to token responses, like the retired v2 proxy.
	LegacyFields bool

	// NoRateLimit switches the per-token rate limit off.
	NoRateLimit bool
	// RateLimit is the sustained requests per second per token and the
	// bucket size; default DefaultRateLimit.
	RateLimit int
	// StrictAccept emulates the v2 spec text for create registrant: with
	// Accept: application/vnd.citrix.g2wapi-v1.1+json only firstName,
	// lastName and email are stored. Default: all fields under both values.
	StrictAccept bool
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = DefaultClientSecret
	}
	if o.AccessTTL <= 0 {
		o.AccessTTL = DefaultAccessTTL
	}
	if o.RefreshTTL <= 0 {
		o.RefreshTTL = DefaultRefreshTTL
	}
	if o.RateLimit <= 0 {
		o.RateLimit = DefaultRateLimit
	}
	return o
}
