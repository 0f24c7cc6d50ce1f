//go:build nodewire

// Package wire_test runs the Go sailor (cmd/testcomponent) and the official
// Node.js sailor 2.7.8 (bench/node) as real processes on the same step
// topology, with the same ELASTICIO_* environment, gives each the same
// encrypted delivery and compares what they publish, field by field: routing
// key, AMQP properties, header names, AMQP types and values, the decrypted
// bodies, how the input is settled and what the platform API is asked. The
// Node sailor's behaviour is the contract (sailor-protocol.md); the values
// that must differ are listed in one place, exceptions in compare_test.go.
//
// It needs node and npm (skipped without them) and RabbitMQ on
// 127.0.0.1:5672: make test-wire.
package wire_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

var (
	// brokerURI is the broker both sailors and the test use.
	brokerURI = envOr("WIRE_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
	// brokerWait bounds how long a missing broker is waited for: another
	// engineer's fault tests restart it, and a restart is not a failure.
	brokerWait = 3 * time.Minute
)

// Set by TestMain.
var (
	goBinary   string // cmd/testcomponent, built for this run
	nodeBinary string
	nodeDir    string // the Node component (bench/node) with its sailor
	skipReason string // non-empty when node or npm is missing
)

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		return 1
	}
	nodeDir = filepath.Join(root, "bench", "node")
	work, err := os.MkdirTemp("", "wire-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		return 1
	}
	defer os.RemoveAll(work)

	skipReason, err = prepareNode(nodeDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		return 1
	}
	if skipReason == "" {
		goBinary = filepath.Join(work, "testcomponent")
		build := exec.Command("go", "build", "-o", goBinary, "./cmd/testcomponent")
		build.Dir = root
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "wire: go build ./cmd/testcomponent: %v\n%s", err, out)
			return 1
		}
		ctx, cancel := context.WithTimeout(context.Background(), brokerWait)
		err := waitBroker(ctx)
		cancel()
		if err != nil {
			fmt.Fprintln(os.Stderr, "wire:", err)
			return 1
		}
	}
	return m.Run()
}

// prepareNode finds node and installs the pinned sailor when it is missing,
// as the benchmark does. A missing node or npm is a reason to skip; a failed
// install is an error.
func prepareNode(dir string) (skip string, err error) {
	nodeBinary, err = exec.LookPath("node")
	if err != nil {
		return "node is not installed: the wire comparison runs the official Node.js sailor", nil
	}
	runJS := filepath.Join(dir, "node_modules", "elasticio-sailor-nodejs", "run.js")
	if _, err := os.Stat(runJS); err == nil {
		return "", nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "npm is not installed: it is needed once to install the Node.js sailor into bench/node", nil
	}
	fmt.Fprintln(os.Stderr, "wire: npm install (once) in", dir)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--no-package-lock", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install in %s: %v\n%s", dir, err, out)
	}
	if _, err := os.Stat(runJS); err != nil {
		return "", fmt.Errorf("npm install in %s did not install %s", dir, runJS)
	}
	return "", nil
}

// waitBroker returns once the broker accepts a connection, saying once on
// stderr that it waits.
func waitBroker(ctx context.Context) error {
	said := false
	for {
		conn, err := amqp.Dial(brokerURI)
		if err == nil {
			_ = conn.Close()
			if said {
				fmt.Fprintln(os.Stderr, "wire: RabbitMQ is back")
			}
			return nil
		}
		if !said {
			fmt.Fprintf(os.Stderr, "wire: waiting for RabbitMQ at %s (%v)\n", redactURI(brokerURI), err)
			said = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("RabbitMQ at %s did not answer: %w", redactURI(brokerURI), errors.Join(ctx.Err(), err))
		case <-time.After(time.Second):
		}
	}
}

func redactURI(uri string) string {
	if at := strings.LastIndex(uri, "@"); at >= 0 {
		if scheme := strings.Index(uri, "://"); scheme >= 0 && scheme < at {
			return uri[:scheme+3] + "***" + uri[at:]
		}
	}
	return uri
}
