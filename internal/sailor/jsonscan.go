package sailor

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// A one-pass JSON scanner for the message hot path. json.Unmarshal into a
// map of raw messages scans the input twice and copies every value, and with
// 100 KB bodies that scanning dominated the worker's CPU. Bodies are mostly
// long strings, so the string loop looks at eight bytes at a time, and past
// 64 bytes hands the run to an AVX2 kernel (32 bytes at a time) where the
// CPU has one.
//
// The grammar accepted is exactly encoding/json's: the scanner is held to
// json.Valid and json.Unmarshal by the fuzz tests in jsonscan_test.go.

// maxJSONDepth is encoding/json's nesting limit; deeper input is invalid there.
const maxJSONDepth = 10000

// rawField is one member of a JSON object. value is a sub-slice of the input.
type rawField struct {
	key   string
	value []byte
}

// validJSON reports whether data is one JSON value, as json.Valid does.
func validJSON(data []byte) bool {
	s := jsonScanner{data: data}
	return s.document()
}

// splitObject returns the members of the JSON object in data in input order,
// duplicates included. It fails exactly when json.Unmarshal into a
// map[string]json.RawMessage would fail or leave the map nil.
func splitObject(data []byte) ([]rawField, error) {
	s := jsonScanner{data: data}
	s.skipSpace()
	if s.pos >= len(data) || data[s.pos] != '{' {
		return nil, notAnObject(data)
	}
	fields, ok := s.objectMembers()
	if ok {
		ok = s.atEnd()
	}
	if !ok {
		return nil, s.err()
	}
	return fields, nil
}

// notAnObject explains why data does not start with an object: either it is
// not JSON at all (the precise syntax error is more useful) or it is another
// kind of value.
func notAnObject(data []byte) error {
	s := jsonScanner{data: data}
	if !s.document() {
		return s.err()
	}
	s = jsonScanner{data: data}
	s.skipSpace()
	return fmt.Errorf("JSON %s at offset %d is not an object", valueKind(data[s.pos]), s.pos)
}

func valueKind(first byte) string {
	switch first {
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

type jsonScanner struct {
	data []byte
	pos  int
	nest nesting

	// Where and why scanning failed; turned into an error only on demand
	// so that validJSON never formats anything.
	failAt        int
	failWhere     string
	depthExceeded bool
}

// document scans one value surrounded by optional whitespace.
func (s *jsonScanner) document() bool {
	return s.skipValue() && s.atEnd()
}

func (s *jsonScanner) atEnd() bool {
	s.skipSpace()
	if s.pos != len(s.data) {
		return s.fail("after top-level value")
	}
	return true
}

// objectMembers scans the object starting at s.pos, collecting its members.
func (s *jsonScanner) objectMembers() ([]rawField, bool) {
	s.pos++
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return nil, true
	}
	// The object itself counts towards the nesting limit, as in encoding/json.
	s.nest.push(true)
	fields := make([]rawField, 0, 8)
	for {
		keyStart, keyEnd, ok := s.memberKey()
		if !ok {
			return nil, false
		}
		s.skipSpace()
		valueStart := s.pos
		if !s.skipValue() {
			return nil, false
		}
		// Capacity is capped so that appending to a value can never
		// overwrite the input that follows it.
		value := s.data[valueStart:s.pos:s.pos]
		fields = append(fields, rawField{key: decodeKey(s.data[keyStart:keyEnd]), value: value})
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			continue
		}
		if s.pos < len(s.data) && s.data[s.pos] == '}' {
			s.pos++
			s.nest.pop()
			return fields, true
		}
		return nil, s.fail("after object key:value pair")
	}
}

// decodeKey turns a quoted key into its string value.
func decodeKey(quoted []byte) string {
	raw := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return internKey(raw)
	}
	// Escapes and invalid UTF-8 (which encoding/json turns into U+FFFD) are
	// rare in keys, so they are left to encoding/json to decode identically.
	var key string
	if err := json.Unmarshal(quoted, &key); err != nil {
		return string(raw) // unreachable: the scanner has validated the string
	}
	return key
}

// internKey saves an allocation for the keys every message has.
func internKey(raw []byte) string {
	switch string(raw) {
	case "id":
		return "id"
	case "body":
		return "body"
	case "headers":
		return "headers"
	case "attachments":
		return "attachments"
	case "metadata":
		return "metadata"
	case "passthrough":
		return "passthrough"
	}
	return string(raw)
}

// skipValue moves past one value (and the whitespace before it). Nesting is
// tracked in s.nest rather than by recursion, so deep input cannot exhaust
// the goroutine stack.
func (s *jsonScanner) skipValue() bool {
	base := s.nest.depth
	for {
		wantValue, ok := s.beginValue()
		for ok && !wantValue {
			if s.nest.depth == base {
				return true
			}
			wantValue, ok = s.continueContainer()
		}
		if !ok {
			return false
		}
	}
}

// beginValue consumes a scalar or an empty container whole, or opens a
// non-empty container up to where its first value starts; wantValue reports
// the latter.
func (s *jsonScanner) beginValue() (wantValue, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return false, s.fail("looking for beginning of value")
	}
	switch c := s.data[s.pos]; c {
	case '"':
		return false, s.skipString()
	case '{':
		return s.openContainer(true)
	case '[':
		return s.openContainer(false)
	case 't':
		return false, s.skipLiteral("true")
	case 'f':
		return false, s.skipLiteral("false")
	case 'n':
		return false, s.skipLiteral("null")
	default:
		if c == '-' || isDigit(c) {
			return false, s.skipNumber()
		}
		return false, s.fail("looking for beginning of value")
	}
}

func (s *jsonScanner) openContainer(isObject bool) (wantValue, ok bool) {
	// Checked before the empty case: encoding/json counts "[]" as a level.
	if s.nest.depth >= maxJSONDepth {
		s.depthExceeded = true
		return false, s.fail("")
	}
	closer := byte(']')
	if isObject {
		closer = '}'
	}
	s.pos++
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == closer {
		s.pos++
		return false, true
	}
	s.nest.push(isObject)
	if isObject {
		if _, _, ok := s.memberKey(); !ok {
			return false, false
		}
	}
	return true, true
}

// continueContainer reads what follows a value in the innermost open
// container: a comma, after which another value is wanted, or the closer.
func (s *jsonScanner) continueContainer() (wantValue, ok bool) {
	s.skipSpace()
	inObject := s.nest.inObject()
	if s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == ',':
			s.pos++
			if inObject {
				_, _, ok := s.memberKey()
				return ok, ok
			}
			return true, true
		case c == '}' && inObject, c == ']' && !inObject:
			s.pos++
			s.nest.pop()
			return false, true
		}
	}
	if inObject {
		return false, s.fail("after object key:value pair")
	}
	return false, s.fail("after array element")
}

// memberKey consumes an object key and its colon, returning the bounds of
// the key's quoted string.
func (s *jsonScanner) memberKey() (start, end int, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return 0, 0, s.fail("looking for beginning of object key string")
	}
	start = s.pos
	if !s.skipString() {
		return 0, 0, false
	}
	end = s.pos
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return 0, 0, s.fail("after object key")
	}
	s.pos++
	return start, end, true
}

func (s *jsonScanner) skipSpace() {
	i := s.pos
	for i < len(s.data) && isSpace(s.data[i]) {
		i++
	}
	s.pos = i
}

func isSpace(c byte) bool {
	return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipString moves past the string whose opening quote is at s.pos.
func (s *jsonScanner) skipString() bool {
	data := s.data
	i := s.pos + 1
	for {
		i = indexStringSpecial(data, i)
		if i >= len(data) {
			s.pos = i
			return s.fail("in string")
		}
		switch data[i] {
		case '"':
			s.pos = i + 1
			return true
		case '\\':
			n := escapeLen(data[i:])
			if n <= 0 {
				s.pos = i - n
				return s.fail("in string escape code")
			}
			i += n
		default:
			s.pos = i
			return s.fail("in string")
		}
	}
}

// escapeLen returns the length of the escape sequence at the start of esc,
// or, if it is malformed, minus the offset of the first offending byte.
func escapeLen(esc []byte) int {
	if len(esc) < 2 {
		return -len(esc)
	}
	switch esc[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		for j := 2; j < 6; j++ {
			if j >= len(esc) || !isHex[esc[j]] {
				return -j
			}
		}
		return 6
	}
	return -1
}

// indexStringSpecial returns the index of the first byte at or after i that
// ends a string's plain run (a quote, a backslash or a control character),
// or len(data).
func indexStringSpecial(data []byte, i int) int {
	// Keys, identifiers and short text end within 64 bytes, and there the
	// word test wins: entering the kernel costs as much as two or three
	// words, and more than the whole run when it ends soon after (runs of
	// about 40 bytes between escapes made validJSON 20% slower with the
	// kernel from 32 bytes on). A run that gets past 64 bytes is likely
	// long enough to repay the call.
	kernelFrom := i + 64
	for ; i+16 <= len(data); i += 16 {
		if i == kernelFrom && len(data)-i >= 32 {
			i += indexStringSpecialBulk(data[i:])
			if i+16 > len(data) {
				break
			}
		}
		lo := stringSpecialMask(binary.LittleEndian.Uint64(data[i:]))
		hi := stringSpecialMask(binary.LittleEndian.Uint64(data[i+8:]))
		if lo|hi != 0 {
			if lo != 0 {
				return i + bits.TrailingZeros64(lo)/8
			}
			return i + 8 + bits.TrailingZeros64(hi)/8
		}
	}
	for ; i < len(data); i++ {
		if stringSpecial[data[i]] {
			return i
		}
	}
	return i
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// stringSpecialMask sets the high bit of each byte lane of w (little-endian)
// that holds '"', '\\' or a byte below 0x20. Lanes above the first match may
// be set spuriously by borrows, so only the lowest set bit is meaningful.
func stringSpecialMask(w uint64) uint64 {
	quote := w ^ (lowBits * '"')
	backslash := w ^ (lowBits * '\\')
	control := (w - lowBits*0x20) &^ w
	return (((quote - lowBits) &^ quote) | ((backslash - lowBits) &^ backslash) | control) & highBits
}

var stringSpecial = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'] = true
	t['\\'] = true
	return t
}()

var isHex = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEF") {
		t[c] = true
	}
	return t
}()

// skipNumber moves past -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? at s.pos.
func (s *jsonScanner) skipNumber() bool {
	data := s.data
	i := s.pos
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && isDigit(data[i]):
		i = skipDigits(data, i+1)
	default:
		s.pos = i
		return s.fail("in numeric literal")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return s.fail("after decimal point in numeric literal")
		}
		i = skipDigits(data, i+1)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			s.pos = i
			return s.fail("in exponent of numeric literal")
		}
		i = skipDigits(data, i+1)
	}
	s.pos = i
	return true
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}

// skipLiteral moves past lit (true, false or null), whose first byte is
// already known to be at s.pos.
func (s *jsonScanner) skipLiteral(lit string) bool {
	data := s.data
	i := s.pos
	if len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit {
		s.pos = i + len(lit)
		return true
	}
	for j := 1; j < len(lit); j++ {
		if i+j >= len(data) || data[i+j] != lit[j] {
			s.pos = i + j
			break
		}
	}
	return s.fail("in literal")
}

// fail records where scanning stopped and returns false.
func (s *jsonScanner) fail(where string) bool {
	s.failAt = s.pos
	s.failWhere = where
	return false
}

// err describes the recorded failure.
func (s *jsonScanner) err() error {
	e := &jsonSyntaxError{Offset: s.failAt, where: s.failWhere}
	switch {
	case s.depthExceeded:
		e.problem = fmt.Sprintf("nesting deeper than %d", maxJSONDepth)
	case s.failAt >= len(s.data):
		e.problem = "unexpected end of JSON input"
	case s.data[s.failAt] < utf8.RuneSelf:
		e.problem = fmt.Sprintf("invalid character %q", s.data[s.failAt])
	default:
		e.problem = fmt.Sprintf("invalid byte 0x%02x", s.data[s.failAt])
	}
	return e
}

// jsonSyntaxError reads like "invalid character 'x' at offset 17 in string".
type jsonSyntaxError struct {
	Offset  int
	problem string
	where   string
}

func (e *jsonSyntaxError) Error() string {
	if e.where == "" {
		return fmt.Sprintf("%s at offset %d", e.problem, e.Offset)
	}
	return fmt.Sprintf("%s at offset %d %s", e.problem, e.Offset, e.where)
}

// nesting remembers, for each open container, whether it is an object. The
// first 64 levels live in one word so that ordinary input never allocates.
type nesting struct {
	depth   int
	shallow uint64
	deep    []uint64 // levels 64 and up
}

func (n *nesting) push(isObject bool) {
	level := n.depth
	n.depth++
	if level < 64 {
		n.shallow = withBit(n.shallow, level, isObject)
		return
	}
	word := (level - 64) / 64
	if word == len(n.deep) {
		n.deep = append(n.deep, 0)
	}
	n.deep[word] = withBit(n.deep[word], level%64, isObject)
}

func (n *nesting) pop() { n.depth-- }

// inObject reports whether the innermost open container is an object.
func (n *nesting) inObject() bool {
	level := n.depth - 1
	if level < 64 {
		return n.shallow>>level&1 == 1
	}
	return n.deep[(level-64)/64]>>(level%64)&1 == 1
}

func withBit(w uint64, bit int, set bool) uint64 {
	if set {
		return w | 1<<bit
	}
	return w &^ (1 << bit)
}
