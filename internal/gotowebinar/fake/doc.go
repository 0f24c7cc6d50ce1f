// Package fake is an in-memory GoToWebinar server: the REST API v2 under
// /G2W/rest/v2, the Admin API's GET /admin/rest/v1/me and the OAuth 2.0
// endpoints /oauth/authorize and /oauth/token, all on one host, written from
// gotowebinar-api.md and independently of the real client so that each checks
// the other.
//
// A Server is an http.Handler; serve it with httptest (optionally below a base
// path through http.StripPrefix) or with RunSandbox. JSON field names and the
// JSON type of every key follow the schema of each endpoint: some schemas
// carry 19-digit keys as numbers, others as strings, exactly as GoTo does.
//
// Seeded data is deterministic for a given seed. Tests find it through the
// accessors: MainOrganizer, Organizers, Webinars, Webinar, Registrants,
// Sessions, Panelists, Coorganizers, and they obtain tokens with IssueToken.
// Failure knobs (FailNext, SetDelay, ExpireAccessTokens, RevokeToken) and
// counters (APIRequests, TokenRequests) serve reliability tests.
package fake
