package cipher

import (
	"math"
	"testing"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
)

func TestProtocolVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
		want int
	}{
		{"absent", nil, 1},
		{"int8 as Node sends it", int8(2), 2},
		{"int8 one", int8(1), 1},
		{"int16", int16(2), 2},
		{"int32", int32(2), 2},
		{"int64", int64(2), 2},
		{"int", 2, 2},
		{"uint8", uint8(2), 2},
		{"uint16", uint16(2), 2},
		{"uint32", uint32(2), 2},
		{"uint64", uint64(2), 2},
		{"uint", uint(2), 2},
		{"huge uint64", uint64(math.MaxUint64), math.MaxInt32},
		{"float64", float64(2), 2},
		{"float32", float32(2), 2},
		{"fraction below 2", 1.9, 1},
		{"fraction above 2", 2.5, 2},
		{"NaN", math.NaN(), 1},
		{"+Inf", math.Inf(1), math.MaxInt32},
		{"-Inf", math.Inf(-1), 1},
		{"zero", int8(0), 1},
		{"negative", int64(-3), 1},
		{"decimal 2", amqp.Decimal{Scale: 0, Value: 2}, 2},
		{"decimal 2.00", amqp.Decimal{Scale: 2, Value: 200}, 2},
		{"decimal 1.99", amqp.Decimal{Scale: 2, Value: 199}, 1},
		{"string", "2", 2},
		{"string with spaces", " 2 ", 2},
		{"string fraction", "2.0", 2},
		{"string garbage", "two", 1},
		{"empty string", "", 1},
		{"bytes", []byte("2"), 2},
		{"bool", true, 1},
		{"table", amqp.Table{"a": 1}, 1},
		{"other struct", struct{ Value int32 }{2}, 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ProtocolVersion(tt.in), tt.name)
	}
}
