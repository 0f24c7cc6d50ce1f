package component

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Emit behaviours of list functions (the emitBehaviour field).
const (
	emitIndividually = "emitIndividually" // one message per item (default)
	emitAll          = "emitAll"          // one message {"results": [...], "count": n}
)

// emit publishes v as the body of one data message. Keys become strings.
func (k *call) emit(ctx context.Context, v any) error {
	body, err := outputJSON(v)
	if err != nil {
		return err
	}
	msg := &sailor.Message{
		ID: sailor.NewUUID(), Attachments: json.RawMessage(`{}`), Body: body,
		Headers: map[string]any{}, Metadata: json.RawMessage(`{}`),
	}
	return k.out.Data(ctx, msg)
}

// emitList publishes items by the step's emitBehaviour: one message per
// item, or one message with all of them.
func emitList[T any](ctx context.Context, k *call, items []T) error {
	if k.str("emitBehaviour") == emitAll {
		return k.emit(ctx, map[string]any{"results": items, "count": len(items)})
	}
	for _, it := range items {
		if err := k.emit(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

// outputJSON encodes v for a message body. Every GoToWebinar key
// (a property named key or ending in "Key") is written as a JSON string:
// downstream steps are JavaScript, where 19-digit numbers lose digits.
func outputJSON(v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("component: encode output: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("component: encode output: %w", err)
	}
	out, err := json.Marshal(stringKeys(tree))
	if err != nil {
		return nil, fmt.Errorf("component: encode output: %w", err)
	}
	return out, nil
}

func isKeyName(name string) bool {
	return name == "key" || strings.HasSuffix(name, "Key") || strings.HasSuffix(name, "Keys")
}

func stringKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for name, val := range x {
			if isKeyName(name) {
				x[name] = keysAsStrings(val)
			} else {
				x[name] = stringKeys(val)
			}
		}
		return x
	case []any:
		for i := range x {
			x[i] = stringKeys(x[i])
		}
		return x
	}
	return v
}

func keysAsStrings(v any) any {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case []any:
		for i := range x {
			x[i] = keysAsStrings(x[i])
		}
		return x
	case map[string]any:
		// A map keyed by session key, say: its values are not keys.
		return stringKeys(x)
	}
	return v
}
