package testcomponent

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMayHaveOptionFindsEveryQuotedOption(t *testing.T) {
	for _, opt := range inputOptions {
		assert.True(t, mayHaveOption([]byte(`{"pad":"x","`+opt+`":1}`)), opt)
		assert.False(t, mayHaveOption([]byte(`{"`+opt+`x":1}`)), "a longer name is not %s", opt)
		assert.False(t, mayHaveOption([]byte(`{"x`+opt+`":1}`)), "a name ending in %s is not it", opt)
	}
	assert.False(t, mayHaveOption([]byte(`{}`)))
	assert.False(t, mayHaveOption(nil))
	assert.False(t, mayHaveOption([]byte(`{"pad":"`+string(bytes.Repeat([]byte{'x'}, 100<<10))+`"}`)))
	assert.False(t, mayHaveOption([]byte(`{"withId`)), "cut short")
}
