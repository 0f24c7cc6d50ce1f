package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func coorganizerMap(wk int64, c fake.Coorganizer) map[string]any {
	m := map[string]any{"memberKey": keyString(c.MemberKey), "coorganizerKey": keyString(c.MemberKey), "webinarKey": keyString(wk),
		"givenName": c.GivenName, "email": c.Email, "joinLink": c.JoinLink, "external": c.External}
	if c.Surname != "" {
		m["surname"] = c.Surname
	}
	return m
}

func TestAddCoorganizers(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("addCoorganizers", e.comp.addCoorganizers)
	w := upcomingWebinar(t, e, 1)
	require.Empty(t, e.fake.Coorganizers(w.Key))
	second := e.fake.Organizers()[1]

	t.Run("an external one by name and email, an internal one by organizerKey", func(t *testing.T) {
		r := e.run("addCoorganizers", h, map[string]any{"coorganizers": []any{
			map[string]any{"givenName": "Eve", "surname": "Outside", "email": "eve@example.org"},
			map[string]any{"external": false, "organizerKey": second.Key},
		}}, e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		cs := e.fake.Coorganizers(w.Key)
		require.Len(t, cs, 2)
		assert.Equal(t, "Eve Outside", cs[0].GivenName, "GoTo takes an external one's full name in givenName")
		assert.True(t, cs[0].External)
		assert.Equal(t, second.Key, cs[1].MemberKey)
		require.Len(t, r.Data, 2)
		for i, c := range cs {
			assert.Equal(t, coorganizerMap(w.Key, c), r.Data[i])
		}
	})
	t.Run("errors name the field and add nothing", func(t *testing.T) {
		cfg := e.config(map[string]any{"webinarKey": keyString(w.Key)})
		cases := []struct {
			item any
			want string
		}{
			{map[string]any{"external": false, "organizerKey": second.Key, "email": "x@example.com"}, "coorganizers[0].email: GoToWebinar takes an internal co-organizer by organizerKey only"},
			{map[string]any{"external": false}, "coorganizers[0].organizerKey: is required for an internal co-organizer"},
			{map[string]any{"external": true, "givenName": "Eve", "email": "eve@example.org", "organizerKey": "1"}, "coorganizers[0].organizerKey: is for internal co-organizers only"},
			{map[string]any{"givenName": "Eve"}, `coorganizers[0].email: "" is not an email address`},
			{map[string]any{"email": "eve@example.org"}, "coorganizers[0].givenName: is required"},
			{map[string]any{"external": "maybe", "email": "eve@example.org"}, "coorganizers[0].external: must be true or false"},
			{map[string]any{"givenName": "Eve", "email": "eve@example.org", "role": "host"}, "coorganizers[0].role: is not a property GoToWebinar takes here"},
			{map[string]any{"external": false, "organizerKey": e.organizer.Key}, "GoToWebinar refused the input"},
		}
		for _, c := range cases {
			rejectedWith(t, e.run("addCoorganizers", h, map[string]any{"coorganizers": []any{c.item}}, cfg, nil), c.want)
		}
		rejectedWith(t, e.run("addCoorganizers", h, map[string]any{}, cfg, nil), "coorganizers: is required")
		assert.Len(t, e.fake.Coorganizers(w.Key), 2)
	})
}
