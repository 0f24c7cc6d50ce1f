// Command testcomponent is the runtime's test component: a handful of
// functions that exercise every event the sailor offers (data, error,
// rebound, snapshot, updateSnapshot, updateKeys, httpReply), on the same
// runtime and subcommands as the product binary. The runtime's integration
// tests and benchmarks run it; it is not deployed.
package main

import (
	"os"

	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/testcomponent"
)

func main() {
	os.Exit(cli.Main(cli.App{
		Name:          "testcomponent",
		ComponentJSON: testcomponent.ComponentJSON,
		NewRegistry: func(env cli.Env) (*sailor.Registry, error) {
			_, noStartup := env("TESTCOMPONENT_NO_STARTUP_HOOK")
			return testcomponent.NewRegistry(testcomponent.Options{NoStartupHook: noStartup})
		},
		ComponentEnv: []cli.EnvDoc{{Name: "TESTCOMPONENT_NO_STARTUP_HOOK", Default: "unset",
			Meaning: "when set, the component has no startup hook"}},
	}))
}
