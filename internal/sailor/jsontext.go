package sailor

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
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
func appendRawObject(dst []byte, m map[string]json.RawMessage) ([]byte, error) {
	dst = append(dst, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		name, err := marshalJSON(k)
		if err != nil {
			return nil, err
		}
		dst = append(dst, name...)
		dst = append(dst, ':')
		v := m[k]
		if len(v) == 0 {
			v = json.RawMessage(`null`)
		}
		dst = append(dst, v...)
	}
	return append(dst, '}'), nil
}
