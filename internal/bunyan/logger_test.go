package bunyan

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The component's records carry the name the platform shows on the
// Executions page, with the sailor's context, level and output.
func TestComponentLoggerSharesContextLevelAndOutput(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "warn", map[string]string{"ELASTICIO_FLOW_ID": "flow-1"})
	comp := ComponentLogger(log)
	comp.Info("below the level")
	comp.Warn("from the component")
	log.Warn("from the sailor")

	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 2)
	assert.Equal(t, "component", recs[0]["name"])
	assert.Equal(t, "from the component", recs[0]["msg"])
	assert.Equal(t, "flow-1", recs[0]["ELASTICIO_FLOW_ID"])
	assert.Equal(t, "flow-1", recs[0]["tag"])
	assert.Equal(t, "sailor", recs[1]["name"])
}

// Records of the two loggers, written at once from many goroutines, stay
// whole lines: the shared writer is a bytes.Buffer, which -race also
// watches.
func TestLoggersSharingAWriterDoNotInterleave(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	comp := ComponentLogger(log)
	long := strings.Repeat("x", 10_000)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			l := log
			if i%2 == 1 {
				l = comp
			}
			for j := range 20 {
				l.WithField("n", fmt.Sprint(i, "-", j)).Info(long)
			}
		})
	}
	wg.Wait()
	recs := decodeLines(t, buf.String())
	assert.Len(t, recs, 160)
}
