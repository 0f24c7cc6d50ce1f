package gotowebinarcomponent

import (
	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/component"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// App is the GoToWebinar component on the shared command line: run,
// service, exec, sandbox, version.
func App() cli.App {
	return cli.App{
		Name:          "gotowebinar",
		ComponentJSON: ComponentJSON,
		NewRegistry:   newRegistry,
		ComponentEnv: []cli.EnvDoc{
			{Name: "CITRIX_APP_ID", Default: "(required)", Meaning: "OAuth client id of the GoTo app"},
			{Name: "CITRIX_APP_SECRET", Default: "(required)", Meaning: "OAuth client secret of the GoTo app"},
			{Name: "GOTO_API_URL", Default: component.DefaultAPIURL, Meaning: "GoToWebinar API base"},
			{Name: "GOTO_AUTH_URL", Default: component.DefaultAuthURL, Meaning: "GoTo OAuth server base"},
		},
		Sandbox: sandbox(),
	}
}

// newRegistry reads the component's own environment and builds its
// function table.
func newRegistry(env cli.Env) (*sailor.Registry, error) {
	get := func(name string) string { v, _ := env(name); return v }
	comp, err := component.New(component.Options{
		AppID:     get("CITRIX_APP_ID"),
		AppSecret: get("CITRIX_APP_SECRET"),
		APIURL:    get("GOTO_API_URL"),
		AuthURL:   get("GOTO_AUTH_URL"),
	})
	if err != nil {
		return nil, err
	}
	return comp.Registry()
}
