package platform

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// Defaults applied by NewClient to zero Config fields.
const (
	// DefaultRetryAttempts is ELASTICIO_API_REQUEST_RETRY_ATTEMPTS' default.
	DefaultRetryAttempts = 3
	// DefaultRetryDelay is ELASTICIO_API_REQUEST_RETRY_DELAY's default.
	DefaultRetryDelay = 100 * time.Millisecond
	// DefaultRESTAttempts is the attempt count of the REST client the Node
	// sailor uses for step data and accounts.
	DefaultRESTAttempts = 3
	// DefaultRESTRetryDelay is the pause between those attempts.
	DefaultRESTRetryDelay = time.Second
	// DefaultAttemptTimeout bounds one attempt of any platform API call,
	// including reading the response body.
	DefaultAttemptTimeout = 15 * time.Second
)

// Config configures a Client. Zero values take the documented defaults.
type Config struct {
	// BaseURL is ELASTICIO_API_URI, e.g. "https://api.elastic.io". Trailing
	// slashes are stripped; userinfo in it is ignored (auth comes from
	// Username/APIKey). Required.
	BaseURL string
	// Username is ELASTICIO_API_USERNAME, the Basic-auth user. Required.
	Username string
	// APIKey is ELASTICIO_API_KEY, the Basic-auth password. Required. It
	// never appears in errors or logs.
	APIKey string
	// HTTPClient sends the requests; default DefaultHTTPClient(). Its
	// Timeout, if any, applies in addition to AttemptTimeout. Redirects are
	// never followed (a copy of the client is used).
	HTTPClient *http.Client
	// RetryAttempts is the total number of attempts for hooks-data calls
	// and the service result POST (ELASTICIO_API_REQUEST_RETRY_ATTEMPTS,
	// default 3).
	RetryAttempts int
	// RetryDelay is the pause between those attempts
	// (ELASTICIO_API_REQUEST_RETRY_DELAY, default 100 ms).
	RetryDelay time.Duration
	// RESTAttempts is the total number of attempts for step data and
	// account updates (default 3).
	RESTAttempts int
	// RESTRetryDelay is the pause between those attempts (default 1 s).
	RESTRetryDelay time.Duration
	// AttemptTimeout bounds each attempt (default 15 s).
	AttemptTimeout time.Duration
	// Sleep waits between attempts; default a context-aware timer. Tests
	// inject an instant one.
	Sleep SleepFunc
	// Logger receives retry warnings; default discards.
	Logger *logrus.Entry
}

// withDefaults returns cfg with zero fields filled in.
func (cfg Config) withDefaults() Config {
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = DefaultHTTPClient()
	}
	if cfg.RetryAttempts <= 0 {
		cfg.RetryAttempts = DefaultRetryAttempts
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = DefaultRetryDelay
	}
	if cfg.RESTAttempts <= 0 {
		cfg.RESTAttempts = DefaultRESTAttempts
	}
	if cfg.RESTRetryDelay <= 0 {
		cfg.RESTRetryDelay = DefaultRESTRetryDelay
	}
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepContext
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	return cfg
}

// validate reports every missing or malformed field at once and returns
// the base URL stripped of userinfo, query and fragment.
func (cfg Config) validate() (string, error) {
	var problems []string
	if cfg.Username == "" {
		problems = append(problems, "Username is missing")
	}
	if cfg.APIKey == "" {
		problems = append(problems, "APIKey is missing")
	}
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return "", fmt.Errorf("platform: new client: %s", strings.Join(problems, "; "))
	}
	return base, nil
}

// parseBaseURL checks that raw is an absolute http(s) URL. Its errors never
// quote raw, which may hold credentials.
func parseBaseURL(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("base URL is missing")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("base URL is not a valid URL")
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("base URL must be an absolute http or https URL")
	}
	return strings.TrimRight(sanitizeURL(raw), "/"), nil
}

// discardLogger is the default for components that were given no logger.
func discardLogger() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}
