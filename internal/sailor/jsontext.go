package sailor

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"unicode/utf8"
)

// marshalJSON encodes v as the Node sailor's JSON.stringify writes it: <, >
// and & stay as they are. encoding/json escapes them (six bytes each, also
// inside a json.RawMessage it re-compacts), which made an HTML-heavy body
// up to six times longer than Node's, so that size limits and object
// storage thresholds counted other bytes than Node's for the same message.
// (U+2028 and U+2029 are still escaped in the strings it encodes itself;
// JSON readers take both forms.)
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

// appendRawObject appends the object whose members are m, keys sorted,
// values as they are: they are JSON already (decoded from a delivery or
// encoded here), so re-encoding them would only copy them again.
func appendRawObject(dst []byte, m map[string]json.RawMessage) []byte {
	dst = append(dst, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		v := m[k]
		if len(v) == 0 {
			v = json.RawMessage(`null`)
		}
		dst = append(dst, v...)
	}
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string, as marshalJSON writes it.
// Ids and member names, printable ASCII without quotes or backslashes, are
// copied as they are, without an encoder for each.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			q, _ := marshalJSON(s) // a string always encodes
			return append(dst, q...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
