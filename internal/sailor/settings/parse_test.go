package settings

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNumericParsing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value *string // nil = unset
		want  int
	}{
		{"unset", nil, 20},
		{"empty", ptr(""), 20},
		{"plain", ptr("7"), 7},
		{"zero falls back", ptr("0"), 20},
		{"garbage", ptr("lots"), 20},
		{"leading integer", ptr("15abc"), 15},
		{"decimal truncated", ptr("3.9"), 3},
		{"exponent stops", ptr("1e3"), 1},
		{"leading spaces", ptr("  42"), 42},
		{"plus sign", ptr("+6"), 6},
		{"hex like parseInt", ptr("0x10"), 16},
		{"bare hex prefix", ptr("0x"), 20},
		{"negative falls back", ptr("-5"), 20},
		{"overflow falls back", ptr("99999999999999999999999"), 20},
		{"space inside stops", ptr("4 2"), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := validEnv()
			if tt.value != nil {
				e = e.with("ELASTICIO_REBOUND_LIMIT", *tt.value)
			}
			assert.Equal(t, tt.want, load(t, e).ReboundLimit)
		})
	}
}

func TestDurationParsing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 15 * time.Second},
		{"0", 15 * time.Second},
		{"x", 15 * time.Second},
		{"1", time.Millisecond},
		{"2500ms", 2500 * time.Millisecond},
		{"9223372036854775807", 15 * time.Second}, // would overflow a Duration
	}
	for _, tt := range tests {
		s := load(t, validEnv().with("ELASTICIO_REBOUND_INITIAL_EXPIRATION", tt.value))
		assert.Equal(t, tt.want, s.ReboundInitialExpiration, tt.value)
	}
}

func TestBooleanParsing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		value  *string
		defTru bool // expectation for PROCESS_AMQP_DRAIN (default true)
		defFal bool // expectation for AMQP_PERSISTENT_MESSAGES (default false)
	}{
		{"unset gives default", nil, true, false},
		{"empty", ptr(""), false, false},
		{"false", ptr("false"), false, false},
		{"FALSE", ptr("FALSE"), false, false},
		{"zero", ptr("0"), false, false},
		{"no", ptr("no"), false, false},
		{"No with spaces", ptr(" No "), false, false},
		{"true", ptr("true"), true, true},
		{"one", ptr("1"), true, true},
		{"yes", ptr("yes"), true, true},
		{"any other text", ptr("off-ish"), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := validEnv()
			if tt.value != nil {
				e = e.with("ELASTICIO_PROCESS_AMQP_DRAIN", *tt.value,
					"ELASTICIO_AMQP_PERSISTENT_MESSAGES", *tt.value)
			}
			s := load(t, e)
			assert.Equal(t, tt.defTru, s.ProcessAMQPDrain)
			assert.Equal(t, tt.defFal, s.PersistentMessages)
		})
	}
}

func TestStringParsing(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "default", load(t, validEnv().with("ELASTICIO_INPUT_FORMAT", "")).InputFormat)
	assert.Equal(t, "info", load(t, validEnv().with("LOG_LEVEL", "")).LogLevel)
	assert.Equal(t, "lib", load(t, validEnv().with("ELASTICIO_COMPONENT_PATH", "lib")).ComponentPath)
}

func ptr(s string) *string { return &s }
