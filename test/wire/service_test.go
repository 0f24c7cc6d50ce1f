//go:build nodewire

package wire_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// serviceCall is one call of service mode (sailor-protocol.md section 8),
// made of both sailors: what they post to ELASTICIO_POST_RESULT_URL and the
// other platform calls they make are compared as the run scenarios'
// outputs are.
type serviceCall struct {
	name   string
	method string // verifyCredentials, getMetaModel or selectModel
	cfg    string // ELASTICIO_CFG
	// actionOrTrigger and modelMethod are ELASTICIO_ACTION_OR_TRIGGER and
	// ELASTICIO_GET_MODEL_METHOD, left unset when empty.
	actionOrTrigger, modelMethod string
}

func serviceCalls() []serviceCall {
	return []serviceCall{
		{name: "verified", method: "verifyCredentials", cfg: `{"token":"good"}`},
		{
			// A refusal is still a successful call: verified false, with
			// the reason.
			name: "refused", method: "verifyCredentials", cfg: `{"token":"bad"}`,
		},
		{name: "metaModel", method: "getMetaModel", cfg: `{}`, actionOrTrigger: "passthrough"},
		{
			// Keys the method stores are PUT to the account before the
			// result is posted.
			name: "metaModelKeys", method: "getMetaModel", actionOrTrigger: "passthrough",
			cfg: `{"_account":"` + accountID + `","newKeys":{"oauth":{"access_token":"at-meta-1","expires_in":3600}}}`,
		},
		{name: "metaModelFails", method: "getMetaModel", cfg: `{"failMeta":true}`, actionOrTrigger: "passthrough"},
		{name: "selectModel", method: "selectModel", cfg: `{}`, actionOrTrigger: "passthrough", modelMethod: "listChoices"},
		{
			name: "unknownModel", method: "selectModel", cfg: `{}`,
			actionOrTrigger: "passthrough", modelMethod: "noSuchModel",
		},
		{name: "badConfig", method: "verifyCredentials", cfg: `{"token":`},
		{name: "noActionOrTrigger", method: "getMetaModel", cfg: `{}`},
		{name: "unknownMethod", method: "getWebhooks", cfg: `{}`},
	}
}

// TestService makes each service call of both sailors and fails on any
// difference not in the exceptions list.
func TestService(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	for _, call := range serviceCalls() {
		t.Run(call.name, func(t *testing.T) {
			t.Parallel()
			api := newPlatform("wire-flow-service", stepID, nil, platformOptions{})
			defer api.Close()
			r := &scenarioRun{}
			for _, s := range []struct {
				name string
				cmd  func(method string) *exec.Cmd
				into **capture
			}{
				{"go", func(m string) *exec.Cmd { return exec.Command(goBinary, "service", m) }, &r.goSide},
				{"node", func(m string) *exec.Cmd {
					cmd := exec.Command(nodeBinary, "node_modules/elasticio-sailor-nodejs/runService.js", m)
					cmd.Dir = nodeDir
					return cmd
				}, &r.nodeSide},
			} {
				cmd := s.cmd(call.method)
				cmd.Env = serviceEnv(call, api.URL())
				*s.into = runService(t, s.name, cmd, api)
			}
			reportRun(t, scenario{name: "service/" + call.name, function: call.method}, r, "service call")
		})
	}
}

// resultPath is where the fake platform takes service results; the URL
// carries its own credentials, as the platform's does.
const resultPath = "/v1/exec/result/wire-service-1"

func serviceEnv(call serviceCall, apiURI string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"ELASTICIO_POST_RESULT_URL=" + strings.Replace(apiURI, "http://", "http://result-user:result%40pass@", 1) + resultPath,
		"ELASTICIO_CFG=" + call.cfg,
		"ELASTICIO_API_URI=" + apiURI, "ELASTICIO_API_USERNAME=" + apiUser, "ELASTICIO_API_KEY=" + apiKey,
	}
	if call.actionOrTrigger != "" {
		env = append(env, "ELASTICIO_ACTION_OR_TRIGGER="+call.actionOrTrigger)
	}
	if call.modelMethod != "" {
		env = append(env, "ELASTICIO_GET_MODEL_METHOD="+call.modelMethod)
	}
	return env
}

// runService runs one service call to its exit and returns what the
// platform saw.
func runService(t *testing.T, side string, cmd *exec.Cmd, api *platform) *capture {
	t.Helper()
	api.take()
	logs := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s service: %v", side, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	c := &capture{side: side, settled: "no input (service call)", sent: time.Now()}
	select {
	case err := <-done:
		c.exit = "exit status 0"
		if err != nil {
			c.exit = err.Error()
		}
	case <-time.After(serviceTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%s service did not exit within %s\n--- its log ---\n%s", side, serviceTimeout, tail(logs.String()))
	}
	c.collected = time.Now()
	c.api = api.take()
	if len(c.api) == 0 {
		t.Logf("%s service posted nothing; its log:\n%s", side, tail(logs.String()))
	}
	return c
}

// serviceTimeout bounds one service call; both sailors take well under a
// second.
const serviceTimeout = 30 * time.Second
