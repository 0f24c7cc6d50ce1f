package cli_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gotowebinarcomponent "github.com/elasticio/gotowebinar-component"
	"github.com/elasticio/gotowebinar-component/internal/cli"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"LOG_LEVEL": "warn"}
	code = gotowebinarcomponent.App().Run(context.Background(), args,
		func(name string) (string, bool) { v, ok := env[name]; return v, ok },
		cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

// settingsEnv is every variable the settings package documents reading
// ("X is ELASTICIO_..." in its field docs).
func settingsEnv(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile("../sailor/settings/" + file)
	require.NoError(t, err)
	var names []string
	for _, m := range regexp.MustCompile(`\bis (ELASTICIO_[A-Z0-9_]+|LOG_LEVEL)\b`).FindAllStringSubmatch(string(data), -1) {
		names = append(names, m[1])
	}
	require.NotEmpty(t, names)
	return names
}

var componentEnv = []string{"CITRIX_APP_ID", "CITRIX_APP_SECRET", "GOTO_API_URL", "GOTO_AUTH_URL"}

func TestHelpOfEveryCommand(t *testing.T) {
	cases := []struct {
		args []string
		want []string // flags and variables the help must name
	}{
		{[]string{"--help"}, append([]string{"run", "service", "exec", "sandbox", "version", "ELASTICIO_FUNCTION", "LOG_LEVEL"}, componentEnv...)},
		{[]string{"help"}, []string{"exec <function>", "CITRIX_APP_ID"}},
		{[]string{"run", "--help"}, append(settingsEnv(t, "settings.go"), append(componentEnv, "ELASTICIO_AMQP_CONNECTION_NAME", "ELASTICIO_TENANT_ID")...)},
		{[]string{"service", "--help"}, append(settingsEnv(t, "service.go"), append(componentEnv, "-cfg", "-function", "-model", "-sandbox", "verifyCredentials")...)},
		{[]string{"exec", "--help"}, append([]string{"-in", "-cfg", "-snapshot", "-sandbox", "-compact", "-reply-to", "-passthrough", "LOG_LEVEL", "examples/"}, componentEnv...)},
		{[]string{"exec", "getWebinar", "-h"}, []string{"-compact"}},
		{[]string{"sandbox", "--help"}, append([]string{"-addr", "-cfg-out", "-seed", "127.0.0.1:8089"}, componentEnv...)},
		{[]string{"version", "--help"}, []string{"version", "commit"}},
		{[]string{"help", "service"}, []string{"ELASTICIO_POST_RESULT_URL"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, "", c.args...)
			assert.Equal(t, 0, code, "asking for help succeeds")
			assert.Empty(t, errOut, "help goes to stdout")
			assert.True(t, strings.HasPrefix(out, "Usage: gotowebinar"), "starts with a usage line:\n%s", out)
			for _, w := range c.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

func TestHelpOfASubcommandIsAboutIt(t *testing.T) {
	_, execHelp, _ := run(t, "", "exec", "--help")
	_, helpExec, _ := run(t, "", "help", "exec")
	assert.Equal(t, execHelp, helpExec, "`help exec` is `exec --help`")
	assert.NotContains(t, execHelp, "ELASTICIO_LISTEN_MESSAGES_ON", "exec makes up the queue itself")
	_, sandboxHelp, _ := run(t, "", "sandbox", "--help")
	assert.Contains(t, sandboxHelp, "reads none")
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		args       []string
		code       int
		stderrHas  string
		stdoutFrom string
	}{
		{[]string{"bogus"}, 2, `unknown command "bogus"`, ""},
		{[]string{"exec"}, 2, "exec needs exactly one function name", ""},
		{[]string{"exec", "getWebinar", "listWebinars"}, 2, "exactly one function", ""},
		{[]string{"exec", "--no-such-flag", "getWebinar"}, 2, "flag provided but not defined", ""},
		{[]string{"service"}, 2, "exactly one method", ""},
		{[]string{"version", "extra"}, 2, "version takes no arguments", ""},
		{[]string{"run", "extra"}, 2, "run takes no arguments", ""},
		{[]string{"exec", "--sandbox", "noSuchFunction"}, 1, "noSuchFunction", ""},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, "", c.args...)
			assert.Equal(t, c.code, code)
			assert.Contains(t, errOut, c.stderrHas)
			assert.Empty(t, out, "nothing on stdout")
		})
	}
}

func TestRunWithoutEnvironmentNamesWhatIsMissing(t *testing.T) {
	code, _, errOut := run(t, "", "run")
	assert.Equal(t, 1, code)
	for _, name := range []string{"ELASTICIO_FLOW_ID", "ELASTICIO_AMQP_URI", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD"} {
		assert.Contains(t, errOut, name)
	}
}

func TestVersionPrintsVersionAndCommit(t *testing.T) {
	code, out, errOut := run(t, "", "version")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	assert.Regexp(t, `^gotowebinar \S+ commit \S+\n$`, out)
	assert.Equal(t, "gotowebinar "+cli.Version()+"\n", out)
}

func TestExecFailingMessageExitsOne(t *testing.T) {
	// getWebinar without a webinarKey: the message ends in an error event.
	code, out, errOut := run(t, `{"body":{}}`+"\n", "exec", "--sandbox", "--compact", "getWebinar")
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, out, `"event":"error"`)
	assert.Contains(t, out, "webinarKey")
	assert.NotContains(t, out, `"headers"`, "--compact")
	assert.Contains(t, errOut, "1 message(s) ended in error")
}
