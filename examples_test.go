package gotowebinarcomponent

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/cli"
)

// firstPollOnly are the triggers whose example is a first poll without a
// start time: they only remember where they are (a snapshot, no data).
// Their seeded data is relative to the clock, so a fixed start time would
// emit a different, large number of messages every day.
var firstPollOnly = map[string]bool{"newWebinars": true, "newAttendees": true}

// exampleEvent is one line of `exec` output.
type exampleEvent struct {
	Event   string          `json:"event"`
	Headers map[string]any  `json:"headers"`
	Body    json.RawMessage `json:"body"`
	Error   json.RawMessage `json:"error"`
}

// runExample runs examples/<function> as the README shows it:
// `gotowebinar exec --sandbox <function> --in .../in.jsonl --cfg .../cfg.json`,
// with --snapshot on a copy of snapshot.json when the example has one.
func runExample(t *testing.T, function string, extra ...string) (code int, events []exampleEvent, stderr string) {
	t.Helper()
	dir := filepath.Join("examples", function)
	args := []string{"exec", "--sandbox", function, "--in", filepath.Join(dir, "in.jsonl"), "--cfg", filepath.Join(dir, "cfg.json")}
	if snap, err := os.ReadFile(filepath.Join(dir, "snapshot.json")); err == nil {
		cp := filepath.Join(t.TempDir(), "snapshot.json")
		require.NoError(t, os.WriteFile(cp, snap, 0o600))
		args = append(args, "--snapshot", cp)
	}
	args = append(args, extra...)
	env := map[string]string{"LOG_LEVEL": "warn"}
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code = App().Run(ctx, args, func(name string) (string, bool) { v, ok := env[name]; return v, ok },
		cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev exampleEvent
		require.NoError(t, json.Unmarshal(sc.Bytes(), &ev), "an event line: %s", sc.Text())
		events = append(events, ev)
	}
	require.NoError(t, sc.Err())
	return code, events, errOut.String()
}

func countEvents(events []exampleEvent, kind string) int {
	n := 0
	for _, ev := range events {
		if ev.Event == kind {
			n++
		}
	}
	return n
}

// TestEveryExampleRunsAgainstTheSandbox runs each examples/<function>
// through the real command line, so no example rots: exit 0, no error or
// rebound, and data wherever the function emits data.
func TestEveryExampleRunsAgainstTheSandbox(t *testing.T) {
	fns := docFunctions(t)
	require.Len(t, fns, 25)
	for _, f := range fns {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			code, events, stderr := runExample(t, f.name)
			require.Equal(t, 0, code, "exit status; stderr:\n%s", stderr)
			for _, ev := range events {
				assert.NotContains(t, []string{"error", "errorReply", "rebound"}, ev.Event, "%s event: %s", ev.Event, ev.Error)
			}
			if firstPollOnly[f.name] {
				assert.Zero(t, countEvents(events, "data"), "a first poll without start time emits nothing")
			} else {
				assert.Positive(t, countEvents(events, "data"), "data events")
			}
			if strings.HasPrefix(f.kind, "trigger") {
				assert.Equal(t, 1, countEvents(events, "snapshot"), "a poll ends with one snapshot")
			}
			for _, ev := range events {
				if ev.Event == "data" {
					assert.True(t, json.Valid(ev.Body) && len(ev.Body) > 2, "data body: %s", ev.Body)
				}
			}
		})
	}
}

// TestExamplesHoldOnlyStepFields: the sandbox's credential fills oauth and
// organizerKey, so a cfg.json holds the function's step fields only, and
// every input line is a message with a body.
func TestExamplesHoldOnlyStepFields(t *testing.T) {
	fns := docFunctions(t)
	known := map[string]bool{"demo": true, "worker": true}
	for _, f := range fns {
		known[f.name] = true
		dir := filepath.Join("examples", f.name)
		var cfg map[string]any
		data, err := os.ReadFile(filepath.Join(dir, "cfg.json"))
		require.NoError(t, err, f.name)
		require.NoError(t, json.Unmarshal(data, &cfg), f.name)
		for key := range cfg {
			assert.Contains(t, f.stepFields, key, "%s/cfg.json: %q is not a step field of %s", dir, key, f.name)
		}
		in, err := os.ReadFile(filepath.Join(dir, "in.jsonl"))
		require.NoError(t, err, f.name)
		lines := strings.Split(strings.TrimSpace(string(in)), "\n")
		require.NotEmpty(t, lines)
		for i, line := range lines {
			var msg struct {
				Body map[string]any `json:"body"`
			}
			require.NoError(t, json.Unmarshal([]byte(line), &msg), "%s/in.jsonl line %d", dir, i+1)
			require.NotNil(t, msg.Body, "%s/in.jsonl line %d has a body", dir, i+1)
			for key := range msg.Body {
				assert.Contains(t, f.inFields, key, "%s/in.jsonl line %d: %q is not an input field of %s", dir, i+1, key, f.name)
			}
		}
	}
	entries, err := os.ReadDir("examples")
	require.NoError(t, err)
	for _, e := range entries {
		assert.True(t, known[e.Name()], "examples/%s is no function of component.json", e.Name())
	}
}

// TestExampleCompactOutput: --compact, which the demo uses, drops the AMQP
// headers and keeps the bodies.
func TestExampleCompactOutput(t *testing.T) {
	code, full, _ := runExample(t, "getWebinar")
	require.Equal(t, 0, code)
	code, compact, _ := runExample(t, "getWebinar", "--compact")
	require.Equal(t, 0, code)
	require.Len(t, compact, len(full))
	require.NotEmpty(t, full)
	assert.NotEmpty(t, full[0].Headers, "headers without --compact")
	assert.Empty(t, compact[0].Headers, "no headers with --compact")
	assert.JSONEq(t, string(full[0].Body), string(compact[0].Body))
	assert.Contains(t, string(compact[0].Body), `"webinarKey":"1730413376769108828"`)
}

// TestWorkerExampleAgainstRabbitMQ runs the README's "worker against
// RabbitMQ" command: `gotowebinar run` consumes the example's messages from
// a real queue and publishes the results.
func TestWorkerExampleAgainstRabbitMQ(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/worker")
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:5672", 2*time.Second); err != nil {
		t.Skip("no RabbitMQ on 127.0.0.1:5672 (sh scripts/ensure-rabbitmq.sh starts one)")
	} else {
		c.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./examples/worker", "-function", "createRegistrant", "-quiet", "1s")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), "stderr:\n%s", errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, "one result per input message:\n%s", out.String())
	for i, already := range []string{"false", "true"} {
		var ev struct {
			Event string         `json:"event"`
			Body  map[string]any `json:"body"`
		}
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &ev))
		assert.Equal(t, "data", ev.Event)
		assert.Equal(t, "ada.lovelace@example.com", ev.Body["email"])
		assert.Equal(t, already, strings.ToLower(fmt.Sprint(ev.Body["alreadyRegistered"])), "line %d", i+1)
	}
}
