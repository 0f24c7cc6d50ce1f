package sailor

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Message is the elastic.io message object carried, encrypted, in the body
// of every data delivery (sailor-protocol.md 5.2). Fields the sailor does not
// know (webhook extras such as method, url or query) are kept in Extra and
// written back unchanged, so a message survives a pass through a step whole.
//
// Body, Attachments and Metadata are raw JSON: the sailor never needs their
// contents, and keeping the bytes avoids a decode/encode round trip that
// would reorder keys or lose the digits of big numbers.
type Message struct {
	ID          string
	Attachments json.RawMessage
	Body        json.RawMessage
	Headers     map[string]any
	Metadata    json.RawMessage
	Passthrough map[string]json.RawMessage
	Extra       map[string]json.RawMessage
}

// NewMessage returns a message with a fresh id and body, shaped the way
// elastic.io's Node helpers shape a new message: empty attachments, headers
// and metadata.
func NewMessage(body any) (*Message, error) {
	raw, err := marshalJSON(body)
	if err != nil {
		return nil, fmt.Errorf("sailor: encode message body: %w", err)
	}
	return &Message{
		ID:          NewUUID(),
		Attachments: json.RawMessage(`{}`),
		Body:        raw,
		Headers:     map[string]any{},
		Metadata:    json.RawMessage(`{}`),
	}, nil
}

// DecodeBody unmarshals the body into v, keeping numbers exact when v holds
// interfaces (json.Number).
func (m *Message) DecodeBody(v any) error {
	if len(m.Body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(m.Body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("sailor: decode message body: %w", err)
	}
	return nil
}

// Clone returns a copy that can be changed without touching m. Raw JSON
// values are immutable by convention and shared.
func (m *Message) Clone() *Message {
	c := *m
	if m.Headers != nil {
		c.Headers = make(map[string]any, len(m.Headers))
		for k, v := range m.Headers {
			c.Headers[k] = v
		}
	}
	c.Passthrough = cloneRawMap(m.Passthrough)
	c.Extra = cloneRawMap(m.Extra)
	return &c
}

func cloneRawMap(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	c := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

var knownMessageKeys = map[string]bool{
	"id": true, "attachments": true, "body": true, "headers": true,
	"metadata": true, "passthrough": true,
}

// UnmarshalJSON reads a message object. A JSON value that is not an object
// is an error: elastic.io messages are always objects.
func (m *Message) UnmarshalJSON(data []byte) error {
	// json.Unmarshaler's contract: data may be reused after the call.
	return m.decode(bytes.Clone(data))
}

// decode is UnmarshalJSON keeping data's bytes as the raw values instead of
// copies (the body of a large message is most of it): the sailor owns the
// plaintext it decrypted, and data must not be changed while m lives.
func (m *Message) decode(data []byte) error {
	members, err := splitObject(data)
	if err != nil {
		return fmt.Errorf("sailor: message is not a JSON object: %w", err)
	}
	// Later duplicates win, as with encoding/json.
	fields := make(map[string]json.RawMessage, len(members))
	for _, f := range members {
		fields[f.key] = f.value
	}
	*m = Message{}
	if raw, ok := fields["id"]; ok && len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &m.ID); err != nil {
			return fmt.Errorf("sailor: message id: %w", err)
		}
	} else if ok && !isNull(raw) {
		// Ids are strings by convention, but a number must not fail the message.
		var id any
		if err := unmarshalNumber(raw, &id); err != nil {
			return fmt.Errorf("sailor: message id: %w", err)
		}
		m.ID = fmt.Sprint(id)
	}
	m.Attachments = fields["attachments"]
	m.Body = fields["body"]
	m.Metadata = fields["metadata"]
	if raw, ok := fields["headers"]; ok && string(raw) == "{}" {
		m.Headers = map[string]any{}
	} else if ok && !isNull(raw) {
		if err := unmarshalNumber(raw, &m.Headers); err != nil {
			return fmt.Errorf("sailor: message headers: %w", err)
		}
	}
	if raw, ok := fields["passthrough"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &m.Passthrough); err != nil {
			return fmt.Errorf("sailor: message passthrough: %w", err)
		}
	}
	for k, v := range fields {
		if !knownMessageKeys[k] {
			if m.Extra == nil {
				m.Extra = map[string]json.RawMessage{}
			}
			m.Extra[k] = v
		}
	}
	return nil
}

// MarshalJSON writes the known fields first, in the order Node's helpers
// create them, then the extra fields in key order. Absent fields stay absent.
func (m Message) MarshalJSON() ([]byte, error) {
	return m.appendJSON(make([]byte, 0, len(m.Body)+128))
}

// appendJSON appends what MarshalJSON returns to dst, so that the sailor
// can encode into a reused buffer.
func (m Message) appendJSON(dst []byte) ([]byte, error) {
	dst = append(dst, '{')
	first := true
	// key starts a member: its separator, then the name as a JSON string.
	// Values are appended in place; the raw parts are JSON already.
	key := func(name string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, name)
		dst = append(dst, ':')
	}
	if m.ID != "" {
		key("id")
		dst = appendJSONString(dst, m.ID)
	}
	if m.Attachments != nil {
		key("attachments")
		dst = append(dst, m.Attachments...)
	}
	if m.Body != nil {
		key("body")
		dst = append(dst, m.Body...)
	}
	switch {
	case m.Headers == nil:
	case len(m.Headers) == 0:
		key("headers")
		dst = append(dst, `{}`...) // the usual case, without an encoder
	default:
		raw, err := marshalJSON(m.Headers)
		if err != nil {
			return nil, fmt.Errorf("sailor: encode message headers: %w", err)
		}
		key("headers")
		dst = append(dst, raw...)
	}
	if m.Metadata != nil {
		key("metadata")
		dst = append(dst, m.Metadata...)
	}
	if m.Passthrough != nil {
		key("passthrough")
		dst = appendRawObject(dst, m.Passthrough)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Extra)) {
		key(k)
		dst = append(dst, m.Extra[k]...)
	}
	return append(dst, '}'), nil
}

// validRaw reports whether raw is absent or valid JSON.
func validRaw(raw json.RawMessage) bool {
	return raw == nil || validJSON(raw)
}

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func unmarshalNumber(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// NewUUID returns a random (version 4) UUID in its canonical text form.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 36)
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j] = hex[c>>4]
		out[j+1] = hex[c&0x0f]
		j += 2
	}
	return string(out)
}
