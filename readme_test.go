package gotowebinarcomponent

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// updateREADME rewrites the function table of README.md from
// component.json: go test -run TestREADMEFunctionTable . -args -update-readme
var updateREADME = flag.Bool("update-readme", false, "write the function table into README.md")

const (
	functionsStart = "<!-- functions:start -->"
	functionsEnd   = "<!-- functions:end -->"
)

// docFunction is one function of component.json as the README lists it.
type docFunction struct {
	name, kind, description string
	stepFields, inFields    []string
	required                map[string]bool
}

// orderedKeys returns the keys of a JSON object in file order (the README
// lists functions as component.json does: triggers, then actions).
func orderedKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// docFunctions reads the triggers and actions of component.json in order.
func docFunctions(t *testing.T) []docFunction {
	t.Helper()
	var top struct {
		Triggers, Actions json.RawMessage
	}
	require.NoError(t, json.Unmarshal(ComponentJSON, &top))
	var out []docFunction
	for _, group := range []struct {
		raw  json.RawMessage
		kind string
	}{{top.Triggers, "trigger"}, {top.Actions, "action"}} {
		var specs map[string]struct {
			Description string          `json:"description"`
			Type        string          `json:"type"`
			Fields      json.RawMessage `json:"fields"`
			Metadata    struct {
				In struct {
					Properties json.RawMessage `json:"properties"`
					Required   []string        `json:"required"`
				} `json:"in"`
			} `json:"metadata"`
		}
		require.NoError(t, json.Unmarshal(group.raw, &specs))
		for _, name := range orderedKeys(t, group.raw) {
			s := specs[name]
			f := docFunction{name: name, kind: group.kind, description: firstSentence(s.Description), required: map[string]bool{}}
			if s.Type != "" && group.kind == "trigger" {
				f.kind = "trigger (" + s.Type + ")"
			}
			if len(s.Fields) > 0 {
				f.stepFields = orderedKeys(t, s.Fields)
			}
			if len(s.Metadata.In.Properties) > 0 {
				f.inFields = orderedKeys(t, s.Metadata.In.Properties)
			}
			for _, r := range s.Metadata.In.Required {
				f.required[r] = true
			}
			out = append(out, f)
		}
	}
	return out
}

// firstSentence is the text up to the first full stop that ends a
// sentence (not the one of "e.g." or a decimal point).
func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '.' || (i+1 < len(s) && s[i+1] != ' ') {
			continue
		}
		before := s[:i]
		if strings.HasSuffix(before, "e.g") || strings.HasSuffix(before, "i.e") {
			continue
		}
		return s[:i+1]
	}
	return s
}

// functionTable is the README's function table, generated from component.json.
func functionTable(fns []docFunction) string {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	names := func(list []string, required map[string]bool) string {
		if len(list) == 0 {
			return "—"
		}
		var out []string
		for _, n := range list {
			if required[n] {
				out = append(out, "`"+n+"`*")
			} else {
				out = append(out, "`"+n+"`")
			}
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	b.WriteString("| function | kind | what it does | step fields | message body fields (* required) |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, f := range fns {
		fmt.Fprintf(&b, "| [`%s`](examples/%s) | %s | %s | %s | %s |\n", f.name, f.name, f.kind,
			cell(f.description), names(f.stepFields, nil), names(f.inFields, f.required))
	}
	return b.String()
}

func readREADME(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	return string(data)
}

// TestREADMEFunctionTableMatchesComponentJSON keeps the table a user reads
// first true: one row per function, its description and fields as
// component.json has them.
func TestREADMEFunctionTableMatchesComponentJSON(t *testing.T) {
	readme := readREADME(t)
	start, end := strings.Index(readme, functionsStart), strings.Index(readme, functionsEnd)
	require.True(t, start >= 0 && end > start, "README.md needs %s ... %s around the function table", functionsStart, functionsEnd)
	got := strings.TrimSpace(readme[start+len(functionsStart) : end])
	want := strings.TrimSpace(functionTable(docFunctions(t)))
	if got != want && *updateREADME {
		updated := readme[:start+len(functionsStart)] + "\n" + want + "\n" + readme[end:]
		require.NoError(t, os.WriteFile("README.md", []byte(updated), 0o644))
		return
	}
	if got != want {
		t.Errorf("the function table of README.md disagrees with component.json; paste this between the markers:\n\n%s\n", want)
	}
}

func TestREADMEFunctionTableHasEveryFunctionOnce(t *testing.T) {
	fns := docFunctions(t)
	assert.Len(t, fns, 25, "component.json's functions")
	table := functionTable(fns)
	for _, f := range fns {
		assert.Equal(t, 1, strings.Count(table, "| [`"+f.name+"`]"), f.name)
		assert.NotEmpty(t, f.description, f.name)
		assert.True(t, strings.HasSuffix(f.description, "."), "%s: %q is a whole sentence", f.name, f.description)
	}
}

func TestFirstSentence(t *testing.T) {
	assert.Equal(t, "Emits one webinar.", firstSentence("Emits one webinar. Then more."))
	assert.Equal(t, "Time zone (e.g. Europe/Berlin) is used.", firstSentence("Time zone (e.g. Europe/Berlin) is used. Rest."))
	assert.Equal(t, "No stop", firstSentence("No stop"))
}

// productEnv is every variable the product reads: the settings' field
// docs ("X is ELASTICIO_...") and logging-context list, the env(...)
// lookups of the command line and root package, the component's own
// variables (App().ComponentEnv) and component.json's envVars.
func productEnv(t *testing.T) []string {
	t.Helper()
	set := map[string]bool{}
	doc := regexp.MustCompile(`\bis (ELASTICIO_[A-Z0-9_]+|LOG_LEVEL)\b`)
	lookup := regexp.MustCompile(`\benv\("([A-Z][A-Z0-9_]+)"\)`)
	scan := func(glob string, re *regexp.Regexp) {
		files, err := filepath.Glob(glob)
		require.NoError(t, err)
		require.NotEmpty(t, files, glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				set[m[1]] = true
			}
		}
	}
	scan("internal/sailor/settings/*.go", doc)
	scan("internal/cli/*.go", lookup)

	load, err := os.ReadFile("internal/sailor/settings/load.go")
	require.NoError(t, err)
	block := regexp.MustCompile(`(?s)var logContextVars = \[\]string\{(.*?)\}`).FindSubmatch(load)
	require.NotNil(t, block, "settings.logContextVars")
	for _, m := range regexp.MustCompile(`"([A-Z_]+)"`).FindAllSubmatch(block[1], -1) {
		set["ELASTICIO_"+string(m[1])] = true
	}

	for _, e := range App().ComponentEnv {
		set[e.Name] = true
	}
	var comp struct {
		EnvVars map[string]any `json:"envVars"`
	}
	require.NoError(t, json.Unmarshal(ComponentJSON, &comp))
	for name := range comp.EnvVars {
		set[name] = true
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestREADMEConfigurationNamesEveryVariable: whoever adds a variable to
// the settings or the component documents it where operators look.
func TestREADMEConfigurationNamesEveryVariable(t *testing.T) {
	readme := readREADME(t)
	start := strings.Index(readme, "## Configuration")
	require.GreaterOrEqual(t, start, 0, "README.md has a Configuration section")
	section := readme[start:]
	if next := strings.Index(section[3:], "\n## "); next >= 0 {
		section = section[:next+3]
	}
	var table []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| `") {
			table = append(table, strings.SplitN(strings.TrimPrefix(line, "| "), " | ", 2)[0])
		}
	}
	documented := strings.Join(table, "\n")
	env := productEnv(t)
	for _, must := range []string{"ELASTICIO_FLOW_ID", "ELASTICIO_POST_RESULT_URL", "ELASTICIO_TENANT_ID", "CITRIX_APP_ID", "GOTO_API_URL", "LOG_LEVEL"} {
		assert.True(t, slices.Contains(env, must), "the scan finds %s", must)
	}
	for _, name := range env {
		assert.True(t, strings.Contains(documented, "`"+name+"`"), "README.md's configuration table does not name %s", name)
	}
}

// TestREADMEOpensWithTheTwoCommands: the first two commands a newcomer
// runs, in the order the issue asks for.
func TestREADMEOpensWithTheTwoCommands(t *testing.T) {
	lines := strings.Split(readREADME(t), "\n")
	require.Greater(t, len(lines), 6)
	block := strings.Join(lines[:8], "\n")
	first, second := strings.Index(block, "go run ./examples/demo"), strings.Index(block, "sh scripts/test.sh")
	assert.True(t, first > 0 && second > first, "README.md opens with `go run ./examples/demo`, then `sh scripts/test.sh`:\n%s", block)
}

// TestREADMEPointsAtFilesThatExist: every examples/..., scripts/...,
// test/... and cmd/... path the README names is in the repository.
func TestREADMEPointsAtFilesThatExist(t *testing.T) {
	readme := readREADME(t)
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile("(?:^|[\\s`(./])((?:examples|scripts|test|cmd|internal)/[A-Za-z0-9_./-]+)").FindAllStringSubmatch(readme, -1) {
		p := strings.TrimRight(m[1], ".)/")
		if seen[p] || strings.Contains(p, "<") {
			continue
		}
		seen[p] = true
		_, err := os.Stat(p)
		assert.NoError(t, err, "README.md names %s", p)
	}
	assert.NotEmpty(t, seen)
}
