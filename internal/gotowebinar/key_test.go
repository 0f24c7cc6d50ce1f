package gotowebinar

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyDecodesNumbersAndStringsWithoutLoss(t *testing.T) {
	t.Parallel()
	cases := map[string]Key{
		`5620084814059709442`:   5620084814059709442,
		`"5620084814059709442"`: 5620084814059709442,
		`9223372036854775807`:   9223372036854775807,
		`" 9007199254740993 "`:  9007199254740993, // 2^53+1: the first value float64 cannot hold
		`null`:                  0,
		`""`:                    0,
		`42`:                    42,
	}
	for in, want := range cases {
		var k Key
		require.NoError(t, json.Unmarshal([]byte(in), &k), in)
		assert.Equal(t, want, k, in)
	}
}

func TestKeyRejectsNonKeys(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`5.620084814059709e18`, `"abc"`, `-1`, `"-5"`, `true`, `"9223372036854775808"`} {
		var k Key
		assert.Error(t, json.Unmarshal([]byte(in), &k), in)
	}
}

func TestKeyRoundTrip(t *testing.T) {
	t.Parallel()
	type doc struct {
		A Key `json:"a"`
		B Key `json:"b"`
	}
	var d doc
	require.NoError(t, json.Unmarshal([]byte(`{"a":8325357307900339981,"b":"8325357307900339983"}`), &d))
	out, err := json.Marshal(d)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":8325357307900339981,"b":8325357307900339983}`, string(out))
	assert.Equal(t, `{"a":8325357307900339981,"b":8325357307900339983}`, string(out), "numbers, digit for digit")

	var back doc
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, d, back)
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	k, err := ParseKey(" 1234567890123456789 ")
	require.NoError(t, err)
	assert.Equal(t, orgKey, k)
	assert.Equal(t, "1234567890123456789", k.String())

	for _, bad := range []string{"", "x1", "+1", "-1", "12345678901234567890"} {
		_, err := ParseKey(bad)
		assert.Error(t, err, bad)
	}
}

func TestPerformanceMapKeysKeepDigits(t *testing.T) {
	t.Parallel()
	var m map[Key]SessionPerformance
	require.NoError(t, json.Unmarshal([]byte(`{"9007199254740993":{}}`), &m))
	_, ok := m[9007199254740993]
	assert.True(t, ok)
}
