package gotowebinar_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// TestContractPanelists covers #14 to #17; CreatedPanelist.panelistKey arrives as a
// string, Panelist.panelistId as a number, and both must name the same panelist.
func TestContractPanelists(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	w := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Panelists(w.Key)) > 0 && c.future(w) })
	wk := key(t, w.Key)

	want := c.fake.Panelists(w.Key)
	got, err := c.client.Panelists(c.ctx, org, wk)
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i, p := range want {
		assert.Equal(t, key(t, p.Key), got[i].PanelistID)
		assert.Equal(t, p.Name, got[i].Name)
		assert.Equal(t, p.Email, got[i].Email)
		assert.Equal(t, p.JoinLink, got[i].JoinLink)
	}

	created, err := c.client.CreatePanelists(c.ctx, org, wk, []g2w.PanelistCreate{
		{Name: "Mary Jackson", Email: "mary.jackson@example.com"},
		{Name: "Christine Darden", Email: "christine.darden@example.com"},
	})
	require.NoError(t, err)
	require.Len(t, created, 2)
	after := c.fake.Panelists(w.Key)
	require.Len(t, after, len(want)+2)
	for i, p := range created {
		stored := after[len(want)+i]
		assert.Equal(t, key(t, stored.Key), p.PanelistKey)
		assert.Equal(t, stored.Name, p.Name)
		assert.Equal(t, stored.Email, p.Email)
		assert.Equal(t, stored.JoinLink, p.JoinLink)
	}
	listed, err := c.client.Panelists(c.ctx, org, wk)
	require.NoError(t, err)
	assert.Equal(t, created[0].PanelistKey, listed[len(want)].PanelistID, "string key in, number key out")

	require.NoError(t, c.client.ResendPanelistInvitation(c.ctx, org, wk, created[0].PanelistKey))
	require.NoError(t, c.client.DeletePanelist(c.ctx, org, wk, created[0].PanelistKey))
	assert.Len(t, c.fake.Panelists(w.Key), len(want)+1)
	err = c.client.DeletePanelist(c.ctx, org, wk, created[0].PanelistKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
}

// TestContractCoorganizers covers #9 to #12 with internal and external co-organizers.
func TestContractCoorganizers(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	seeded := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Coorganizers(w.Key)) > 0 && c.future(w) })

	want := c.fake.Coorganizers(seeded.Key)
	got, err := c.client.Coorganizers(c.ctx, org, key(t, seeded.Key))
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i, co := range want {
		assert.Equal(t, key(t, co.MemberKey), got[i].MemberKey)
		assert.Equal(t, co.GivenName, got[i].GivenName)
		assert.Equal(t, co.Surname, got[i].Surname)
		assert.Equal(t, co.Email, got[i].Email)
		assert.Equal(t, co.JoinLink, got[i].JoinLink)
		assert.Equal(t, co.External, got[i].External)
	}

	// A webinar without co-organizers: [] then one internal and one external.
	w := c.findWebinar(t, func(w fake.Webinar) bool { return len(c.fake.Coorganizers(w.Key)) == 0 && c.future(w) })
	wk := key(t, w.Key)
	empty, err := c.client.Coorganizers(c.ctx, org, wk)
	require.NoError(t, err)
	assert.Empty(t, empty)

	second := c.fake.Organizers()[1]
	created, err := c.client.CreateCoorganizers(c.ctx, org, wk, []g2w.CoorganizerCreate{
		{External: false, OrganizerKey: key(t, second.Key)},
		{External: true, GivenName: "Annie Easley", Email: "annie.easley@example.org"},
	})
	require.NoError(t, err)
	require.Len(t, created, 2)
	stored := c.fake.Coorganizers(w.Key)
	require.Len(t, stored, 2)
	assert.Equal(t, g2w.Key(second.Key), created[0].MemberKey)
	assert.Equal(t, second.LastName, created[0].Surname)
	assert.False(t, created[0].External)
	assert.Equal(t, key(t, stored[1].MemberKey), created[1].MemberKey)
	assert.True(t, created[1].External)
	assert.Empty(t, created[1].Surname)

	ext := created[1].MemberKey
	require.NoError(t, c.client.ResendCoorganizerInvitation(c.ctx, org, wk, ext, true))
	require.NoError(t, c.client.ResendCoorganizerInvitation(c.ctx, org, wk, created[0].MemberKey, false))
	// An external co-organizer is only found with external=true.
	err = c.client.DeleteCoorganizer(c.ctx, org, wk, ext, false)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	require.NoError(t, c.client.DeleteCoorganizer(c.ctx, org, wk, ext, true))
	require.NoError(t, c.client.DeleteCoorganizer(c.ctx, org, wk, created[0].MemberKey, false))
	assert.Empty(t, c.fake.Coorganizers(w.Key))
}

// TestContractAudio covers #18 and #19.
func TestContractAudio(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	org := g2w.Key(c.org.Key)
	w := c.findWebinar(t, c.future)
	wk := key(t, w.Key)

	a, err := c.client.Audio(c.ctx, org, wk)
	require.NoError(t, err)
	assert.Equal(t, "Hybrid", a.Type)
	require.Contains(t, a.ConfCallNumbers, "US")
	us := a.ConfCallNumbers["US"]
	assert.NotEmpty(t, us.Toll)
	assert.NotEmpty(t, us.TollFree)
	assert.Len(t, string(us.AccessCodes.Organizer), 9)
	assert.NotEmpty(t, us.AccessCodes.Panelist)
	assert.NotEmpty(t, us.AccessCodes.Attendee)

	require.NoError(t, c.client.UpdateAudio(c.ctx, org, wk, g2w.AudioUpdate{
		Type: "PSTN", PSTNInfo: &g2w.PSTNInfo{TollCountries: []string{"DE", "NO"}, TollFreeCountries: []string{"US"}},
	}, true))
	a, err = c.client.Audio(c.ctx, org, wk)
	require.NoError(t, err)
	assert.Equal(t, "PSTN", a.Type)
	assert.ElementsMatch(t, []string{"DE", "NO", "US"}, mapKeys(a.ConfCallNumbers))
	assert.Equal(t, us.AccessCodes, a.ConfCallNumbers["DE"].AccessCodes)

	require.NoError(t, c.client.UpdateAudio(c.ctx, org, wk, g2w.AudioUpdate{
		Type: "Private", PrivateInfo: &g2w.PrivateAudio{Attendee: "Dial +1 555 0100, code 42"},
	}, false))
	a, err = c.client.Audio(c.ctx, org, wk)
	require.NoError(t, err)
	assert.Equal(t, "Private", a.Type)
	assert.Empty(t, a.ConfCallNumbers)
	require.NotNil(t, a.PrivateInfo)
	assert.Equal(t, "Dial +1 555 0100, code 42", a.PrivateInfo.Attendee)

	// PSTN without countries is a 400.
	err = c.client.UpdateAudio(c.ctx, org, wk, g2w.AudioUpdate{Type: "PSTN"}, false)
	require.ErrorIs(t, err, g2w.ErrValidation)
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
