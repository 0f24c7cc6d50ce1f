package component

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// emitAll is the emitBehaviour of list functions that emits one message
// {"results": [...], "count": n}; any other value (emitIndividually, the
// default) emits one message per item.
const emitAll = "emitAll"

// emit publishes v as the body of one data message. Keys become strings.
func (k *call) emit(ctx context.Context, v any) error {
	body, err := outputJSON(v)
	if err != nil {
		return err
	}
	msg, err := sailor.NewMessage(body)
	if err != nil {
		return err
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

// outputJSON turns v into the JSON tree of a message body, numbers kept
// exact. Every GoToWebinar key (a property named key or ending in "Key")
// becomes a string: downstream steps are JavaScript, where 19-digit
// numbers lose digits.
func outputJSON(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("component: encode output: %w", err)
	}
	var tree any
	if err := unmarshalExact(raw, &tree); err != nil {
		return nil, fmt.Errorf("component: encode output: %w", err)
	}
	return stringKeys(tree), nil
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
