package sailor_test

import (
	"testing"

	"go.uber.org/goleak"
)

// No test of the runtime may leave a goroutine behind (issue 9, item 3).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
