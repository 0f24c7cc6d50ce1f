package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestVersionPrefersTheStampedValues: what `make build` passes with
// -ldflags -X wins over Go's build information.
func TestVersionPrefersTheStampedValues(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "v2.0.0", "0123456789abcdef"
	assert.Equal(t, "v2.0.0 commit 0123456789abcdef", Version())

	version, commit = "", ""
	assert.Regexp(t, `^\S+ commit \S+$`, Version(), "unstamped: build information, or (devel) and unknown")
}
