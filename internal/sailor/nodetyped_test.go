package sailor

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Received numbers go on in the type amqplib would give them after
// decoding them to a JS number: the narrowest signed integer, or a double.
func TestNodeTypedHeaderValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want any
	}{
		{int32(3), int8(3)},
		{int64(-200), int16(-200)},
		{uint8(200), int16(200)},
		{uint32(70000), int32(70000)},
		{int64(1796002131491), int64(1796002131491)},
		{uint64(math.MaxUint64), float64(math.MaxUint64)},
		{float64(2), int8(2)},
		{float32(0.5), float64(0.5)},
		{2.5, 2.5},
		{float64(1 << 60), int64(1 << 60)},
		{float64(1 << 64), float64(1 << 64)},
		{"3", "3"},
		{true, true},
		{map[string]any{"n": int64(7), "l": []any{int16(1), float32(0.5), "x"}},
			map[string]any{"n": int8(7), "l": []any{int8(1), float64(0.5), "x"}}},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, nodeTyped(c.in), "%T %v", c.in, c.in)
	}
}
