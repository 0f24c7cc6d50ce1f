package fake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Application error codes. GoTo's exact strings are unverified; clients are
// expected to read the status and description, not these.
const (
	codeInvalidRequest = "InvalidRequest"
	codeForbidden      = "Forbidden"
	codeNotFound       = "NotFound"
	codeDuplicate      = "DuplicateRegistrant"
	codeInSession      = "WebinarInSession"
	codeServerError    = "InternalServerError"
)

// maxBody bounds request bodies; GoTo's payloads are small.
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// appError is GoTo's application error body.
type appError struct {
	ErrorCode   string `json:"errorCode"`
	Description string `json:"description"`
	Incident    string `json:"incident"`
}

func (s *Server) writeAppError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, appError{ErrorCode: code, Description: fmt.Sprintf(format, args...), Incident: s.nextIncident()})
}

// nextIncident returns a unique incident id; the counter is atomic so that
// it needs no lock.
func (s *Server) nextIncident() string {
	return strconv.FormatInt(s.incidents.Add(1)+3_000_000_000, 10)
}

func (s *Server) badRequest(w http.ResponseWriter, format string, args ...any) {
	s.writeAppError(w, http.StatusBadRequest, codeInvalidRequest, format, args...)
}

func (s *Server) notFound(w http.ResponseWriter, what string) {
	s.writeAppError(w, http.StatusNotFound, codeNotFound, "%s not found", what)
}

// writeInvalidToken is GoTo's answer to a missing, unknown, expired or
// revoked access token: 403, not 401.
func writeInvalidToken(w http.ResponseWriter) {
	writeJSON(w, http.StatusForbidden, map[string]string{"int_err_code": "InvalidToken", "msg": "Invalid token passed"})
}

// writeRateLimited mimics the API gateway's spike-arrest fault; GoTo sends
// no Retry-After or rate-limit headers.
func writeRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"fault": map[string]any{
		"faultstring": "Spike arrest violation. Allowed rate : 10ps",
		"detail":      map[string]string{"errorcode": "policies.ratelimit.SpikeArrestViolation"},
	}})
}

// pathKey parses an int64 path parameter; a malformed key is a 400.
func (s *Server) pathKey(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	k, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || k <= 0 {
		s.badRequest(w, "invalid %s", name)
		return 0, false
	}
	return k, true
}

// decodeBody decodes a JSON body into v; a malformed body is a 400.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil && len(data) == 0 {
		err = io.ErrUnexpectedEOF
	}
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		s.badRequest(w, "malformed JSON body")
		return false
	}
	return true
}

// parseInstant accepts RFC 3339 with optional fraction, as GoTo does.
func parseInstant(v string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, v)
}

// queryBool reads a boolean query parameter with a default.
func queryBool(r *http.Request, name string, def bool) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	return strconv.ParseBool(v)
}

// keyString renders a key for schemas that carry keys as JSON strings.
func keyString(k int64) string { return strconv.FormatInt(k, 10) }
