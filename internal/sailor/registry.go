package sailor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sirupsen/logrus"
)

// Registry maps the function names of component.json to their code. It is
// built explicitly in one place (main, or a test) and cross-checked against
// component.json at start-up. A Registry is not safe for concurrent
// registration; it is read-only once the sailor starts.
type Registry struct {
	handlers map[string]Handler
	models   map[string]map[string]SelectModelFunc
	metas    map[string]MetaModelFunc
	verify   VerifyFunc
	hooks    Hooks
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{
		handlers: map[string]Handler{},
		models:   map[string]map[string]SelectModelFunc{},
		metas:    map[string]MetaModelFunc{},
	}
}

// Handle registers h under the trigger or action name. An empty or
// duplicate name is an error.
func (r *Registry) Handle(name string, h Handler) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("sailor: register handler: empty function name")
	}
	if h == nil {
		return fmt.Errorf("sailor: register handler %q: nil handler", name)
	}
	if _, dup := r.handlers[name]; dup {
		return fmt.Errorf("sailor: register handler %q: already registered", name)
	}
	r.handlers[name] = h
	return nil
}

// HandleFunc registers f under name.
func (r *Registry) HandleFunc(name string, f func(ctx context.Context, req *Request, out Emitter) error) error {
	return r.Handle(name, HandlerFunc(f))
}

// Names returns the registered function names, sorted.
func (r *Registry) Names() []string {
	return slices.Sorted(maps.Keys(r.handlers))
}

// Lookup returns the handler of a function. An unknown name is an error
// that lists the known ones.
func (r *Registry) Lookup(name string) (Handler, error) {
	if h, ok := r.handlers[name]; ok {
		return h, nil
	}
	return nil, fmt.Errorf("sailor: trigger or action %q is not registered; known: %s", name, strings.Join(r.Names(), ", "))
}

// ServiceRequest is what service-mode functions and hooks get.
type ServiceRequest struct {
	// Config is the credential and step configuration (numbers as json.Number).
	Config map[string]any
	// Keys persists refreshed credential keys (PUT /v1/accounts/{_account}).
	Keys   KeysUpdater
	Logger *logrus.Entry
}

// SelectModelFunc answers selectModel: option value -> label.
type SelectModelFunc func(ctx context.Context, req *ServiceRequest) (map[string]string, error)

// MetaModelFunc answers getMetaModel with in/out JSON schemas.
type MetaModelFunc func(ctx context.Context, req *ServiceRequest) (*MetaModel, error)

// VerifyFunc answers verifyCredentials: nil means verified; an error's text
// is shown to the user as the reason.
type VerifyFunc func(ctx context.Context, req *ServiceRequest) error

// MetaModel is the dynamic metadata of a function.
type MetaModel struct {
	In  json.RawMessage `json:"in,omitempty"`
	Out json.RawMessage `json:"out,omitempty"`
}

// Hooks run around message processing (sailor-protocol.md 3.4, 3.5, 3.8).
// Any of them may be nil.
type Hooks struct {
	// Startup runs once when a flow starts (ELASTICIO_STARTUP_REQUIRED); its
	// result is stored by the platform and handed to Shutdown.
	Startup func(ctx context.Context, req *ServiceRequest) (any, error)
	// Init runs in every container before it consumes.
	Init func(ctx context.Context, req *ServiceRequest) error
	// Shutdown runs in a dedicated container when the flow stops.
	Shutdown func(ctx context.Context, req *ServiceRequest, state json.RawMessage) error
}

// SelectModel registers the select model named method of a function (the
// string in a field's "model" in component.json).
func (r *Registry) SelectModel(function, method string, f SelectModelFunc) {
	if r.models[function] == nil {
		r.models[function] = map[string]SelectModelFunc{}
	}
	r.models[function][method] = f
}

// MetaModel registers the dynamic metadata of a function.
func (r *Registry) MetaModel(function string, f MetaModelFunc) { r.metas[function] = f }

// VerifyCredentials registers the credential check.
func (r *Registry) VerifyCredentials(f VerifyFunc) { r.verify = f }

// SetHooks registers the lifecycle hooks.
func (r *Registry) SetHooks(h Hooks) { r.hooks = h }

// HooksOf returns the registered hooks.
func (r *Registry) HooksOf() Hooks { return r.hooks }

// lookupModel finds a select model.
func (r *Registry) lookupModel(function, method string) (SelectModelFunc, error) {
	if f, ok := r.models[function][method]; ok {
		return f, nil
	}
	return nil, r.serviceMethodMissing(function, method)
}

func (r *Registry) lookupMeta(function string) (MetaModelFunc, error) {
	if f, ok := r.metas[function]; ok {
		return f, nil
	}
	return nil, r.serviceMethodMissing(function, "getMetaModel")
}

// serviceMethodMissing is the error of a service call to a method the
// function does not have, in the Node sailor's words: the platform shows
// them to the user who opened the step.
func (r *Registry) serviceMethodMissing(function, method string) error {
	if _, ok := r.handlers[function]; !ok {
		return nodeErrorf(nil, "Trigger or action %q is not found in component.json!", function)
	}
	return nodeErrorf(nil, "Method %q is not found in %q action or trigger", method, function)
}
