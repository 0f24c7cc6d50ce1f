package sailor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// AccountUpdater stores credential keys on the platform
// (PUT /v1/accounts/{id}); platform.Client implements it.
type AccountUpdater interface {
	UpdateAccount(ctx context.Context, accountID string, keys map[string]any) error
}

// Step is the step data the platform serves for this container.
type Step struct {
	Config        map[string]any
	Snapshot      map[string]any
	IsPassthrough bool
	Variables     map[string]any
}

// Config wires a Sailor.
type Config struct {
	Settings  *settings.Settings
	Transport Transport
	Registry  *Registry
	Step      Step
	Accounts  AccountUpdater
	Logger    *logrus.Entry
	// StoredConfig reads the step's configuration again from the platform
	// (KeysReader); nil where there is no platform.
	StoredConfig func(ctx context.Context) (map[string]any, error)
	// ComponentLogger is what handlers log through (Request.Logger),
	// bunyan name "component" in a real worker; it defaults to Logger.
	ComponentLogger *logrus.Entry
	// Clock defaults to the real clock.
	Clock Clock
	// Objects is the platform's object storage for lightweight messages
	// (sailor-protocol.md 5.10); nil when ELASTICIO_OBJECT_STORAGE_URI is
	// unset. Without it, a body referenced by x-ipaas-object-storage-id is
	// an error and no outgoing body is externalised.
	Objects ObjectStore
	// SkipObjectResolution is the function's autoResolveObjectReferences
	// set to false in component.json: referenced bodies are handed to the
	// handler as they are (empty, with the header).
	SkipObjectResolution bool
}

// Sailor processes the messages of one step: it decodes each delivery, runs
// the function's handler, publishes what the handler emits and settles the
// delivery exactly once.
type Sailor struct {
	settings  *settings.Settings
	transport Transport
	handler   Handler
	cipher    *cipher.Cipher
	step      Step
	accounts  AccountUpdater
	log       *logrus.Entry
	// storedConfig is Config.StoredConfig.
	storedConfig func(ctx context.Context) (map[string]any, error)
	// componentLog is the parent of every Request.Logger.
	componentLog *logrus.Entry
	clock        Clock

	dataThrottle, errorThrottle, snapshotThrottle *throttle

	inflight *inflight
	objects  ObjectStore
	// autoResolve tells whether lightweight bodies are fetched before the
	// handler runs.
	autoResolve bool

	snapMu   sync.Mutex
	snapshot map[string]any
}

// New checks cfg and returns a Sailor for the function named in
// cfg.Settings.Function.
func New(cfg Config) (*Sailor, error) {
	if cfg.Settings == nil || cfg.Transport == nil || cfg.Registry == nil {
		return nil, errors.New("sailor: new: settings, transport and registry are required")
	}
	h, err := cfg.Registry.Lookup(cfg.Settings.Function)
	if err != nil {
		return nil, err
	}
	c, err := cipher.New(cfg.Settings.CryptoPassword, cfg.Settings.CryptoIV)
	if err != nil {
		return nil, fmt.Errorf("sailor: new: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = logrus.NewEntry(logrus.StandardLogger())
	}
	componentLog := cfg.ComponentLogger
	if componentLog == nil {
		componentLog = log
	}
	clock := cfg.Clock
	if clock == nil {
		clock = realClock{}
	}
	st := cfg.Settings
	snap := deepCopyMap(cfg.Step.Snapshot)
	if snap == nil {
		snap = map[string]any{}
	}
	return &Sailor{
		settings:         st,
		transport:        cfg.Transport,
		handler:          h,
		cipher:           c,
		step:             cfg.Step,
		accounts:         cfg.Accounts,
		log:              log,
		componentLog:     componentLog,
		storedConfig:     cfg.StoredConfig,
		clock:            clock,
		dataThrottle:     newThrottle(st.DataRateLimit, st.RateInterval, clock),
		errorThrottle:    newThrottle(st.ErrorRateLimit, st.RateInterval, clock),
		snapshotThrottle: newThrottle(st.SnapshotRateLimit, st.RateInterval, clock),
		snapshot:         snap,
		inflight:         newInflight(log.WithField("function", st.Function), clock.Now),
		objects:          cfg.Objects,
		autoResolve:      !cfg.SkipObjectResolution,
	}, nil
}

// ErrShutdownTimeout is returned by Run when in-flight messages did not
// finish within the shutdown deadline; they are left to the broker, which
// redelivers them.
var ErrShutdownTimeout = errors.New("sailor: shutdown deadline passed with messages still in flight")

// Run consumes the step's queue with up to Prefetch messages in flight and
// returns when ctx is cancelled (graceful shutdown: no new deliveries, the
// in-flight ones finish and settle, bounded by ShutdownTimeout) or when the
// transport gives up consuming.
func (s *Sailor) Run(ctx context.Context) error {
	prefetch := max(s.settings.Prefetch, 1)
	// Handlers run on a context that a shutdown signal does not cancel: a
	// message that has started is allowed to finish. Only the shutdown
	// deadline cuts it short.
	workCtx, cutShort := context.WithCancel(context.WithoutCancel(ctx))
	defer cutShort()

	work := make(chan *Delivery)
	var wg sync.WaitGroup
	for range prefetch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				s.Handle(workCtx, d)
			}
		}()
	}
	consumeErr := s.transport.Consume(ctx, s.settings.ListenMessagesOn, prefetch, func(d *Delivery) {
		if !s.inflight.admit(d) {
			return // a redelivery of a message being (or just) processed here
		}
		select {
		case work <- d:
		case <-ctx.Done():
			// Not started: left unsettled, the broker redelivers it.
			logUnsettled(s.log.WithFields(logrus.Fields{
				"messageId": headerString(d.Headers[hdrMessageID]), "function": s.settings.Function,
			}), d, "not started before shutdown", time.Now())
			s.inflight.abandon(d)
		}
	})
	close(work)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	if consumeErr == nil {
		s.log.Info("consumer cancelled; waiting for in-flight messages")
	}
	timeout := s.settings.ShutdownTimeout
	if consumeErr != nil && timeout <= 0 {
		timeout = 30 * time.Second
	}
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-done:
	case <-timer:
		cutShort()
		<-done
		if consumeErr != nil {
			return errors.Join(consumeErr, ErrShutdownTimeout)
		}
		return ErrShutdownTimeout
	}
	return consumeErr
}

// Snapshot returns a copy of the step snapshot as the container knows it
// now (after every snapshot and updateSnapshot emitted so far); each
// message's handler gets one as of its start.
func (s *Sailor) Snapshot() map[string]any {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	return deepCopyMap(s.snapshot)
}

func deepCopyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = deepCopy(v)
	}
	return c
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopyMap(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = deepCopy(e)
		}
		return c
	default:
		return v
	}
}

// Cipher returns the message cipher of the step (for local mode and tests,
// which encrypt inputs and decrypt outputs as the platform does).
func (s *Sailor) Cipher() *cipher.Cipher { return s.cipher }
