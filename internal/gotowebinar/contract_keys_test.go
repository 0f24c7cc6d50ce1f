package gotowebinar_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// wireKey returns a key field of a raw (UseNumber) JSON object and whether it was a
// JSON string.
func wireKey(t *testing.T, obj any, field string) (string, bool) {
	t.Helper()
	m, ok := obj.(map[string]any)
	require.True(t, ok, "object expected, got %T", obj)
	switch v := m[field].(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), false
	default:
		t.Fatalf("%s: %T is neither a string nor a number", field, m[field])
		return "", false
	}
}

func first(t *testing.T, v any, path ...string) any {
	t.Helper()
	for _, p := range path {
		m, ok := v.(map[string]any)
		require.True(t, ok, "object expected at %s", p)
		v = m[p]
	}
	list, ok := v.([]any)
	require.True(t, ok, "array expected")
	require.NotEmpty(t, list)
	return list[0]
}

// lossy reports whether a float64 detour changes k, i.e. whether k can catch a
// client that decodes keys as float64.
func lossy(k int64) bool { return int64(float64(k)) != k }

// TestContractKeysRoundTrip is the acceptance item "keys above 2^53 survive a round
// trip through client and fake, from numbers and from strings": each key is read where
// the schema sends it as a string and where it sends it as a number, used again in a
// path or a body, and compared with the fake's int64.
func TestContractKeysRoundTrip(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	from, to := c.window()
	orgPath := "/G2W/rest/v2/organizers/" + strconv.FormatInt(c.org.Key, 10)
	q := "?fromTime=" + from.UTC().Format("2006-01-02T15:04:05Z") + "&toTime=" + to.UTC().Format("2006-01-02T15:04:05Z") + "&size=1"

	// webinarKey: a string in the list (#2), a number by key (#5).
	item := first(t, c.raw(t, orgPath+"/webinars"+q), "_embedded", "webinars")
	s, isString := wireKey(t, item, "webinarKey")
	require.True(t, isString, "Webinar.webinarKey is a string")
	want := c.fake.Webinars(c.org.Key)[0]
	require.Equal(t, strconv.FormatInt(want.Key, 10), s)
	byKey := c.raw(t, orgPath+"/webinars/"+s)
	n, isString := wireKey(t, byKey, "webinarKey")
	require.False(t, isString, "WebinarByKey.webinarKey is a number")
	require.Equal(t, s, n)

	list, err := c.client.ListWebinars(c.ctx, org, from, to)
	require.NoError(t, err)
	fromString := list[0].WebinarKey
	d, err := c.client.Webinar(c.ctx, org, fromString)
	require.NoError(t, err)
	fromNumber := d.WebinarKey
	assert.Equal(t, want.Key, int64(fromString))
	assert.Equal(t, want.Key, int64(fromNumber))
	// organizerKey travels as a string in the list and as a number by key.
	assert.Equal(t, c.org.Key, int64(list[0].OrganizerKey))
	assert.Equal(t, c.org.Key, int64(d.OrganizerKey))

	// sessionKey: a string in ReportingSession (#29), a number in Attendee (#31).
	w := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Sessions(w.Key)) > 0 })
	se := c.fake.Sessions(w.Key)[0]
	sessPath := orgPath + "/webinars/" + strconv.FormatInt(w.Key, 10) + "/sessions"
	_, isString = wireKey(t, first(t, c.raw(t, sessPath), "_embedded", "sessionInfoResources"), "sessionKey")
	require.True(t, isString, "ReportingSession.sessionKey is a string")
	sessions, err := c.client.ListWebinarSessions(c.ctx, org, g2w.Key(w.Key))
	require.NoError(t, err)
	sk := sessions[0].SessionKey
	assert.Equal(t, se.Key, int64(sk))
	_, isString = wireKey(t, first(t, c.raw(t, sessPath+"/"+sk.String()+"/attendees")), "sessionKey")
	require.False(t, isString, "Attendee.sessionKey is a number")
	att, err := c.client.SessionAttendees(c.ctx, org, g2w.Key(w.Key), sk)
	require.NoError(t, err)
	assert.Equal(t, se.Key, int64(att[0].SessionKey))

	// registrantKey: a number everywhere it is read; it goes back into a path.
	rk := att[0].RegistrantKey
	assert.Equal(t, se.Attendees[0].RegistrantKey, int64(rk))
	reg, err := c.client.Registrant(c.ctx, org, g2w.Key(w.Key), rk)
	require.NoError(t, err)
	assert.Equal(t, rk, reg.RegistrantKey)

	// memberKey: a string (#9) that goes back into a path (#12).
	cw := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Coorganizers(w.Key)) > 0 })
	cos, err := c.client.Coorganizers(c.ctx, org, g2w.Key(cw.Key))
	require.NoError(t, err)
	ext := cos[len(cos)-1]
	require.True(t, ext.External)
	assert.Equal(t, c.fake.Coorganizers(cw.Key)[len(cos)-1].MemberKey, int64(ext.MemberKey))
	require.NoError(t, c.client.ResendCoorganizerInvitation(c.ctx, org, g2w.Key(cw.Key), ext.MemberKey, true))

	// Every key above is one a float64 would corrupt.
	var anyLossy bool
	for _, k := range []int64{want.Key, c.org.Key, se.Key, int64(rk), int64(ext.MemberKey)} {
		assert.Greater(t, k, twoTo53)
		anyLossy = anyLossy || lossy(k)
	}
	assert.True(t, anyLossy, "at least one key must lose digits through float64")
}
