// Command floor runs the bare amqp091-go loop (package bench/floor) with the
// sailor's environment variables, so the benchmark starts it exactly as it
// starts a worker.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/elasticio/gotowebinar-component/bench/floor"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
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
		os.Exit(1)
	}
}
