package fake

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddSessionIsListedOnceEnded(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Second)
	clock := now
	e := setup(t, Options{NoRateLimit: true, Now: func() time.Time { return clock }})
	w := e.findWebinar(func(w Webinar) bool {
		return w.Times[0].Start.After(now.Add(24*time.Hour)) && len(e.srv.Registrants(w.Key)) >= 3
	})
	se, ok := e.srv.AddSession(w.Key, TimeRange{Start: now.Add(5 * time.Minute), End: now.Add(35 * time.Minute)})
	require.True(t, ok)
	assert.NotEmpty(t, se.Attendees)
	assert.NotEmpty(t, se.Polls)
	require.Len(t, e.srv.Sessions(w.Key), 1)

	sp := wbPath(e, w.Key) + "/sessions"
	assert.NotContains(t, obj(t, e.getOK(sp)), "_embedded", "not listed before it ends")
	clock = now.Add(40 * time.Minute)
	list := obj(t, e.getOK(sp))["_embedded"].(map[string]any)["sessionInfoResources"].([]any)
	require.Len(t, list, 1)
	assert.Equal(t, keyString(se.Key), list[0].(map[string]any)["sessionKey"])
	atts := arr(t, e.getOK(sp+"/"+keyString(se.Key)+"/attendees"))
	assert.Len(t, atts, len(se.Attendees))

	_, ok = e.srv.AddSession(1, TimeRange{Start: now, End: now.Add(time.Hour)})
	assert.False(t, ok)
}
