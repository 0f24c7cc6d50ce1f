package settings

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// prefix starts the name of every sailor variable.
const prefix = "ELASTICIO_"

// reader reads variables with the Node sailor's parsing rules and records
// what is missing or invalid instead of stopping at the first problem.
type reader struct {
	lookup func(string) (string, bool)
	problems
}

// raw returns the value of name, "" when unset.
func (r *reader) raw(name string) string {
	v, _ := r.lookup(name)
	return v
}

// required returns the value of name, recording it as missing when unset
// or empty (Node treats both as missing).
func (r *reader) required(name string) string {
	v := r.raw(name)
	if v == "" {
		r.addMissing(name)
	}
	return v
}

// str is Node's `value || default`.
func (r *reader) str(name, def string) string {
	if v := r.raw(name); v != "" {
		return v
	}
	return def
}

// integer is Node's `parseInt(value) || default`: unset, empty, garbage and
// 0 give the default, and so does a leading integer that does not fit an
// int. Deliberately unlike Node, a negative value also gives the default:
// no setting has a meaning for one and Node would fail later on it.
func (r *reader) integer(name string, def int) int {
	n, ok := parseJSInt(r.raw(name))
	if !ok || n <= 0 {
		return def
	}
	return int(n)
}

// millis reads an integer number of milliseconds like integer.
func (r *reader) millis(name string, def time.Duration) time.Duration {
	n, ok := parseJSInt(r.raw(name))
	if !ok || n <= 0 || n > math.MaxInt64/int64(time.Millisecond) {
		return def
	}
	return time.Duration(n) * time.Millisecond
}

// boolean follows Node (unset gives the default; "" and "false" are false;
// anything else is true) and, as sailor-protocol.md §2.1 recommends, also
// takes "0" and "no" as false. The false words match case-insensitively
// and ignoring surrounding spaces, so "False" is not silently true.
func (r *reader) boolean(name string, def bool) bool {
	v, ok := r.lookup(name)
	if !ok {
		return def
	}
	return parseBool(v)
}

// parseBool is the set-variable half of boolean.
func parseBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "false", "0", "no":
		return false
	}
	return true
}

// parseJSInt mimics JavaScript's parseInt(s) without a radix: leading
// white space is skipped, an optional sign and then the longest run of
// decimal digits (or hex digits after "0x") is read, and the rest ignored.
// ok is false where parseInt would give NaN, or on int overflow.
func parseJSInt(s string) (n int64, ok bool) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base, isDigit := 10, isDecimal
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base, isDigit = 16, isHex
		s = s[2:]
	}
	end := 0
	for end < len(s) && isDigit(s[end]) {
		end++
	}
	if end == 0 {
		return 0, false
	}
	digits := s[:end]
	if neg {
		digits = "-" + digits
	}
	n, err := strconv.ParseInt(digits, base, 0)
	if err != nil {
		return 0, false
	}
	return n, true
}

func isDecimal(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return isDecimal(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}
