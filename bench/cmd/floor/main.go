// Command floor runs the bare amqp091-go loop (package bench/floor) with the
// sailor's environment variables, so the benchmark starts it exactly as it
// starts a worker. BENCH_CPUPROFILE names a CPU profile written from start
// to SIGTERM, to hold the worker's profile against (e2e -profile).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"syscall"

	"github.com/elasticio/gotowebinar-component/bench/floor"
)

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	prefetch, _ := strconv.Atoi(os.Getenv("ELASTICIO_RABBITMQ_PREFETCH_SAILOR"))
	err := floor.Run(ctx, floor.Config{
		URI:        os.Getenv("ELASTICIO_AMQP_URI"),
		Queue:      os.Getenv("ELASTICIO_LISTEN_MESSAGES_ON"),
		Exchange:   os.Getenv("ELASTICIO_PUBLISH_MESSAGES_TO"),
		RoutingKey: os.Getenv("ELASTICIO_DATA_ROUTING_KEY"),
		Prefetch:   prefetch,
	})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
