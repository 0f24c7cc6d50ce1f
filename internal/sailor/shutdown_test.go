package sailor_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

func TestShutdownDeadlineLeavesUnfinishedMessagesToTheBroker(t *testing.T) {
	st, err := settings.Load(testEnv(map[string]string{"ELASTICIO_SHUTDOWN_TIMEOUT": "50"}))
	require.NoError(t, err)
	started := make(chan struct{})
	reg := sailor.NewRegistry()
	require.NoError(t, reg.HandleFunc("f", func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		close(started)
		<-ctx.Done() // never finishes on its own
		return ctx.Err()
	}))
	log := logrus.New()
	log.SetOutput(io.Discard)
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{Settings: st, Transport: bus, Registry: reg, Logger: logrus.NewEntry(log)})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()

	c, err := cipher.New(testPassword, testIV)
	require.NoError(t, err)
	tr := bus.Enqueue(testQueue, sailor.Delivery{Body: c.EncodeBody([]byte(`{"body":{}}`), 1), Headers: defaultHeaders()})
	<-started
	cancel() // SIGTERM
	select {
	case err := <-done:
		assert.ErrorIs(t, err, sailor.ErrShutdownTimeout, "a cut-short shutdown is not a clean exit")
	case <-time.After(10 * time.Second):
		require.FailNow(t, "Run did not return after the shutdown deadline")
	}
	assert.Equal(t, membus.Pending, tr.Outcome(), "neither acked nor rejected: the broker redelivers it")
	assert.Empty(t, bus.Published(), "no error event for a message cut short by the deadline")
}
