// Command profworker is the test component's run mode (cmd/testcomponent
// run) wired by hand, with pprof: it reads the same environment, fetches the
// step from the platform API, and runs sailor.Sailor on amqpbus in-process.
// BENCH_LOG_BUFFER=1 buffers the log output (flushed every 100 ms and at
// exit) instead of one write(2) per record: the experiment behind the
// logging finding of BENCHMARKS.md. BENCH_CPUPROFILE names a CPU profile written from start to SIGTERM;
// BENCH_MEMPROFILE an allocation profile written at SIGTERM. The benchmark
// starts it as the worker of implementation "goprof".
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

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/platform"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/amqpbus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
	"github.com/elasticio/gotowebinar-component/internal/sailor/testcomponent"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "profworker:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
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
	st, err := settings.Load(os.LookupEnv)
	if err != nil {
		return err
	}
	var out io.Writer = os.Stdout
	if os.Getenv("BENCH_LOG_BUFFER") == "1" {
		bw := newFlushingWriter(os.Stdout, 100*time.Millisecond)
		defer bw.Close()
		out = bw
	}
	log, err := bunyan.NewLogger(out, "sailor", st.LogLevel, st.LogContext)
	if err != nil {
		return err
	}
	reg, err := testcomponent.Registry()
	if err != nil {
		return err
	}
	api, err := platform.NewClient(platform.Config{
		BaseURL: st.APIURI, Username: st.APIUsername, APIKey: st.APIKey,
		RetryAttempts: st.APIRequestRetryAttempts, RetryDelay: st.APIRequestRetryDelay, Logger: log,
	})
	if err != nil {
		return err
	}
	transport, err := amqpbus.Dial(ctx, amqpbus.Config{URI: st.AMQPURI, ConnectionName: "profworker", Logger: log})
	if err != nil {
		return err
	}
	defer transport.Close()
	step, err := api.StepData(ctx, st.FlowID, st.StepID)
	if err != nil {
		return err
	}
	sl, err := sailor.New(sailor.Config{
		Settings: st, Transport: transport, Registry: reg, Accounts: api, Logger: log,
		Step: sailor.Step{Config: step.Config, Snapshot: step.Snapshot, IsPassthrough: step.IsPassthrough, Variables: step.Variables},
	})
	if err != nil {
		return err
	}
	return sl.Run(ctx)
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
