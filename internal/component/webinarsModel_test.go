package component

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

func TestWebinarsModel(t *testing.T) {
	e, now := webinarEnv(t)
	keys := &keysRecorder{}
	model, err := e.comp.webinarsModel(context.Background(), &sailor.ServiceRequest{Config: e.config(nil), Keys: keys})
	require.NoError(t, err)

	all := e.fake.Webinars(e.organizer.Key)
	want := startsIn(all, now, now.AddDate(1, 0, 0))
	require.NotEmpty(t, want)
	var got []string
	for k := range model {
		got = append(got, k)
	}
	assert.ElementsMatch(t, want, got, "the upcoming webinars of the next year")
	for _, w := range all {
		label, ok := model[keyString(w.Key)]
		if !ok {
			continue
		}
		var next time.Time
		for _, tr := range w.Times {
			if !tr.Start.Before(now) {
				next = tr.Start
				break
			}
		}
		assert.Equal(t, w.Subject+" ("+next.Format("2006-01-02 15:04")+" UTC)", label)
	}
	assert.Empty(t, keys.stored(), "no refresh needed")

	t.Run("a credential that cannot be used says re-authorize", func(t *testing.T) {
		cfg := e.config(map[string]any{"_account": "other", "oauth": map[string]any{}})
		_, err := e.comp.webinarsModel(context.Background(), &sailor.ServiceRequest{Config: cfg, Keys: keys})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "re-authorize")
	})
}
