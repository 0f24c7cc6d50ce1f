package worker_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scenarios of sailor-nodejs mocha_spec/graceful_shutdown.spec.js
// (sailor-protocol.md 12, 4.7) and reliability.md R15/R16: the exit code
// must be 0 unless the shutdown deadline cut work short.

func slowBody(ms int) string {
	return fmt.Sprintf(`{"body":{"sleepMs":%d},"headers":{}}`, ms)
}

// gate is a file whose creation releases the slow function's messages.
type gate string

func newGate(t *testing.T) gate { return gate(filepath.Join(t.TempDir(), "release")) }

// body is a slow input that waits for the gate (at most a minute).
func (g gate) body() string {
	return fmt.Sprintf(`{"body":{"sleepMs":60000,"untilFile":%q},"headers":{}}`, string(g))
}

func (g gate) open(t *testing.T) {
	t.Helper()
	require.NoError(t, os.WriteFile(string(g), nil, 0o600))
}

// waitInFlight waits until n inputs have left the ready state.
func (f *flow) waitInFlight(total, n int) {
	f.t.Helper()
	require.Eventually(f.t, func() bool { ready, _ := f.inputCounts(); return ready == total-n },
		waitOutput, 20*time.Millisecond, "%d of %d messages delivered", n, total)
}

func TestShutdownWithoutMessages(t *testing.T) {
	t.Parallel()
	t.Run("idle after init", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("passthrough", nil)
		assert.Equal(t, 0, w.stopped())
		assert.Contains(t, w.logs(), "shut down gracefully")
	})
	t.Run("at a random moment during init", func(t *testing.T) {
		t.Parallel()
		for i := range 3 {
			f := newFlow(t)
			w := start(t, f.env("passthrough", nil))
			w.waitLog("sailor starting", 10*time.Second)
			time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond)
			w.signal(syscall.SIGTERM)
			assert.Equal(t, 0, w.exit(20*time.Second), "attempt %d", i)
		}
	})
	t.Run("messages sent after shutdown stay in the queue", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("passthrough", nil)
		assert.Equal(t, 0, w.stopped())
		f.send(`{"body":{},"headers":{}}`, nil)
		ready, consumers := f.inputCounts()
		assert.Equal(t, 1, ready)
		assert.Zero(t, consumers)
		assert.Empty(t, f.drain(keyData))
	})
}

func TestShutdownAfterFastMessages(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d messages", n), func(t *testing.T) {
			t.Parallel()
			f := newFlow(t)
			w := f.run("passthrough", nil)
			for i := range n {
				f.send(`{"body":{},"headers":{}}`, inputHeaders(fmt.Sprint("M", i)))
			}
			f.collect(keyData, n, waitOutput)
			assert.Equal(t, 0, w.stopped())
			f.assertSettled(0)
		})
	}
}

func TestSIGTERMDuringASlowMessage(t *testing.T) {
	t.Parallel()
	for _, signals := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d SIGTERM", signals), func(t *testing.T) {
			t.Parallel()
			f := newFlow(t)
			w := f.run("slow", nil)
			g := newGate(t)
			f.send(g.body(), nil)
			f.waitInFlight(1, 1)
			for range signals {
				w.signal(syscall.SIGTERM)
				time.Sleep(200 * time.Millisecond)
			}
			w.waitLog("waiting for in-flight messages", 10*time.Second)
			time.Sleep(300 * time.Millisecond)
			assert.True(t, w.running(), "the worker waits for the message; a second signal does not cut it short")
			g.open(t)
			assert.Equal(t, 0, w.exit(30*time.Second))
			f.collect(keyData, 1, time.Second)
			f.assertSettled(0)
			assert.Empty(t, f.drain(keyError))
		})
	}
}

func TestSIGTERMLeavesUnstartedMessagesInTheQueue(t *testing.T) {
	t.Parallel()
	// graceful_shutdown.spec "two messages, slow processing" with prefetch
	// 1, and R15 with prefetch 2: the in-flight ones finish and are acked,
	// the rest stay queued for the next container.
	for _, c := range []struct{ prefetch, total int }{{1, 2}, {2, 4}} {
		t.Run(fmt.Sprintf("prefetch %d", c.prefetch), func(t *testing.T) {
			t.Parallel()
			f := newFlow(t)
			w := f.run("slow", map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(c.prefetch)})
			g := newGate(t)
			for i := range c.total {
				f.send(g.body(), inputHeaders(fmt.Sprint("M", i)))
			}
			f.waitInFlight(c.total, c.prefetch)
			w.signal(syscall.SIGTERM)
			w.waitLog("waiting for in-flight messages", 10*time.Second)
			g.open(t)
			assert.Equal(t, 0, w.exit(30*time.Second))
			f.collect(keyData, c.prefetch, time.Second)
			ready, consumers := f.inputCounts()
			assert.Equal(t, c.total-c.prefetch, ready, "unstarted messages are back in the queue")
			assert.Zero(t, consumers)
			assert.Empty(t, f.drain(keyDead), "nothing rejected")
		})
	}
}

func TestShutdownDeadlineLeavesTheMessageToTheBroker(t *testing.T) {
	t.Parallel()
	// R16: past ELASTICIO_SHUTDOWN_TIMEOUT the unfinished message is
	// neither acked nor reported; it is requeued and the exit is non-zero.
	f := newFlow(t)
	w := f.run("slow", map[string]string{"ELASTICIO_SHUTDOWN_TIMEOUT": "1000"})
	f.send(slowBody(60000), nil)
	f.waitInFlight(1, 1)
	w.signal(syscall.SIGTERM)
	assert.Equal(t, 1, w.exit(15*time.Second))
	assert.Contains(t, w.logs(), "shutdown deadline passed")
	// The broker requeues it once it has seen the connection go, which
	// can trail the exit by a moment on a loaded machine.
	assert.Eventually(t, func() bool { ready, _ := f.inputCounts(); return ready == 1 },
		5*time.Second, 20*time.Millisecond, "the message is back in the queue")
	assert.Empty(t, f.drain(keyData))
	assert.Empty(t, f.drain(keyError), "no error event for a message cut short")
	assert.Empty(t, f.drain(keyDead))
}
