package cipher

import (
	"math"
	"reflect"
	"strconv"
	"strings"
)

// ProtocolVersion reads the protocolVersion AMQP header value v, of
// whatever type the AMQP client decoded it to: any Go integer or float
// type, an AMQP decimal (a struct with Scale uint8 and Value int32 fields,
// like amqp091.Decimal), a numeric string or []byte, as the Node sailor's
// Number(x) accepts them. Fractions round down. An absent (nil), zero,
// negative or unparsable value gives 1, which selects the base64 body
// encoding exactly as it does in Node.
func ProtocolVersion(v any) int {
	switch x := v.(type) {
	case nil:
		return 1
	case int:
		return fromInt(int64(x))
	case int8:
		return fromInt(int64(x))
	case int16:
		return fromInt(int64(x))
	case int32:
		return fromInt(int64(x))
	case int64:
		return fromInt(x)
	case uint:
		return fromUint(uint64(x))
	case uint8:
		return fromUint(uint64(x))
	case uint16:
		return fromUint(uint64(x))
	case uint32:
		return fromUint(uint64(x))
	case uint64:
		return fromUint(x)
	case float32:
		return fromFloat(float64(x))
	case float64:
		return fromFloat(x)
	case string:
		return fromString(x)
	case []byte:
		return fromString(string(x))
	}
	if f, ok := decimal(v); ok {
		return fromFloat(f)
	}
	return 1
}

func fromInt(n int64) int {
	if n < 1 {
		return 1
	}
	return fromUint(uint64(n))
}

func fromUint(n uint64) int {
	if n < 1 {
		return 1
	}
	if n > math.MaxInt32 {
		return math.MaxInt32 // any value >= 2 means the same: raw bodies
	}
	return int(n)
}

func fromFloat(f float64) int {
	if math.IsNaN(f) || f < 1 {
		return 1
	}
	if f > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(math.Floor(f))
}

// fromString parses like JavaScript's Number(s): surrounding white space
// is ignored and the whole rest must be a number.
func fromString(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 1
	}
	return fromFloat(f)
}

// decimal reads an AMQP decimal without importing the AMQP client, which
// this package must not depend on.
func decimal(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct {
		return 0, false
	}
	scale := rv.FieldByName("Scale")
	value := rv.FieldByName("Value")
	if !scale.IsValid() || !value.IsValid() ||
		scale.Kind() != reflect.Uint8 || value.Kind() != reflect.Int32 {
		return 0, false
	}
	return float64(value.Int()) / math.Pow10(int(scale.Uint())), true
}
