package oauth

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// DefaultAuthURL is GoTo's current authorization server (gotowebinar-api.md 3.1).
const DefaultAuthURL = "https://authentication.logmeininc.com"

// NewConfig returns the OAuth2 client configuration for GoTo: endpoints
// {authURL}/oauth/authorize and {authURL}/oauth/token, client credentials in a
// Basic header. An empty authURL means [DefaultAuthURL]; a trailing slash is
// tolerated. A missing app id or secret is reported by its environment
// variable name (CITRIX_APP_ID, CITRIX_APP_SECRET), never by value.
func NewConfig(appID, appSecret, authURL string) (*oauth2.Config, error) {
	var problems []string
	if strings.TrimSpace(appID) == "" {
		problems = append(problems, "CITRIX_APP_ID is not set")
	}
	if strings.TrimSpace(appSecret) == "" {
		problems = append(problems, "CITRIX_APP_SECRET is not set")
	}
	if authURL == "" {
		authURL = DefaultAuthURL
	}
	base := strings.TrimRight(authURL, "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, "auth URL must be an absolute http(s) URL")
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("oauth: configuration: %w", errors.New(strings.Join(problems, "; ")))
	}
	return &oauth2.Config{
		ClientID:     appID,
		ClientSecret: appSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:  base + "/oauth/authorize",
			TokenURL: base + "/oauth/token",
			// Set explicitly: with AuthStyleUnknown a failed refresh is
			// retried with credentials in the body, sending the refresh
			// token twice (reliability.md 2.6).
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}, nil
}
