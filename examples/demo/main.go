// Command demo is the README's first command: the GoToWebinar component on
// the in-memory bus against the built-in sandbox API. It polls the
// newRegistrants trigger (the first poll only remembers where it is),
// creates a registrant with createRegistrant, and polls again twice: the
// new registrant is emitted once, and then never again. Every event the
// platform would receive is printed as a JSON line (exec --compact: without
// the AMQP headers).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gotowebinarcomponent "github.com/elasticio/gotowebinar-component"
	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

func main() {
	if err := demo(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func demo() error {
	srv, creds := fake.NewSandbox(fake.DefaultSeed)
	api := httptest.NewServer(srv)
	defer api.Close()

	webinar, err := upcoming(srv, creds.OrganizerKey)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "gotowebinar-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "cfg.json")
	snapshot := filepath.Join(dir, "snapshot.json")
	if err := writeConfig(cfg, creds, webinar.Key); err != nil {
		return err
	}

	env := creds.Env(api.URL)
	env["LOG_LEVEL"] = "warn"
	email := fmt.Sprintf("ada.lovelace+%d@example.com", time.Now().Unix())
	steps := []struct {
		title, function, input string
	}{
		{"newRegistrants, first poll: remembers where it is, emits nothing", "newRegistrants", `{"body":{}}`},
		{"createRegistrant for webinar " + webinar.Subject, "createRegistrant",
			`{"body":{"firstName":"Ada","lastName":"Lovelace","email":"` + email + `"}}`},
		{"newRegistrants, second poll: the new registrant, once", "newRegistrants", `{"body":{}}`},
		{"newRegistrants, third poll: nothing new", "newRegistrants", `{"body":{}}`},
	}
	app := gotowebinarcomponent.App()
	for i, s := range steps {
		fmt.Printf("# %d. %s\n", i+1, s.title)
		args := []string{"exec", "--compact", "--cfg", cfg, "--snapshot", snapshot, s.function}
		code := app.Run(context.Background(), args, lookup(env), cli.IO{
			Stdin: strings.NewReader(s.input + "\n"), Stdout: os.Stdout, Stderr: os.Stderr,
		})
		if code != 0 {
			return fmt.Errorf("%s exited with %d", s.function, code)
		}
	}
	return nil
}

// upcoming picks the first webinar of the organizer that has not started.
func upcoming(srv *fake.Server, organizer int64) (fake.Webinar, error) {
	now := time.Now()
	for _, w := range srv.Webinars(organizer) {
		if len(w.Times) > 0 && w.Times[0].Start.After(now) {
			return w, nil
		}
	}
	return fake.Webinar{}, fmt.Errorf("the sandbox has no upcoming webinar")
}

func writeConfig(path string, creds fake.SandboxCredentials, webinarKey int64) error {
	cfg := creds.StepConfig()
	cfg["webinarKey"] = strconv.FormatInt(webinarKey, 10)
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func lookup(env map[string]string) cli.Env {
	return func(name string) (string, bool) {
		if v, ok := env[name]; ok {
			return v, true
		}
		return os.LookupEnv(name)
	}
}
