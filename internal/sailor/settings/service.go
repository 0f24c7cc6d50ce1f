package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Service methods of `gotowebinar service <method>`.
const (
	MethodVerifyCredentials = "verifyCredentials"
	MethodGetMetaModel      = "getMetaModel"
	MethodSelectModel       = "selectModel"
)

// The defaults of ELASTICIO_API_REQUEST_RETRY_ATTEMPTS and
// ELASTICIO_API_REQUEST_RETRY_DELAY, for worker and service calls alike.
const (
	DefaultAPIRequestRetryAttempts = 3
	DefaultAPIRequestRetryDelay    = 100 * time.Millisecond
)

// ErrUnknownMethod is returned (wrapped) by Service.Validate for a method
// that is none of verifyCredentials, getMetaModel and selectModel.
var ErrUnknownMethod = errors.New("unknown service method")

// Service is the configuration of a one-shot service call
// (sailor-protocol.md §2.9), read by LoadService. Which variables are
// required depends on the method; see Validate.
type Service struct {
	// PostResultURL is ELASTICIO_POST_RESULT_URL (required; secret, it may
	// carry user:password): where the result is POSTed.
	PostResultURL string
	// Cfg is ELASTICIO_CFG (required) parsed as a JSON object, numbers
	// kept as json.Number so large ids survive.
	Cfg map[string]any
	// APIURI is ELASTICIO_API_URI (required), trailing slashes removed.
	APIURI string
	// APIUsername is ELASTICIO_API_USERNAME (required).
	APIUsername string
	// APIKey is ELASTICIO_API_KEY (required, secret).
	APIKey string
	// ActionOrTrigger is ELASTICIO_ACTION_OR_TRIGGER (required for
	// getMetaModel and selectModel): the function the call is about.
	ActionOrTrigger string
	// GetModelMethod is ELASTICIO_GET_MODEL_METHOD (required for
	// selectModel): the name of the select-model function.
	GetModelMethod string
	// ComponentPath is ELASTICIO_COMPONENT_PATH, default "".
	ComponentPath string
	// APIRequestRetryAttempts is ELASTICIO_API_REQUEST_RETRY_ATTEMPTS,
	// default 3: attempts of the result POST. (Node, with the variable
	// unset, tries once.)
	APIRequestRetryAttempts int
	// APIRequestRetryDelay is ELASTICIO_API_REQUEST_RETRY_DELAY in ms,
	// default 100: the pause between those attempts.
	APIRequestRetryDelay time.Duration
	// LogLevel is LOG_LEVEL, a bunyan level name, default "info".
	LogLevel string
	// LogContext holds the §2.5 logging-context variables that are set.
	LogContext map[string]string

	// cfgUnparsable: ELASTICIO_CFG is set but not a JSON object. It is
	// reported by Validate and NodeProblem, so that the call still posts
	// its error result.
	cfgUnparsable bool
}

// LoadService reads the service-mode settings through env. Absent
// variables are reported by Validate, not here, because they depend on
// the method, and so is an ELASTICIO_CFG that is not a JSON object
// ("unable to parse CFG"), which is the call's error result; LoadService
// fails (with an *Error) only on a bad ELASTICIO_API_URI or LOG_LEVEL.
func LoadService(env func(string) (string, bool)) (*Service, error) {
	r := &reader{lookup: env}
	s := &Service{
		PostResultURL:           r.raw(prefix + "POST_RESULT_URL"),
		APIURI:                  readAPIURI(r, false),
		APIUsername:             r.raw(prefix + "API_USERNAME"),
		APIKey:                  r.raw(prefix + "API_KEY"),
		ActionOrTrigger:         r.raw(prefix + "ACTION_OR_TRIGGER"),
		GetModelMethod:          r.raw(prefix + "GET_MODEL_METHOD"),
		ComponentPath:           r.str(prefix+"COMPONENT_PATH", ""),
		APIRequestRetryAttempts: r.integer(prefix+"API_REQUEST_RETRY_ATTEMPTS", DefaultAPIRequestRetryAttempts),
		APIRequestRetryDelay:    r.millis(prefix+"API_REQUEST_RETRY_DELAY", DefaultAPIRequestRetryDelay),
		LogLevel:                readLogLevel(r),
		LogContext:              logContext(env),
	}
	if raw := r.raw(prefix + "CFG"); raw != "" {
		cfg, err := parseCfg(raw)
		s.Cfg, s.cfgUnparsable = cfg, err != nil
	}
	if err := r.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseCfg decodes a JSON object keeping numbers exact. The decoder's
// error is dropped by the caller: it can quote bytes of the credentials.
func parseCfg(raw string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var cfg map[string]any
	if err := dec.Decode(&cfg); err != nil {
		return nil, err
	}
	if cfg == nil {
		return nil, errors.New("not an object")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("trailing data")
	}
	return cfg, nil
}

// Validate reports, as an *Error, every variable that method needs and
// that is unset: all methods need ELASTICIO_POST_RESULT_URL,
// ELASTICIO_CFG, ELASTICIO_API_URI, ELASTICIO_API_USERNAME and
// ELASTICIO_API_KEY; getMetaModel and selectModel also
// ELASTICIO_ACTION_OR_TRIGGER; selectModel also ELASTICIO_GET_MODEL_METHOD.
// The method name matches case-insensitively, as the Java sailor does.
func (s *Service) Validate(method string) error {
	missing, known := s.missing(method)
	if !known {
		return fmt.Errorf("settings: validate: %w %q", ErrUnknownMethod, method)
	}
	var p problems
	if s.PostResultURL == "" {
		p.addMissing(prefix + "POST_RESULT_URL")
	}
	for _, name := range missing {
		p.addMissing(name)
	}
	if s.cfgUnparsable {
		p.addInvalid(prefix+"CFG", "unable to parse CFG")
	}
	return p.err()
}

// NodeProblem is the error the Node sailor posts for a service call whose
// settings it cannot use, in its words: the first problem in its order
// (the method, the variables as missing lists them, then an ELASTICIO_CFG
// that does not parse), or "" when there is none. The platform shows it to
// the user who opened the step. A missing ELASTICIO_POST_RESULT_URL is not
// among them: nothing can be posted then.
func (s *Service) NodeProblem(method string) string {
	missing, known := s.missing(method)
	switch {
	case !known:
		return fmt.Sprintf("Unknown service method %q", method)
	case len(missing) > 0:
		return missing[0] + " is not provided"
	case s.cfgUnparsable:
		return "Unable to parse CFG"
	}
	return ""
}

// missing lists the unset variables, other than ELASTICIO_POST_RESULT_URL,
// that method needs, in the order the Node sailor checks them; known is
// false for a method that is none of the three.
func (s *Service) missing(method string) (names []string, known bool) {
	var needAction, needModel bool
	switch {
	case strings.EqualFold(method, MethodVerifyCredentials):
	case strings.EqualFold(method, MethodGetMetaModel):
		needAction = true
	case strings.EqualFold(method, MethodSelectModel):
		needAction, needModel = true, true
	default:
		return nil, false
	}
	for _, v := range []struct {
		name  string
		unset bool
	}{
		{"CFG", s.Cfg == nil && !s.cfgUnparsable},
		{"API_URI", s.APIURI == ""},
		{"API_USERNAME", s.APIUsername == ""},
		{"API_KEY", s.APIKey == ""},
		{"ACTION_OR_TRIGGER", needAction && s.ActionOrTrigger == ""},
		{"GET_MODEL_METHOD", needModel && s.GetModelMethod == ""},
	} {
		if v.unset {
			names = append(names, prefix+v.name)
		}
	}
	return names, true
}
