// Command profworker is the test component's run mode (cmd/testcomponent
// run: the same cli.App, component.json and registry) with pprof around it.
// BENCH_LOG_BUFFER=1 buffers the log output (flushed every 100 ms and at
// exit) instead of one write(2) per record: the experiment behind the
// logging finding of BENCHMARKS.md. BENCH_CPUPROFILE names a CPU profile written from start to SIGTERM;
// BENCH_MEMPROFILE an allocation profile written at SIGTERM. The benchmark
// starts it as the worker of implementations "goprof" and "gobuf".
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/testcomponent"
)

func main() {
	os.Exit(run())
}

// run returns the exit code of the run command once the profiles are
// written and the log is flushed.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "profworker:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "profworker:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if path := os.Getenv("BENCH_MEMPROFILE"); path != "" {
		// The default sampling rate (one per 512 KiB) keeps the CPU profile
		// undisturbed; a finer rate shows up as mProf_Malloc in it.
		defer func() {
			if f, err := os.Create(path); err == nil {
				_ = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	var out io.Writer = os.Stdout
	if os.Getenv("BENCH_LOG_BUFFER") == "1" {
		bw := newFlushingWriter(os.Stdout, 100*time.Millisecond)
		defer bw.Close()
		out = bw
	}
	app := cli.App{
		Name:          "testcomponent",
		ComponentJSON: testcomponent.ComponentJSON,
		NewRegistry: func(env cli.Env) (*sailor.Registry, error) {
			_, noStartup := env("TESTCOMPONENT_NO_STARTUP_HOOK")
			return testcomponent.NewRegistry(testcomponent.Options{NoStartupHook: noStartup})
		},
	}
	return app.Run(ctx, []string{"run"}, os.LookupEnv, cli.IO{Stdin: os.Stdin, Stdout: out, Stderr: os.Stderr})
}

// flushingWriter is a bufio.Writer shared by concurrent writers and flushed
// on a timer.
type flushingWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newFlushingWriter(w io.Writer, every time.Duration) *flushingWriter {
	f := &flushingWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				f.mu.Lock()
				_ = f.w.Flush()
				f.mu.Unlock()
			case <-f.stop:
				return
			}
		}
	}()
	return f
}

func (f *flushingWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(p)
}

func (f *flushingWriter) Close() error {
	close(f.stop)
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Flush()
}
