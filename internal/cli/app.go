// Package cli is the command line shared by the product binary
// (cmd/gotowebinar) and the runtime's test component (cmd/testcomponent):
// run, service, exec, sandbox, version. Each binary supplies its component
// as an App; the runtime underneath is the same.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Env looks up an environment variable; main passes os.LookupEnv, tests a map.
type Env func(name string) (string, bool)

// App describes one component binary.
type App struct {
	// Name is the binary's name, for help texts.
	Name string
	// ComponentJSON is the component's component.json, embedded in the binary.
	ComponentJSON []byte
	// NewRegistry builds the name -> handler table. It reads the component's
	// own configuration (for GoToWebinar: CITRIX_APP_ID, GOTO_API_URL, ...)
	// from env.
	NewRegistry func(env Env) (*sailor.Registry, error)
	// ComponentEnv documents the variables NewRegistry reads, for --help.
	ComponentEnv []EnvDoc
	// Sandbox, when set, offers `exec --sandbox` and the `sandbox` command.
	Sandbox *Sandbox
}

// EnvDoc is one line of the --help table of environment variables.
type EnvDoc struct {
	Name, Default, Meaning string
}

// Sandbox plugs a local fake of the component's remote API into the CLI.
type Sandbox struct {
	// Start runs the fake in-process and returns the env overrides and step
	// config that point the component at it, and a stop function.
	Start func(ctx context.Context) (env map[string]string, cfg map[string]any, stop func(), err error)
	// Serve runs the fake as a server until ctx ends (the sandbox command).
	Serve func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// IO is where a command reads and writes.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Main runs the command line and returns the process exit code.
func Main(app App) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return app.Run(ctx, os.Args[1:], os.LookupEnv, IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
}

// errUsage marks a command-line mistake: exit status 2.
var errUsage = errors.New("usage")

// Run dispatches args[0] to a command and returns the exit code: 0 done,
// 1 failed, 2 a command-line mistake. `<command> --help` prints the
// command's flags and the environment it reads on stdout.
func (app App) Run(ctx context.Context, args []string, env Env, stdio IO) int {
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if wantsHelp(args) && app.helpFor(ctx, cmd, stdio.Stdout) {
		return 0
	}
	var err error
	switch cmd {
	case "run":
		err = app.runCommand(ctx, args, env, stdio)
	case "service":
		err = app.serviceCommand(ctx, args, env, stdio)
	case "exec":
		err = app.execCommand(ctx, args, env, stdio)
	case "sandbox":
		if app.Sandbox == nil {
			err = fmt.Errorf("%w: %s has no sandbox", errUsage, app.Name)
			break
		}
		err = app.Sandbox.Serve(ctx, args, stdio.Stdout, stdio.Stderr)
	case "version", "--version", "-version":
		if len(args) > 0 {
			err = fmt.Errorf("%w: version takes no arguments", errUsage)
			break
		}
		fmt.Fprintln(stdio.Stdout, app.Name, Version())
		return 0
	case "help", "-h", "--help", "-help":
		if len(args) > 0 && app.helpFor(ctx, args[0], stdio.Stdout) {
			return 0
		}
		app.usage(stdio.Stdout)
		return 0
	default:
		app.usage(stdio.Stderr)
		fmt.Fprintf(stdio.Stderr, "\n%s: unknown command %q\n", app.Name, cmd)
		return 2
	}
	return exitCode(err, stdio.Stderr, app.Name)
}

// helpFor prints the help of cmd; false when there is no such command.
func (app App) helpFor(ctx context.Context, cmd string, w io.Writer) bool {
	switch cmd {
	case "run":
		app.runUsage(w)
	case "service":
		app.serviceUsage(ctx, w)
	case "exec":
		fs, _ := app.execFlags(w)
		fs.Usage()
	case "sandbox":
		if app.Sandbox == nil {
			return false
		}
		app.sandboxUsage(ctx, w)
	case "version", "--version", "-version":
		app.versionUsage(w)
	default:
		return false
	}
	return true
}

// exitError carries a chosen exit status for an error already reported.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error, stderr io.Writer, name string) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// version and commit are set by `make build` (and the Dockerfile):
// -ldflags "-X .../internal/cli.version=... -X .../internal/cli.commit=...".
var version, commit string

// Version is the module version and the commit the binary was built from:
// the values `make build` stamps, else Go's build information (module
// version for `go install ...@version`, VCS revision when stamped).
func Version() string {
	v, rev := version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		dirty := ""
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" && commit == "" {
			rev += dirty
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if rev == "" {
		rev = "unknown"
	}
	return v + " commit " + rev
}
