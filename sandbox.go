package gotowebinarcomponent

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// sandbox plugs the fake GoToWebinar into the command line: in-process for
// `exec --sandbox` and `service --sandbox`, as a server for `sandbox`.
func sandbox() *cli.Sandbox {
	return &cli.Sandbox{Start: startSandbox, Serve: serveSandbox}
}

func startSandbox(context.Context) (map[string]string, map[string]any, func(), error) {
	srv, creds := fake.NewSandbox(fake.DefaultSeed)
	ts := httptest.NewServer(srv)
	return creds.Env(ts.URL), creds.StepConfig(), ts.Close, nil
}

func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gotowebinar sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := fake.SandboxOptions{}
	fs.StringVar(&opts.Addr, "addr", fake.DefaultSandboxAddr, "listen `address`")
	fs.StringVar(&opts.CfgOut, "cfg-out", "", "write a ready step configuration (credential of the seeded organizer) to `FILE`")
	fs.Int64Var(&opts.Seed, "seed", fake.DefaultSeed, "seed of the generated data (same seed, same keys)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gotowebinar sandbox [flags]\n\n"+
			"Serves a fake GoToWebinar API, OAuth server and /admin/rest/v1/me with seeded data,\n"+
			"and prints the variables that point the component at it as export lines.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	return fake.RunSandbox(ctx, opts, stdout)
}
