package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// Names used for the step that exec simulates.
const (
	localExchange = "local"
	localQueue    = "local:step_1:messages"
	localFlow     = "local-flow"
	localStep     = "step_1"
	localAccount  = "local-account"
	keyData       = "data"
	keyError      = "error"
	keyRebound    = "rebound"
	keySnapshot   = "snapshot"
)

type execOptions struct {
	in, cfg, snapshot, replyTo string
	sandbox, passthrough       bool
	compact                    bool
}

func (app App) execFlags(stderr io.Writer) (*flag.FlagSet, *execOptions) {
	o := &execOptions{}
	fs := flag.NewFlagSet(app.Name+" exec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.in, "in", "", "read input messages, one JSON object per line, from `FILE` (default: stdin)")
	fs.StringVar(&o.cfg, "cfg", "", "step configuration JSON `FILE` (credential and step fields)")
	fs.StringVar(&o.snapshot, "snapshot", "", "snapshot JSON `FILE`, read before and written back after")
	fs.StringVar(&o.replyTo, "reply-to", "", "set the reply_to AMQP header, as a request-reply webhook does")
	fs.BoolVar(&o.passthrough, "passthrough", false, "run the step with passthrough on")
	fs.BoolVar(&o.compact, "compact", false, "leave the AMQP headers out of the printed events (easier to read)")
	if app.Sandbox != nil {
		fs.BoolVar(&o.sandbox, "sandbox", false, "run against the built-in fake API with seeded data and sandbox credentials\n"+
			"(its credential fills the keys --cfg does not set)")
	}
	fs.Usage = func() { app.execUsage(fs.Output(), fs) }
	return fs, o
}

func (app App) execCommand(ctx context.Context, args []string, env Env, stdio IO) error {
	fs, o := app.execFlags(stdio.Stderr)
	if wantsHelp(args) { // asked for: on stdout, exit 0
		fs.SetOutput(stdio.Stdout)
		fs.Usage()
		return nil
	}
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: 2}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("exec needs exactly one function name")}
	}
	function := fs.Arg(0)

	cfg, err := readJSONObject(o.cfg)
	if err != nil {
		return fmt.Errorf("exec: --cfg: %w", err)
	}
	snapshot, err := readJSONObject(o.snapshot)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("exec: --snapshot: %w", err)
	}
	compEnv := env
	if o.sandbox {
		overrides, sandboxCfg, stop, err := app.Sandbox.Start(ctx)
		if err != nil {
			return fmt.Errorf("exec: start sandbox: %w", err)
		}
		defer stop()
		compEnv = overlayEnv(env, overrides)
		for k, v := range sandboxCfg {
			if _, set := cfg[k]; !set {
				cfg[k] = v
			}
		}
	}
	if _, ok := cfg["_account"]; !ok {
		cfg["_account"] = localAccount
	}

	in := stdio.Stdin
	if o.in != "" {
		f, err := os.Open(o.in)
		if err != nil {
			return fmt.Errorf("exec: --in: %w", err)
		}
		defer f.Close()
		in = f
	}
	rejected, err := app.execMessages(ctx, function, o, cfg, snapshot, in, compEnv, stdio)
	if err != nil {
		return err
	}
	if rejected > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d message(s) ended in error", rejected)}
	}
	return nil
}

// localSettings are the settings of the simulated step: the required
// variables are filled in, optional ones (throttles, protocol version, ...)
// still come from the environment.
func localSettings(function string, env Env) (*settings.Settings, error) {
	password := make([]byte, 16)
	_, _ = rand.Read(password)
	iv := make([]byte, 8)
	_, _ = rand.Read(iv)
	local := map[string]string{
		"ELASTICIO_FLOW_ID": localFlow, "ELASTICIO_EXEC_ID": "local-exec", "ELASTICIO_STEP_ID": localStep,
		"ELASTICIO_CONTAINER_ID": "local-container", "ELASTICIO_WORKSPACE_ID": "local-workspace",
		"ELASTICIO_USER_ID": "local-user", "ELASTICIO_COMP_ID": "local-component",
		"ELASTICIO_FUNCTION": function, "ELASTICIO_API_URI": "http://127.0.0.1:0",
		"ELASTICIO_API_USERNAME": "local", "ELASTICIO_API_KEY": "local",
		"ELASTICIO_AMQP_URI": "amqp://local", "ELASTICIO_LISTEN_MESSAGES_ON": localQueue,
		"ELASTICIO_PUBLISH_MESSAGES_TO": localExchange, "ELASTICIO_DATA_ROUTING_KEY": keyData,
		"ELASTICIO_ERROR_ROUTING_KEY": keyError, "ELASTICIO_REBOUND_ROUTING_KEY": keyRebound,
		"ELASTICIO_SNAPSHOT_ROUTING_KEY": keySnapshot,
		"ELASTICIO_MESSAGE_CRYPTO_IV":    hex.EncodeToString(iv), "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": hex.EncodeToString(password),
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "1",
	}
	return settings.Load(func(name string) (string, bool) {
		if v, ok := local[name]; ok {
			return v, true
		}
		if name == "ELASTICIO_HOOK_SHUTDOWN" || name == "ELASTICIO_STARTUP_REQUIRED" {
			return "", false
		}
		return env(name)
	})
}

func (app App) execMessages(ctx context.Context, function string, o *execOptions, cfg, snapshot map[string]any,
	in io.Reader, env Env, stdio IO) (rejected int, err error) {
	st, err := localSettings(function, env)
	if err != nil {
		return 0, fmt.Errorf("exec: %w", err)
	}
	level, _ := env("LOG_LEVEL")
	if level == "" {
		level = "info"
	}
	log, err := bunyan.NewLogger(stdio.Stderr, "sailor", level, st.LogContext)
	if err != nil {
		return 0, fmt.Errorf("exec: LOG_LEVEL: %w", err)
	}
	reg, comp, err := app.registry(env)
	if err != nil {
		return 0, err
	}
	if _, err := comp.Function(function); err != nil {
		return 0, fmt.Errorf("exec: %w", err)
	}
	out := newEventWriter(stdio.Stdout, st, o.compact)
	bus := membus.New()
	bus.OnPublish(out.publishing)
	sl, err := sailor.New(sailor.Config{
		Settings: st, Transport: bus, Registry: reg, Logger: log, Accounts: out,
		ComponentLogger: bunyan.ComponentLogger(log),
		Step:            sailor.Step{Config: cfg, Snapshot: snapshot, IsPassthrough: o.passthrough},
	})
	if err != nil {
		return 0, fmt.Errorf("exec: %w", err)
	}
	out.cipher = sl.Cipher()
	consumeCtx, stopConsuming := context.WithCancel(ctx)
	defer stopConsuming()
	consumed := make(chan error, 1)
	go func() { consumed <- sl.Run(consumeCtx) }()

	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		d, err := localDelivery(sl, text, o.replyTo)
		if err != nil {
			return rejected, fmt.Errorf("exec: input line %d: %w", line, err)
		}
		outcome, err := bus.Enqueue(localQueue, d).Wait(ctx)
		if err != nil {
			return rejected, fmt.Errorf("exec: input line %d: %w", line, err)
		}
		if outcome == membus.Rejected {
			rejected++
		}
	}
	if err := sc.Err(); err != nil {
		return rejected, fmt.Errorf("exec: read input: %w", err)
	}
	stopConsuming()
	if err := <-consumed; err != nil {
		return rejected, fmt.Errorf("exec: %w", err)
	}
	if err := out.err(); err != nil {
		return rejected, err
	}
	if o.snapshot != "" {
		if err := writeJSONFile(o.snapshot, sl.Snapshot()); err != nil {
			return rejected, fmt.Errorf("exec: --snapshot: %w", err)
		}
	}
	return rejected, nil
}

// localDelivery wraps one input line as the platform would deliver it.
func localDelivery(sl *sailor.Sailor, line []byte, replyTo string) (sailor.Delivery, error) {
	var msg sailor.Message
	if err := json.Unmarshal(line, &msg); err != nil {
		return sailor.Delivery{}, err
	}
	plain, err := json.Marshal(msg)
	if err != nil {
		return sailor.Delivery{}, err
	}
	headers := map[string]any{
		"messageId": sailor.NewUUID(), "threadId": sailor.NewUUID(), "stepId": "step_0",
		"execId": "local-exec", "taskId": localFlow, "userId": "local-user",
		"protocolVersion": int8(1),
	}
	if replyTo != "" {
		headers["reply_to"] = replyTo
	}
	return sailor.Delivery{
		Body:    sl.Cipher().EncodeBody(plain, 1),
		Headers: headers,
		Properties: sailor.Properties{
			ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: 1,
		},
		Exchange: localExchange, RoutingKey: "step_0",
	}, nil
}

func (app App) registry(env Env) (*sailor.Registry, *sailor.ComponentDef, error) {
	comp, err := sailor.ParseComponent(app.ComponentJSON)
	if err != nil {
		return nil, nil, err
	}
	reg, err := app.NewRegistry(env)
	if err != nil {
		return nil, nil, err
	}
	if err := sailor.CheckRegistry(comp, reg); err != nil {
		return nil, nil, err
	}
	return reg, comp, nil
}

func overlayEnv(base Env, over map[string]string) Env {
	return func(name string) (string, bool) {
		if v, ok := over[name]; ok {
			return v, true
		}
		return base(name)
	}
}

func readJSONObject(path string) (map[string]any, error) {
	obj := map[string]any{}
	if path == "" {
		return obj, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return obj, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return obj, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return obj, fmt.Errorf("%s is not a JSON object: %w", path, err)
	}
	return obj, nil
}

func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// reorderFlags lets flags follow the function name (`exec passthrough --in
// f`), which the flag package alone would stop parsing at.
func reorderFlags(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, rest...)
}
