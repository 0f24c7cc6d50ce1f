package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/platform"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// serviceCommand answers verifyCredentials, getMetaModel and selectModel
// (sailor-protocol.md 8): the result goes to ELASTICIO_POST_RESULT_URL as
// {"status":"success"|"error","data":...}; locally, with --cfg and no
// result URL, it is printed.
func (app App) serviceCommand(ctx context.Context, args []string, env Env, stdio IO) error {
	fs := flag.NewFlagSet(app.Name+" service", flag.ContinueOnError)
	fs.SetOutput(stdio.Stderr)
	cfgFile := fs.String("cfg", "", "configuration JSON `FILE` (instead of ELASTICIO_CFG); prints the result when ELASTICIO_POST_RESULT_URL is unset")
	function := fs.String("function", "", "trigger or action (instead of ELASTICIO_ACTION_OR_TRIGGER)")
	model := fs.String("model", "", "select model name (instead of ELASTICIO_GET_MODEL_METHOD)")
	sandbox := false
	if app.Sandbox != nil {
		fs.BoolVar(&sandbox, "sandbox", false, "run against the built-in fake API with sandbox credentials")
	}
	fs.Usage = func() {
		fmt.Fprintf(stdio.Stderr, "Usage: %s service [flags] verifyCredentials|getMetaModel|selectModel\n\nFlags:\n", app.Name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorderFlags(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: 2}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, err: errors.New("service needs exactly one method")}
	}
	method := fs.Arg(0)

	local := map[string]string{}
	if *function != "" {
		local["ELASTICIO_ACTION_OR_TRIGGER"] = *function
	}
	if *model != "" {
		local["ELASTICIO_GET_MODEL_METHOD"] = *model
	}
	compEnv := env
	var sandboxCfg map[string]any
	if sandbox {
		overrides, cfg, stop, err := app.Sandbox.Start(ctx)
		if err != nil {
			return fmt.Errorf("service: start sandbox: %w", err)
		}
		defer stop()
		compEnv = overlayEnv(env, overrides)
		sandboxCfg = cfg
	}
	if *cfgFile != "" {
		cfg, err := readJSONObject(*cfgFile)
		if err != nil {
			return fmt.Errorf("service: --cfg: %w", err)
		}
		for k, v := range sandboxCfg {
			if _, set := cfg[k]; !set {
				cfg[k] = v
			}
		}
		raw, _ := json.Marshal(cfg)
		local["ELASTICIO_CFG"] = string(raw)
	}
	svcEnv := overlayEnv(compEnv, local)
	svc, err := settings.LoadService(svcEnv)
	if err != nil {
		return app.postSettingsError(ctx, svcEnv, err, stdio)
	}
	log, err := bunyan.NewLogger(stdio.Stderr, "sailor", svc.LogLevel, svc.LogContext)
	if err != nil {
		return err
	}
	if svc.PostResultURL == "" && *cfgFile != "" {
		return app.serviceLocally(ctx, method, svc, compEnv, log, stdio.Stdout)
	}
	return app.serviceForPlatform(ctx, method, svc, compEnv, log)
}

func (app App) serviceLocally(ctx context.Context, method string, svc *settings.Service, env Env, log *logrus.Entry, stdout io.Writer) error {
	if err := svc.Validate(method); err != nil && !onlyPlatformMissing(err) {
		return err
	}
	data, err := app.callService(ctx, method, svc, env, printKeys{w: stdout}, log)
	res := platform.SuccessResult(data)
	if err != nil {
		res = platform.ErrorResult(err.Error())
	}
	out, _ := json.Marshal(res)
	fmt.Fprintf(stdout, "%s\n", out)
	if err != nil {
		return &exitError{code: 1}
	}
	return nil
}

// onlyPlatformMissing lets a local call go without the platform's
// variables (result URL, API credentials), which it does not use.
func onlyPlatformMissing(err error) bool {
	var se *settings.Error
	if !errors.As(err, &se) || len(se.Invalid) > 0 {
		return false
	}
	for _, name := range se.Missing {
		switch name {
		case "ELASTICIO_POST_RESULT_URL", "ELASTICIO_API_URI", "ELASTICIO_API_USERNAME", "ELASTICIO_API_KEY":
		default:
			return false
		}
	}
	return true
}

func (app App) serviceForPlatform(ctx context.Context, method string, svc *settings.Service, env Env, log *logrus.Entry) error {
	if svc.PostResultURL == "" {
		log.Log(logrus.FatalLevel, "ELASTICIO_POST_RESULT_URL is missing")
		return &exitError{code: 1, err: errors.New("settings: missing ELASTICIO_POST_RESULT_URL")}
	}
	api, err := platform.NewClient(platform.Config{
		BaseURL: svc.APIURI, Username: svc.APIUsername, APIKey: svc.APIKey,
		RetryAttempts: svc.APIRequestRetryAttempts, RetryDelay: svc.APIRequestRetryDelay, Logger: log,
	})
	var res platform.ServiceResult
	switch {
	case err != nil:
		res = platform.ErrorResult(err.Error())
	default:
		if problem := svc.NodeProblem(method); problem != "" {
			res = platform.ErrorResult(problem)
			break
		}
		keys := sailor.AccountKeys(api, svc.Cfg)
		data, cerr := app.callService(ctx, method, svc, env, loggedKeys{keys: keys, log: log}, log)
		if cerr != nil {
			res = platform.ErrorResult(cerr.Error())
		} else {
			res = platform.SuccessResult(data)
		}
	}
	poster := platform.NewResultPoster(platform.Config{
		RetryAttempts: svc.APIRequestRetryAttempts, RetryDelay: svc.APIRequestRetryDelay, Logger: log,
	})
	if err := poster.PostServiceResult(ctx, svc.PostResultURL, res); err != nil {
		log.WithError(err).Log(logrus.FatalLevel, "service result not delivered")
		return &exitError{code: 1}
	}
	return nil
}

// postSettingsError posts a service call's unusable settings as its error
// result when the result URL is known, so that the platform shows why
// instead of waiting in vain, and returns err for the exit status.
func (app App) postSettingsError(ctx context.Context, env Env, err error, stdio IO) error {
	url, _ := env("ELASTICIO_POST_RESULT_URL")
	if url == "" {
		return err
	}
	log, lerr := bunyan.NewLogger(stdio.Stderr, "sailor", "info", nil)
	if lerr != nil {
		return err
	}
	poster := platform.NewResultPoster(platform.Config{
		RetryAttempts: settings.DefaultAPIRequestRetryAttempts, RetryDelay: settings.DefaultAPIRequestRetryDelay, Logger: log,
	})
	if perr := poster.PostServiceResult(ctx, url, platform.ErrorResult(err.Error())); perr != nil {
		log.WithError(perr).Error("service result not delivered")
	}
	return err
}

// callService runs one method and returns its result data.
func (app App) callService(ctx context.Context, method string, svc *settings.Service, env Env, keys sailor.KeysUpdater, log *logrus.Entry) (any, error) {
	reg, _, err := app.registry(env)
	if err != nil {
		return nil, err
	}
	req := &sailor.ServiceRequest{Config: svc.Cfg, Keys: keys, Logger: log}
	return sailor.CallService(ctx, reg, method, svc.ActionOrTrigger, svc.GetModelMethod, req)
}

// loggedKeys stores keys but, as the Node sailor does in service mode, only
// logs a failure: the result of the call matters more.
type loggedKeys struct {
	keys sailor.KeysUpdater
	log  *logrus.Entry
}

func (l loggedKeys) UpdateKeys(ctx context.Context, keys map[string]any) error {
	if err := l.keys.UpdateKeys(ctx, keys); err != nil {
		l.log.WithError(err).Error("updateKeys in service mode failed")
	}
	return nil
}

// printKeys shows updated keys in local service calls.
type printKeys struct{ w io.Writer }

func (p printKeys) UpdateKeys(_ context.Context, keys map[string]any) error {
	body, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(p.w, "{\"event\":\"updateKeys\",\"body\":%s}\n", body)
	return err
}
