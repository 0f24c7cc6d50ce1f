package platform

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a call leaves goroutines behind (for
// instance a response body that was never closed).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
