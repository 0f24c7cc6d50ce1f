package faults

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Rabbitmqctl runs the broker CLI ($RABBITMQCTL, else rabbitmqctl on the
// PATH) and returns its output; a failure fails t.
func Rabbitmqctl(t testing.TB, args ...string) string {
	t.Helper()
	path := os.Getenv("RABBITMQCTL")
	if path == "" {
		path = "rabbitmqctl"
	}
	// Not t.Context(): StopBroker's restart runs at cleanup, after it ended.
	out, err := exec.CommandContext(context.Background(), path, args...).CombinedOutput()
	require.NoError(t, err, "rabbitmqctl %s: %s", strings.Join(args, " "), out)
	return string(out)
}

// StopBroker stops the RabbitMQ application, which disturbs every broker
// user on the machine. The returned function (also run at cleanup, so the
// broker comes back whatever the test does) starts it again and waits until
// it is up; it runs once.
func StopBroker(t testing.TB) (restart func()) {
	t.Helper()
	started := false
	restart = func() {
		if started {
			return
		}
		started = true
		Rabbitmqctl(t, "start_app")
		Rabbitmqctl(t, "await_startup")
	}
	t.Cleanup(restart)
	Rabbitmqctl(t, "stop_app")
	return restart
}
