// Command e2e is the end-to-end benchmark of the sailor (issue 8). For each
// scenario and run it declares a step's topology on the local broker
// (input queue, output exchange, data and error queues; uniquely named,
// deleted afterwards), starts a worker with the platform's environment and
// a fake platform API, and measures cold start, latency one message at a
// time, throughput and latency under load, peak RSS and CPU per message.
// Workers: "go" (cmd/testcomponent run, function passthrough), "floor" (the
// bare amqp091-go loop of bench/floor), "node" (the official Node sailor
// with an echo component, bench/node) and, with -profile, "goprof"
// (bench/cmd/profworker: the same runtime in-process with pprof); "gobuf"
// is profworker with buffered log output (the logging experiment). Each
// metric is the median of -runs runs; ratios are taken within one
// invocation so that a noisy machine still compares fairly.
//
//	go run ./bench/cmd/e2e -n 2000 -runs 3
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

type options struct {
	uri, impls, scenarios, profile, root, nodeDir string
	n, nLarge, nThrottled, seq, runs, window      int
	timeout, loadTime                             time.Duration
	keepLogs                                      bool
	workerEnv                                     envList
}

// envList collects repeated -worker-env NAME=VALUE flags.
type envList []string

func (l *envList) String() string { return strings.Join(*l, " ") }

func (l *envList) Set(v string) error {
	if name, _, ok := strings.Cut(v, "="); !ok || name == "" {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	*l = append(*l, v)
	return nil
}

func main() {
	var o options
	flag.StringVar(&o.uri, "amqp", envOr("BENCH_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"), "broker `URI`")
	flag.StringVar(&o.impls, "impls", "go,floor,node", "workers to measure, comma-separated: go, floor, node, goprof, gobuf")
	flag.StringVar(&o.scenarios, "scenarios", "", "only these scenarios (comma-separated names; default all)")
	flag.StringVar(&o.profile, "profile", "", "write CPU and allocation profiles of the goprof worker (and a CPU profile of the floor) into `DIR` (adds goprof to -impls)")
	flag.StringVar(&o.root, "root", ".", "module root (where cmd/testcomponent and bench/ are)")
	flag.StringVar(&o.nodeDir, "node-dir", "", "Node echo component directory (default ROOT/bench/node)")
	flag.IntVar(&o.n, "n", 2000, "messages under load, 64 B scenarios")
	flag.IntVar(&o.nLarge, "n-large", 200, "messages under load, 100 KB scenario")
	flag.IntVar(&o.nThrottled, "n-throttled", 300, "messages under load, default-throttle scenario")
	flag.IntVar(&o.seq, "seq", 100, "messages sent one at a time (latency without load)")
	flag.IntVar(&o.window, "window", 0, "messages in flight under load (default: the scenario's prefetch)")
	flag.IntVar(&o.runs, "runs", 3, "runs per scenario and worker; the table shows medians")
	flag.DurationVar(&o.loadTime, "load-time", 5*time.Second, "longest load phase: a slower worker stops sending there and is measured on what it did")
	flag.DurationVar(&o.timeout, "timeout", 60*time.Second, "longest wait for any one output")
	flag.BoolVar(&o.keepLogs, "keep-logs", false, "keep worker logs in the work directory")
	flag.Var(&o.workerEnv, "worker-env", "`NAME=VALUE` added to every worker's environment, e.g. GOGC=100 (repeatable)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func scenarios(o options) []scenario {
	all := []scenario{
		{Name: "64B-p1", Size: 64, Prefetch: 1, N: o.n},
		{Name: "64B-p10", Size: 64, Prefetch: 10, N: o.n},
		{Name: "100KB-p1", Size: 100 << 10, Prefetch: 1, N: o.nLarge},
		{Name: "64B-p10-throttled", Size: 64, Prefetch: 10, N: o.nThrottled, Throttle: true},
	}
	for i := range all {
		all[i].Window = all[i].Prefetch
		if o.window > 0 {
			all[i].Window = o.window
		}
	}
	if o.scenarios == "" {
		return all
	}
	want := strings.Split(o.scenarios, ",")
	return slices.DeleteFunc(all, func(s scenario) bool { return !slices.Contains(want, s.Name) })
}

func run(ctx context.Context, o options, out io.Writer) error {
	root, err := filepath.Abs(o.root)
	if err != nil {
		return err
	}
	if o.nodeDir == "" {
		o.nodeDir = filepath.Join(root, "bench", "node")
	}
	work, err := os.MkdirTemp("", "sailor-bench-")
	if err != nil {
		return err
	}
	if o.keepLogs {
		fmt.Fprintln(os.Stderr, "work directory:", work)
	} else {
		defer os.RemoveAll(work)
	}
	names := strings.Split(o.impls, ",")
	if o.profile != "" && !slices.Contains(names, "goprof") {
		names = append(names, "goprof")
	}
	var impls []impl
	built := map[string]string{} // package -> binary, so goprof and gobuf share one build
	for _, name := range names {
		im, err := makeImpl(ctx, name, root, work, built, o)
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: skipping %s: %v\n", name, err)
			continue
		}
		impls = append(impls, im)
	}
	if len(impls) == 0 {
		return errors.New("no worker to measure")
	}
	c, err := cipher.New(cryptoPassword, cryptoIV)
	if err != nil {
		return err
	}
	api := newFakePlatform()
	defer api.Close()
	r := &runner{uri: o.uri, seq: o.seq, timeout: o.timeout, loadTime: o.loadTime, cipher: c, api: api, logDir: work, verbose: o.keepLogs, extraEnv: o.workerEnv}

	fmt.Fprintf(out, "# Sailor end-to-end benchmark\n\n%s\n\n", machine(o))
	var summary []row
	for _, sc := range scenarios(o) {
		results := map[string][]result{}
		for i := range o.runs {
			// Workers alternate within a run so that drifting load on the
			// machine hits them alike, in reverse order every other run:
			// a phase that follows another worker's (and the aftermath on
			// the broker of its load, its collector, the queues just
			// deleted) would otherwise always be the same worker's, while
			// neighbours in the list stay back to back for their ratio.
			for k := range impls {
				im := impls[k]
				if i%2 == 1 {
					im = impls[len(impls)-1-k]
				}
				runName := fmt.Sprintf("%s-%s-%d", sc.Name, im.Name, i+1)
				fmt.Fprintf(os.Stderr, "e2e: %s ...", runName)
				res, err := r.one(ctx, im, sc, runName)
				if err != nil {
					fmt.Fprintln(os.Stderr, " failed")
					return fmt.Errorf("%s: %w", runName, err)
				}
				fmt.Fprintf(os.Stderr, " %.0f msg/s\n", res.Throughput)
				if res.OutputChecks != "" {
					return fmt.Errorf("%s: %s", runName, res.OutputChecks)
				}
				results[im.Name] = append(results[im.Name], res)
			}
		}
		rows := printScenario(out, sc, impls, results)
		summary = append(summary, rows...)
	}
	printTargets(out, summary)
	return nil
}

// makeImpl builds (or finds) the worker and says how to start it. built
// remembers the binaries of earlier calls: a package is built once.
func makeImpl(ctx context.Context, name, root, work string, built map[string]string, o options) (impl, error) {
	build := func(pkg, bin string, strip bool) (string, error) {
		if out, ok := built[pkg]; ok {
			return out, nil
		}
		out := filepath.Join(work, bin)
		args := []string{"build", "-trimpath"}
		if strip {
			args = append(args, "-ldflags", "-s -w")
		}
		args = append(args, "-o", out, pkg)
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
		}
		built[pkg] = out
		return out, nil
	}
	direct := func(bin string, args ...string) func([]string) *exec.Cmd {
		return func(env []string) *exec.Cmd {
			cmd := exec.Command(bin, args...)
			cmd.Env = env
			return cmd
		}
	}
	switch name {
	case "go":
		// The Makefile's release flags (BUILD_FLAGS).
		bin, err := build("./cmd/testcomponent", "testcomponent", true)
		if err != nil {
			return impl{}, err
		}
		return impl{Name: name, Cmd: direct(bin, "run")}, nil
	case "floor":
		bin, err := build("./bench/cmd/floor", "floor", true)
		if err != nil {
			return impl{}, err
		}
		env, err := profileEnv(o.profile, false)
		return impl{Name: name, Cmd: direct(bin), Env: env}, err
	case "goprof":
		bin, err := build("./bench/cmd/profworker", "profworker", false)
		if err != nil {
			return impl{}, err
		}
		env, err := profileEnv(o.profile, true)
		return impl{Name: name, Cmd: direct(bin), Env: env}, err
	case "gobuf":
		// The same runtime with buffered logs: what the logging fix gains.
		bin, err := build("./bench/cmd/profworker", "profworker", false)
		if err != nil {
			return impl{}, err
		}
		return impl{Name: name, Cmd: direct(bin), Env: func(string) []string { return []string{"BENCH_LOG_BUFFER=1"} }}, nil
	case "node":
		return nodeImpl(ctx, o.nodeDir)
	}
	return impl{}, fmt.Errorf("unknown worker %q", name)
}

// profileEnv is the environment that makes a worker write its profiles
// into -profile's directory, one file per run: a CPU profile, and an
// allocation profile when allocs is set. It is nil without -profile.
func profileEnv(profile string, allocs bool) (func(run string) []string, error) {
	if profile == "" {
		return nil, nil
	}
	dir, err := filepath.Abs(profile)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return func(run string) []string {
		env := []string{"BENCH_CPUPROFILE=" + filepath.Join(dir, run+".cpu.pprof")}
		if allocs {
			env = append(env, "BENCH_MEMPROFILE="+filepath.Join(dir, run+".allocs.pprof"))
		}
		return env
	}, nil
}

// nodeImpl installs the Node sailor into dir when node and npm are present
// and starts it the way its image does: node run.js in the component dir.
func nodeImpl(ctx context.Context, dir string) (impl, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return impl{}, errors.New("node is not installed")
	}
	runJS := filepath.Join(dir, "node_modules", "elasticio-sailor-nodejs", "run.js")
	if _, err := os.Stat(runJS); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			return impl{}, errors.New("npm is not installed")
		}
		fmt.Fprintln(os.Stderr, "e2e: npm install (once) in", dir)
		cmd := exec.CommandContext(ctx, npm, "install", "--no-package-lock", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			return impl{}, fmt.Errorf("npm install: %v\n%s", err, b)
		}
	}
	return impl{Name: "node", Cmd: func(env []string) *exec.Cmd {
		cmd := exec.Command(nodeBin, runJS)
		cmd.Dir = dir
		cmd.Env = env
		return cmd
	}}, nil
}

func machine(o options) string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	nodeV := "absent"
	if b, err := exec.Command("node", "--version").Output(); err == nil {
		nodeV = strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("Machine: %s, %d CPUs seen by Go; node %s. Runs: %d (medians), "+
		"n=%d (64 B), %d (100 KB), %d (throttled), %d one at a time.",
		cpu, numCPU(), nodeV, o.runs, o.n, o.nLarge, o.nThrottled, o.seq)
}
