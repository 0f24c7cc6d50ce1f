package cli

import (
	"testing"

	"go.uber.org/goleak"
)

// No test of the command layer may leave a goroutine behind (issue 9).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
