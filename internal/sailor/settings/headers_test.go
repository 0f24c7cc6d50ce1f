package settings

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCamelCaseLikeLodash(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"SECOND_ELASTICIO_ENV": "secondElasticioEnv",
		"FOO_BAR":              "fooBar",
		"my_var":               "myVar",
		"A1_B2":                "a1B2",
		"fooBar":               "fooBar",
		"FooBar":               "fooBar",
		"fooBar_BAZ":           "fooBarBaz",
		"XMLHttpRequest":       "xmlHttpRequest",
		"ABc1":                 "aBc1",
		"foo2bar":              "foo2Bar",
		"__FOO--bar  baz__":    "fooBarBaz",
		"version_1ST_TRY":      "version1stTry",
		"the_2nd_one":          "the2ndOne",
		"4TH_PLACE":            "4thPlace",
		"11TH":                 "11Th",
		"X":                    "x",
		"123":                  "123",
		"":                     "",
		"___":                  "",
		"1STa":                 "1stA",
		"2nda":                 "2Nda",
		"21ST":                 "21st",
		"a1st":                 "a1st",
		"3rdX":                 "3rdX",
		"ABCdefGHI":            "abCdefGhi",
		"aB1cD2":               "aB1CD2",
		"IDs":                  "iDs",
	}
	for in, want := range tests {
		assert.Equal(t, want, camelCase(in), in)
	}
}

func TestAdditionalHeaders(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv().with(
		"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS",
		" ELASTICIO_SECOND_ELASTICIO_ENV , ELASTICIO_FOO_BAR,my_var,,ELASTICIO_A1_B2,UNSET_VAR,ELASTICIO_fooBar",
		"ELASTICIO_SECOND_ELASTICIO_ENV", "second",
		"ELASTICIO_FOO_BAR", "foo",
		"my_var", "mine",
		"ELASTICIO_A1_B2", "ab",
		"ELASTICIO_fooBar", "foo again",
	))
	assert.Equal(t, []Header{
		{Name: "secondElasticioEnv", Value: "second"},
		{Name: "fooBar", Value: "foo again"},
		{Name: "myVar", Value: "mine"},
		{Name: "a1B2", Value: "ab"},
	}, s.AdditionalHeaders)
}

func TestAdditionalHeadersOnlyStripLeadingPrefix(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv().with(
		"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS", "MY_ELASTICIO_VAR",
		"MY_ELASTICIO_VAR", "v",
	))
	assert.Equal(t, []Header{{Name: "myElasticioVar", Value: "v"}}, s.AdditionalHeaders)
}
