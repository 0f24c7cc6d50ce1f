package gotowebinar

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Key is a GoToWebinar identifier (organizerKey, webinarKey, registrantKey, ...).
//
// Keys are 19-digit int64 values, above 2^53, and the API sends them as JSON numbers in
// some schemas and as JSON strings in others. Key decodes both without going through
// float64, so no digit is lost. It encodes as a JSON number, which is what the request
// bodies declare. The zero Key means "absent".
type Key int64

// ParseKey parses a decimal key such as "5620084814059709442". Surrounding spaces are
// ignored; anything else that is not a non-negative int64 is an error.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("gotowebinar: parse key: empty")
	}
	if s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("gotowebinar: parse key %q: not a plain number", s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("gotowebinar: parse key %q: %w", s, err)
	}
	return Key(n), nil
}

// String returns the key in decimal, as used in URL paths.
func (k Key) String() string {
	return strconv.FormatInt(int64(k), 10)
}

// MarshalJSON encodes the key as a JSON number.
func (k Key) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(k), 10), nil
}

// UnmarshalJSON accepts a JSON number, a JSON string of digits, null or "" (both zero).
func (k *Key) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*k = 0
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		unq, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("gotowebinar: decode key %s: %w", s, err)
		}
		if strings.TrimSpace(unq) == "" {
			*k = 0
			return nil
		}
		s = unq
	}
	v, err := ParseKey(s)
	if err != nil {
		return err
	}
	*k = v
	return nil
}
