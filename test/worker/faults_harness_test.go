//go:build faults

package worker_test

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Harness parts only the fault tests use.

func (a *restAPI) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.calls)
}

// waitCalls waits until the API saw at least n calls.
func (a *restAPI) waitCalls(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool { return a.count() >= n }, timeout, 10*time.Millisecond, "%d API calls", n)
}

// connectionStates returns the state of the connections named name-read
// and name-write (rabbitmqctl list_connections).
func connectionStates(t *testing.T, name string) map[string]string {
	t.Helper()
	out := rabbitmqctl(t, "-q", "list_connections", "client_properties", "state")
	states := map[string]string{}
	re := regexp.MustCompile(`\{"connection_name","([^"]+)"\}`)
	for _, line := range strings.Split(out, "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil || !strings.HasPrefix(m[1], name+"-") {
			continue
		}
		f := strings.Fields(line)
		states[strings.TrimPrefix(m[1], name+"-")] = f[len(f)-1]
	}
	return states
}

// kill9 kills the worker with SIGKILL and waits for it.
func (w *worker) kill9() {
	w.t.Helper()
	require.NoError(w.t, w.cmd.Process.Kill())
	w.exit(10 * time.Second)
}

// memoryAlarm raises the broker's memory alarm (watermark 0.0001) and
// restores the previous watermark in cleanup, then waits for the broker.
// It disturbs every user of the broker: fault tests only.
func memoryAlarm(t *testing.T) (lift func()) {
	t.Helper()
	prev := strings.TrimSpace(rabbitmqctl(t, "-q", "eval", "vm_memory_monitor:get_vm_memory_high_watermark()."))
	args := []string{"set_vm_memory_high_watermark"}
	if strings.HasPrefix(prev, "{absolute,") {
		args = append(args, "absolute", strings.TrimSuffix(strings.TrimPrefix(prev, "{absolute,"), "}"))
	} else {
		_, err := strconv.ParseFloat(prev, 64)
		require.NoError(t, err, "current watermark %q", prev)
		args = append(args, prev)
	}
	lifted := false
	lift = func() {
		if lifted {
			return
		}
		lifted = true
		rabbitmqctl(t, args...)
		rabbitmqctl(t, "await_startup")
		waitAlarm(t, false)
	}
	t.Cleanup(lift)
	rabbitmqctl(t, "set_vm_memory_high_watermark", "0.0001")
	waitAlarm(t, true)
	return lift
}

// waitAlarm waits until the broker's memory alarm is on (or off).
func waitAlarm(t *testing.T, on bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, err := exec.Command("rabbitmqctl", "-q", "eval", "rabbit_alarm:get_alarms().").CombinedOutput()
		if err == nil && strings.Contains(string(out), "memory") == on {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	require.FailNow(t, "memory alarm state not reached", "want on=%v", on)
}

// brokerConn is one of a worker's connections as the broker lists it.
type brokerConn struct {
	Role string // read or write: the name after the worker's prefix
	Pid  string // the connection process, for close_connection
}

// workerConnections lists the broker connections named name-<role>
// (rabbitmqctl list_connections); a leaked connection shows up as a second
// entry with the same role.
func workerConnections(t *testing.T, name string) []brokerConn {
	t.Helper()
	out := rabbitmqctl(t, "-q", "list_connections", "pid", "client_properties")
	re := regexp.MustCompile(`\{"connection_name","` + regexp.QuoteMeta(name) + `-([^"]+)"\}`)
	var conns []brokerConn
	for _, line := range strings.Split(out, "\n") {
		pid, props, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok {
			continue
		}
		if m := re.FindStringSubmatch(props); m != nil {
			conns = append(conns, brokerConn{Role: m[1], Pid: pid})
		}
	}
	return conns
}

// restoredGoroutines returns, in order, the goroutine counts the worker
// logged on its "amqpbus: connection restored" lines for the connection
// named connection (name-read or name-write).
func restoredGoroutines(t *testing.T, logs, connection string) []int {
	t.Helper()
	var counts []int
	for _, line := range strings.Split(logs, "\n") {
		if !strings.HasPrefix(line, "{") || !strings.Contains(line, "amqpbus: connection restored") {
			continue
		}
		var m struct {
			Connection string   `json:"connection"`
			Goroutines *float64 `json:"goroutines"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &m), "restore line %s", line)
		if m.Connection != connection {
			continue
		}
		require.NotNil(t, m.Goroutines, "restore line without a goroutine count: %s", line)
		counts = append(counts, int(*m.Goroutines))
	}
	return counts
}

// assertNoChannelErrors checks the worker's output for a 406 channel close
// (PRECONDITION_FAILED, e.g. an ack with an unknown delivery tag) and the
// broker log since offset for stale acks.
func assertNoChannelErrors(t *testing.T, logs string, brokerOffset int64) {
	t.Helper()
	assert.NotContains(t, logs, "PRECONDITION_FAILED", "a channel of the worker was closed with 406")
	assert.NotContains(t, logs, "Exception (406)", "a channel of the worker was closed with 406")
	assertNoStaleAcks(t, brokerOffset)
}
