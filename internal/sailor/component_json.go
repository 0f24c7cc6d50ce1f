package sailor

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// ComponentDef is the part of component.json the runtime reads
// (sailor-protocol.md 9).
type ComponentDef struct {
	Title    string                 `json:"title"`
	Triggers map[string]FunctionDef `json:"triggers"`
	Actions  map[string]FunctionDef `json:"actions"`
}

// FunctionDef is one trigger or action of component.json.
type FunctionDef struct {
	Title           string              `json:"title"`
	Main            string              `json:"main"`
	Type            string              `json:"type"`
	Fields          map[string]FieldDef `json:"fields"`
	DynamicMetadata json.RawMessage     `json:"dynamicMetadata"`
	Metadata        map[string]any      `json:"metadata"`
	AutoResolve     *bool               `json:"autoResolveObjectReferences"`
}

// FieldDef is a step field; Model names a select model when it is a string.
type FieldDef struct {
	Label     string          `json:"label"`
	ViewClass string          `json:"viewClass"`
	Required  bool            `json:"required"`
	Model     json.RawMessage `json:"model"`
}

// AutoResolveObjectReferences reports whether lightweight bodies are fetched
// before the handler runs (default true).
func (f *FunctionDef) AutoResolveObjectReferences() bool {
	return f.AutoResolve == nil || *f.AutoResolve
}

// HasDynamicMetadata reports whether the platform calls getMetaModel.
func (f *FunctionDef) HasDynamicMetadata() bool {
	s := strings.TrimSpace(string(f.DynamicMetadata))
	return s != "" && s != "false" && s != "null"
}

// ParseComponent reads component.json.
func ParseComponent(data []byte) (*ComponentDef, error) {
	var c ComponentDef
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("sailor: failed to load component.json: %w", err)
	}
	if len(c.Triggers)+len(c.Actions) == 0 {
		return nil, errors.New("sailor: component.json declares no triggers and no actions")
	}
	return &c, nil
}

// Function finds a function by name, in triggers first, then in actions.
func (c *ComponentDef) Function(name string) (*FunctionDef, error) {
	if f, ok := c.Triggers[name]; ok {
		return &f, nil
	}
	if f, ok := c.Actions[name]; ok {
		return &f, nil
	}
	return nil, fmt.Errorf("sailor: trigger or action %q is not found in component.json; known: %s",
		name, strings.Join(c.Names(), ", "))
}

// Names returns every declared trigger and action name, sorted.
func (c *ComponentDef) Names() []string {
	names := make([]string, 0, len(c.Triggers)+len(c.Actions))
	for n := range c.Triggers {
		names = append(names, n)
	}
	for n := range c.Actions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CheckRegistry verifies that component.json and the registry agree: every
// declared function has a handler, every handler is declared, every select
// model a field names and every dynamic metadata is registered. The error
// names every mismatch.
func CheckRegistry(c *ComponentDef, r *Registry) error {
	var problems []string
	declared := map[string]bool{}
	for _, name := range c.Names() {
		declared[name] = true
		if _, ok := r.handlers[name]; !ok {
			problems = append(problems, fmt.Sprintf("%q is declared in component.json but has no handler", name))
		}
		f, _ := c.Function(name)
		for _, fn := range slices.Sorted(maps.Keys(f.Fields)) {
			var method string
			if json.Unmarshal(f.Fields[fn].Model, &method) != nil || method == "" {
				continue
			}
			if _, err := r.lookupModel(name, method); err != nil {
				problems = append(problems, fmt.Sprintf("field %q of %q names select model %q, which is not registered", fn, name, method))
			}
		}
		if f.HasDynamicMetadata() {
			if _, err := r.lookupMeta(name); err != nil {
				problems = append(problems, fmt.Sprintf("%q has dynamicMetadata but no getMetaModel", name))
			}
		}
	}
	for _, name := range r.Names() {
		if !declared[name] {
			problems = append(problems, fmt.Sprintf("handler %q is not declared in component.json", name))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("sailor: component.json and handlers disagree: %s", strings.Join(problems, "; "))
	}
	return nil
}
