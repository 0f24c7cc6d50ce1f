package gotowebinarcomponent

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/component"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// The view classes the platform documents or is known to render
// (sailor-protocol.md 9).
var viewClasses = map[string]bool{
	"TextFieldView": true, "TextAreaView": true, "CheckBoxView": true, "SelectView": true,
	"MultiSelectView": true, "PasswordFieldView": true, "OAuthFieldView": true,
	"TextFieldWithNoteView": true, "TextView": true, "CodeFieldView": true,
}

type manifest struct {
	Title       string                    `json:"title"`
	Description string                    `json:"description"`
	EnvVars     map[string]map[string]any `json:"envVars"`
	Credentials struct {
		Fields map[string]fieldSpec `json:"fields"`
		OAuth2 map[string]any       `json:"oauth2"`
	} `json:"credentials"`
	Triggers map[string]functionSpec `json:"triggers"`
	Actions  map[string]functionSpec `json:"actions"`
}

type functionSpec struct {
	Title           string               `json:"title"`
	Description     string               `json:"description"`
	Main            string               `json:"main"`
	Type            string               `json:"type"`
	Fields          map[string]fieldSpec `json:"fields"`
	Metadata        map[string]any       `json:"metadata"`
	DynamicMetadata *bool                `json:"dynamicMetadata"`
}

type fieldSpec struct {
	Label     string          `json:"label"`
	ViewClass string          `json:"viewClass"`
	Required  *bool           `json:"required"`
	Model     json.RawMessage `json:"model"`
}

func loadManifest(t *testing.T) manifest {
	t.Helper()
	var m manifest
	require.NoError(t, json.Unmarshal(ComponentJSON, &m), "component.json must be valid JSON")
	return m
}

func TestComponentJSONFollowsThePlatformRules(t *testing.T) {
	m := loadManifest(t)
	assert.NotEmpty(t, m.Title)
	assert.NotEmpty(t, m.Description)
	require.NotEmpty(t, len(m.Triggers)+len(m.Actions))

	for _, name := range []string{"CITRIX_APP_ID", "CITRIX_APP_SECRET"} {
		require.Contains(t, m.EnvVars, name)
		assert.Equal(t, true, m.EnvVars[name]["required"], name)
	}
	oauthField, ok := m.Credentials.Fields["oauth"]
	require.True(t, ok, "the credential has an oauth field")
	assert.Equal(t, "OAuthFieldView", oauthField.ViewClass)
	assert.Equal(t, "{{CITRIX_APP_ID}}", m.Credentials.OAuth2["client_id"])
	assert.Equal(t, "{{CITRIX_APP_SECRET}}", m.Credentials.OAuth2["client_secret"])
	assert.Equal(t, "https://authentication.logmeininc.com/oauth/authorize", m.Credentials.OAuth2["auth_uri"])
	assert.Equal(t, "https://authentication.logmeininc.com/oauth/token", m.Credentials.OAuth2["token_uri"])
	checkFields(t, "credentials", m.Credentials.Fields)

	for kind, fns := range map[string]map[string]functionSpec{"trigger": m.Triggers, "action": m.Actions} {
		for name, f := range fns {
			where := kind + " " + name
			assert.NotEmpty(t, f.Title, where+": title")
			assert.NotEmpty(t, f.Description, where+": description")
			assert.Equal(t, name, f.Main, where+": main names the function")
			if kind == "trigger" {
				assert.Contains(t, []string{"polling", "webhook"}, f.Type, where+": type")
			}
			checkFields(t, where, f.Fields)
			require.Contains(t, f.Metadata, "out", where+": out metadata")
			for dir, schema := range f.Metadata {
				checkSchema(t, where+" metadata."+dir, schema)
			}
		}
	}
}

func checkFields(t *testing.T, where string, fields map[string]fieldSpec) {
	t.Helper()
	for name, f := range fields {
		w := where + " field " + name
		assert.NotEmpty(t, f.Label, w+": label")
		assert.True(t, viewClasses[f.ViewClass], w+": unknown viewClass %q", f.ViewClass)
		if f.ViewClass == "SelectView" || f.ViewClass == "MultiSelectView" {
			assert.NotEmpty(t, f.Model, w+": a select needs a model (an object or a select model name)")
		}
	}
}

var dateTimeName = regexp.MustCompile(`(?i)(time|date)$`)

// checkSchema checks the JSON Schema subset the platform's mapper reads:
// objects with typed, titled properties; required names that exist.
func checkSchema(t *testing.T, where string, v any) {
	t.Helper()
	s, ok := v.(map[string]any)
	require.True(t, ok, where+": a schema is an object")
	if len(s) == 0 {
		return
	}
	typ := s["type"]
	require.NotNil(t, typ, where+": type")
	if typ == "object" {
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				assert.Contains(t, props, r, where+": required property exists")
			}
		}
		for name, p := range props {
			pm, ok := p.(map[string]any)
			require.True(t, ok, where+"."+name)
			assert.NotEmpty(t, pm["title"], where+"."+name+": title")
			checkSchema(t, where+"."+name, pm)
			if pm["type"] == "string" && dateTimeName.MatchString(name) && !strings.Contains(strings.ToLower(name), "zone") {
				assert.Equal(t, "date-time", pm["format"], where+"."+name+": dates are ISO date-times")
			}
		}
	}
	if typ == "array" {
		if items, ok := s["items"]; ok {
			checkSchema(t, where+"[]", items)
		}
	}
}

func TestComponentJSONMatchesTheHandlerTable(t *testing.T) {
	comp, err := component.New(component.Options{AppID: "id", AppSecret: "secret"})
	require.NoError(t, err)
	reg, err := comp.Registry()
	require.NoError(t, err)
	def, err := sailor.ParseComponent(ComponentJSON)
	require.NoError(t, err)
	require.NoError(t, sailor.CheckRegistry(def, reg))

	// Every function of the issue is there.
	want := []string{
		"createRegistrant", "getRegistrant", "listRegistrants", "deleteRegistrant",
		"listWebinars", "getWebinar", "createWebinar", "updateWebinar", "cancelWebinar", "getRegistrationFields",
		"listSessions", "getSessionDetails", "listAttendees", "listSessionAttendees", "getAttendeeDetails",
		"addPanelists", "listPanelists", "removePanelist", "addCoorganizers", "listCoorganizers", "removeCoorganizer",
		"newRegistrants", "newWebinars", "newAttendees", "webinarChanges",
	}
	sort.Strings(want)
	for _, name := range want {
		_, err := def.Function(name)
		assert.NoError(t, err, fmt.Sprintf("%s is declared", name))
	}
}

// Without a webinar in the step, createRegistrant's dynamic metadata is the
// static metadata of component.json: a step without one shows the same
// fields before and after the mapper asks.
func TestCreateRegistrantStaticMetadataMatchesGetMetaModel(t *testing.T) {
	comp, err := component.New(component.Options{AppID: "id", AppSecret: "secret"})
	require.NoError(t, err)
	reg, err := comp.Registry()
	require.NoError(t, err)
	// No webinarKey: the model is built without calling GoToWebinar.
	cfg := map[string]any{"oauth": map[string]any{
		"access_token": "access", "refresh_token": "refresh", "token_type": "Bearer", "expires_in": "3600",
	}}
	got, err := sailor.CallService(context.Background(), reg, "getMetaModel", "createRegistrant", "", &sailor.ServiceRequest{Config: cfg})
	require.NoError(t, err)
	meta, ok := got.(*sailor.MetaModel)
	require.True(t, ok, "getMetaModel returns a *sailor.MetaModel, not %T", got)

	static := loadManifest(t).Actions["createRegistrant"].Metadata
	for dir, raw := range map[string]json.RawMessage{"in": meta.In, "out": meta.Out} {
		require.Contains(t, static, dir)
		want, err := json.Marshal(static[dir])
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(raw), "createRegistrant metadata."+dir)
	}
}
