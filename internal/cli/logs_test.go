package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/testcomponent"
)

// What a handler logs is a bunyan record named "component", the name the
// platform's Executions page shows; the runtime's own records are "sailor".
func TestHandlerLogsAreNamedComponent(t *testing.T) {
	t.Parallel()
	app := cli.App{
		Name:          "testcomponent",
		ComponentJSON: testcomponent.ComponentJSON,
		NewRegistry:   func(cli.Env) (*sailor.Registry, error) { return testcomponent.Registry() },
	}
	var out, errOut bytes.Buffer
	code := app.Run(context.Background(), []string{"exec", "passthrough"},
		func(name string) (string, bool) { return "", false },
		cli.IO{Stdin: strings.NewReader(`{"body":{"log":"hello from the handler"}}` + "\n"), Stdout: &out, Stderr: &errOut})
	require.Equal(t, 0, code, errOut.String())

	names := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
		var rec struct{ Name, Msg string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		names[rec.Msg] = rec.Name
	}
	assert.Equal(t, "component", names["hello from the handler"])
	assert.Equal(t, "sailor", names["message acked"])
}
