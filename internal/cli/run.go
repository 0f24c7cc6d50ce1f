package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/platform"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/amqpbus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// runCommand is message-processing mode (sailor-protocol.md 3.1), or
// shutdown-hook mode (3.8) when ELASTICIO_HOOK_SHUTDOWN is set.
func (app App) runCommand(ctx context.Context, args []string, env Env, stdio IO) error {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			app.usage(stdio.Stdout)
			return nil
		}
		return fmt.Errorf("%w: run takes no arguments", errUsage)
	}
	st, err := settings.Load(env)
	if err != nil {
		return err // every missing or invalid variable, in one error; exit 1
	}
	log, err := bunyan.NewLogger(stdio.Stdout, "sailor", st.LogLevel, st.LogContext)
	if err != nil {
		return err
	}
	log.Info("sailor starting") // signals are handled from here on
	gc := workerGCPolicy(env, cgroupMemoryLimit())
	gc.apply()
	if gc != (gcPolicy{}) {
		log.WithFields(logrus.Fields{"gcPercent": gc.Percent, "memoryLimitBytes": gc.Limit}).Debug("collector set for a worker")
	}
	fail := func(err error) error {
		log.WithError(err).Log(logrus.FatalLevel, "start-up failed") // Log, not Fatal: Fatal would exit before deferred closes
		return &exitError{code: 1}
	}
	reg, comp, err := app.registry(env)
	if err != nil {
		return fail(err)
	}
	api, err := platform.NewClient(platform.Config{
		BaseURL: st.APIURI, Username: st.APIUsername, APIKey: st.APIKey,
		RetryAttempts: st.APIRequestRetryAttempts, RetryDelay: st.APIRequestRetryDelay,
		Logger: log,
	})
	if err != nil {
		return fail(err)
	}
	if st.HookShutdown {
		if err := runShutdownHook(ctx, st, api, reg, log); err != nil {
			return fail(err)
		}
		return nil
	}
	fn, err := comp.Function(st.Function)
	if err != nil {
		return fail(err)
	}
	objects, err := objectStorage(st, log)
	if err != nil {
		return fail(err)
	}

	transport, err := amqpbus.Dial(ctx, amqpbus.Config{
		URI: st.AMQPURI, ConnectionName: connectionName(env), ReconnectMaxWait: st.ReconnectMaxWait,
		Heartbeat: st.Heartbeat, Logger: log,
	})
	if err != nil {
		if ctx.Err() != nil {
			log.Info("stopped by a signal before the broker answered")
			return nil
		}
		return fail(err) // no error event: there is no broker to carry it
	}
	defer transport.Close()
	report := func(err error) {
		// The broker is up: tell the platform why the step stops.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reportTimeout)
		defer cancel()
		if rerr := sailor.ReportStartupError(rctx, st, transport, err); rerr != nil {
			log.WithError(rerr).Error("start-up error could not be published")
		}
	}

	sl, err := startStep(ctx, st, api, reg, transport, log, stepOptions{
		objects: objects, skipResolve: !fn.AutoResolveObjectReferences(),
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			log.Info("stopped by a signal during start-up")
			return nil
		}
		report(err)
		return fail(err)
	}
	log.Info("Fully initialized and waiting for messages")
	err = sl.Run(ctx)
	switch {
	case err == nil:
		log.Info("shut down gracefully")
		return nil
	case errors.Is(err, sailor.ErrShutdownTimeout):
		log.WithError(err).Error("shutdown deadline passed; unfinished messages are left to the broker")
	default:
		// Consumption could not be started or restored (queue missing or
		// deleted, broker away for longer than the reconnect bound): exit
		// rather than idle, so the platform restarts the container.
		report(err)
		log.WithError(err).Log(logrus.FatalLevel, "message processing stopped")
	}
	return &exitError{code: 1}
}

// reportTimeout bounds the publish of a start-up or consume error, so a
// broker that went away cannot keep the process from exiting.
const reportTimeout = 10 * time.Second

// connectionName prefixes the AMQP connection names ("<name>-read",
// "<name>-write"): the host name, as the Node sailor does, unless
// ELASTICIO_AMQP_CONNECTION_NAME (ours) sets another, which lets tests and
// operators tell apart processes that share a host.
func connectionName(env Env) string {
	if name, ok := env("ELASTICIO_AMQP_CONNECTION_NAME"); ok && name != "" {
		return name
	}
	host, _ := os.Hostname()
	return host
}

// objectStorage is the lightweight-message store, or nil when
// ELASTICIO_OBJECT_STORAGE_URI is unset.
func objectStorage(st *settings.Settings, log *logrus.Entry) (sailor.ObjectStore, error) {
	if st.ObjectStorageURI == "" {
		return nil, nil
	}
	return platform.NewObjectStorage(st.ObjectStorageURI, st.ObjectStorageToken, nil, st.FlowID, st.StepID,
		platform.WithObjectLogger(log))
}

// stepOptions are the parts of a sailor's configuration that do not come
// from the step data.
type stepOptions struct {
	objects     sailor.ObjectStore
	skipResolve bool
}

// startStep fetches the step, runs the startup and init hooks and returns
// the sailor ready to consume.
func startStep(ctx context.Context, st *settings.Settings, api *platform.Client, reg *sailor.Registry,
	t sailor.Transport, log *logrus.Entry, opts stepOptions) (*sailor.Sailor, error) {
	step, err := api.StepData(ctx, st.FlowID, st.StepID)
	if err != nil {
		return nil, err
	}
	hooks := reg.HooksOf()
	sreq := &sailor.ServiceRequest{
		Config: step.Config, Logger: log,
		Keys: sailor.AccountKeys(api, step.Config),
	}
	if st.StartupRequired {
		var state any
		if hooks.Startup != nil {
			if state, err = hooks.Startup(ctx, sreq); err != nil {
				// The hook's own words are the step's error, as the Node
				// sailor sends them; the log says which hook failed.
				log.WithError(err).Error("startup hook failed")
				return nil, err
			}
		} else {
			log.Warn("startup hook required but the component has none; storing empty state")
		}
		if err := api.PutStartupState(ctx, st.FlowID, state); err != nil {
			return nil, err
		}
	}
	if hooks.Init != nil {
		if err := hooks.Init(ctx, sreq); err != nil {
			log.WithError(err).Error("init hook failed")
			return nil, err
		}
	}
	return sailor.New(sailor.Config{
		Settings: st, Transport: t, Registry: reg, Accounts: api, Logger: log,
		ComponentLogger: bunyan.ComponentLogger(log),
		StoredConfig: func(ctx context.Context) (map[string]any, error) {
			step, err := api.StepData(ctx, st.FlowID, st.StepID)
			if err != nil {
				return nil, err
			}
			return step.Config, nil
		},
		Objects: opts.objects, SkipObjectResolution: opts.skipResolve,
		Step: sailor.Step{
			Config: step.Config, Snapshot: step.Snapshot,
			IsPassthrough: step.IsPassthrough, Variables: step.Variables,
		},
	})
}

// runShutdownHook is the container the platform starts when a flow that
// ran a startup hook stops: state in, shutdown hook, state deleted.
func runShutdownHook(ctx context.Context, st *settings.Settings, api *platform.Client, reg *sailor.Registry, log *logrus.Entry) error {
	step, err := api.StepData(ctx, st.FlowID, st.StepID)
	if err != nil {
		return err
	}
	state, err := api.GetStartupState(ctx, st.FlowID)
	if err != nil {
		return err
	}
	if h := reg.HooksOf().Shutdown; h != nil {
		sreq := &sailor.ServiceRequest{Config: step.Config, Logger: log,
			Keys: sailor.AccountKeys(api, step.Config)}
		if err := h(ctx, sreq, json.RawMessage(state)); err != nil {
			return fmt.Errorf("shutdown hook: %w", err)
		}
	}
	if err := api.DeleteStartupState(ctx, st.FlowID); err != nil {
		return err
	}
	log.Info("shutdown hook done")
	return nil
}
