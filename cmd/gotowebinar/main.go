// Command gotowebinar is the GoToWebinar component for elastic.io: the
// component's functions on an elastic.io-compatible runtime. With no
// arguments it processes messages from RabbitMQ as the platform starts it;
// `gotowebinar --help` lists the other modes (service calls, local runs on
// an in-memory bus, the sandbox API).
package main

import (
	"os"

	gotowebinarcomponent "github.com/elasticio/gotowebinar-component"
	"github.com/elasticio/gotowebinar-component/internal/cli"
)

func main() {
	os.Exit(cli.Main(gotowebinarcomponent.App()))
}
