package fake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// DefaultSandboxAddr is where RunSandbox listens unless told otherwise.
const DefaultSandboxAddr = "127.0.0.1:8089"

// shutdownGrace bounds how long RunSandbox waits for open requests.
const shutdownGrace = 5 * time.Second

// SandboxOptions configures RunSandbox.
type SandboxOptions struct {
	// Addr is the listen address; default DefaultSandboxAddr.
	Addr string
	// CfgOut, when set, is the path of a step configuration file written
	// with tokens and the organizer key of the main organizer.
	CfgOut string
	// Seed selects the data set; default DefaultSeed.
	Seed int64
}

// SandboxCredentials is what a client needs to use a sandbox: the OAuth
// app credentials and a ready grant of the main organizer.
type SandboxCredentials struct {
	ClientID     string
	ClientSecret string
	AccessToken  string
	RefreshToken string
	ExpiresIn    int // seconds
	OrganizerKey int64
	AccountKey   int64
}

// NewSandbox returns a seeded Server with default options and a grant for
// its main organizer, for running the fake in-process (exec --sandbox).
func NewSandbox(seed int64) (*Server, SandboxCredentials) {
	srv := New(Options{Seed: seed})
	main := srv.MainOrganizer()
	access, refresh := srv.IssueToken(main.Key)
	return srv, SandboxCredentials{
		ClientID: srv.opts.ClientID, ClientSecret: srv.opts.ClientSecret,
		AccessToken: access, RefreshToken: refresh, ExpiresIn: int(srv.opts.AccessTTL.Seconds()),
		OrganizerKey: main.Key, AccountKey: main.AccountKey,
	}
}

// StepConfig is the credential part of a step configuration holding the
// grant: {"oauth": {...token response...}, "organizerKey": "<key>"}. The
// sandbox command writes it to --cfg-out; in-process users add step fields.
func (c SandboxCredentials) StepConfig() map[string]any {
	return map[string]any{
		"oauth": map[string]any{
			"access_token": c.AccessToken, "refresh_token": c.RefreshToken,
			"expires_in": c.ExpiresIn, "token_type": "Bearer", "scope": Scope,
		},
		"organizerKey": keyString(c.OrganizerKey),
	}
}

// Env is the component's environment pointing at a sandbox served at
// baseURL: the API and OAuth bases and the app credentials.
func (c SandboxCredentials) Env(baseURL string) map[string]string {
	return map[string]string{
		"GOTO_API_URL": baseURL, "GOTO_AUTH_URL": baseURL,
		"CITRIX_APP_ID": c.ClientID, "CITRIX_APP_SECRET": c.ClientSecret,
	}
}

// RunSandbox serves a seeded fake on opts.Addr until ctx is cancelled, then
// shuts down gracefully. Once listening it prints the environment for the
// component as `export NAME=value` lines to stdout (GOTO_API_URL,
// GOTO_AUTH_URL, CITRIX_APP_ID, CITRIX_APP_SECRET) and, with CfgOut,
// writes a step configuration holding a grant of the main organizer.
func RunSandbox(ctx context.Context, opts SandboxOptions, stdout io.Writer) error {
	if opts.Addr == "" {
		opts.Addr = DefaultSandboxAddr
	}
	srv, creds := NewSandbox(opts.Seed)
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("fake: sandbox: listen: %w", err)
	}
	base := "http://" + ln.Addr().String()
	if opts.CfgOut != "" {
		if err := writeStepConfig(opts.CfgOut, creds); err != nil {
			ln.Close()
			return err
		}
	}
	env := creds.Env(base)
	for _, name := range []string{"GOTO_API_URL", "GOTO_AUTH_URL", "CITRIX_APP_ID", "CITRIX_APP_SECRET"} {
		if _, err = fmt.Fprintf(stdout, "export %s=%s\n", name, env[name]); err != nil {
			break
		}
	}
	if err != nil {
		ln.Close()
		return fmt.Errorf("fake: sandbox: print environment: %w", err)
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("fake: sandbox: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("fake: sandbox: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("fake: sandbox: serve: %w", err)
	}
	return nil
}

func writeStepConfig(path string, creds SandboxCredentials) error {
	data, err := json.MarshalIndent(creds.StepConfig(), "", "  ")
	if err != nil {
		return fmt.Errorf("fake: sandbox: encode config: %w", err)
	}
	// The file holds tokens: readable by the owner only.
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("fake: sandbox: write config: %w", err)
	}
	return nil
}
