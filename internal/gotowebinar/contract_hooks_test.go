package gotowebinar_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

func assertAsset(t *testing.T, want fake.RecordingAsset, got g2w.RecordingAsset, included bool) {
	t.Helper()
	assert.Equal(t, key(t, want.Key).String(), got.RecordingAssetKey)
	assert.Equal(t, want.Name, got.Name)
	assert.True(t, want.CreateTime.Equal(got.CreateTime), "%s != %s", want.CreateTime, got.CreateTime)
	assert.Equal(t, g2w.Key(want.CreatorKey), got.CreatorKey)
	assert.Equal(t, g2w.Key(want.AccountKey), got.AccountKey)
	assert.Equal(t, want.ReferenceCnt, got.TotalReferenceCount)
	assert.NotEmpty(t, got.ProductName)
	assert.NotEmpty(t, got.MP4DownloadURL)
	if included {
		assert.Equal(t, g2w.Key(want.WebinarKey), got.WebinarKey)
		assert.NotEmpty(t, got.RecordingShareURL)
	} else {
		assert.Zero(t, got.WebinarKey)
		assert.Empty(t, got.RecordingShareURL)
	}
}

// TestContractRecordings covers #40, #41 and #42.
func TestContractRecordings(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})
	want := c.fake.RecordingAssets()
	require.NotEmpty(t, want)
	byName := slices.Clone(want)
	slices.SortFunc(byName, func(a, b fake.RecordingAsset) int { return strings.Compare(a.Name, b.Name) })

	got, err := c.client.SearchRecordingAssets(c.ctx, g2w.RecordingAssetSearch{
		AccountKey: key(t, c.org.AccountKey), SortField: "NAME", SortOrder: "ASC",
	}, g2w.IncludeRecordingShareURL, g2w.IncludeWebinarKey)
	require.NoError(t, err)
	require.Len(t, got, len(byName))
	for i := range byName {
		assertAsset(t, byName[i], got[i], true)
	}

	byTime := slices.Clone(want)
	slices.SortStableFunc(byTime, func(a, b fake.RecordingAsset) int { return b.CreateTime.Compare(a.CreateTime) })
	from, to := c.window()
	got, err = c.client.SearchAccountRecordingAssets(c.ctx, g2w.Key(c.org.AccountKey), g2w.AccountRecordingAssetSearch{
		OrganizerKey: key(t, c.org.Key), FromTime: from, ToTime: to,
	})
	require.NoError(t, err)
	require.Len(t, got, len(byTime))
	for i := range byTime {
		assertAsset(t, byTime[i], got[i], false)
	}

	// fromTime/toTime of the account search (#41) bound createTime.
	mid := byTime[len(byTime)/2].CreateTime
	got, err = c.client.SearchAccountRecordingAssets(c.ctx, g2w.Key(c.org.AccountKey), g2w.AccountRecordingAssetSearch{
		OrganizerKey: g2w.Key(c.org.Key), FromTime: mid, SortOrder: "ASC",
	})
	require.NoError(t, err)
	var newer []fake.RecordingAsset
	for _, a := range want {
		if !a.CreateTime.Before(mid) {
			newer = append(newer, a)
		}
	}
	require.NotEmpty(t, newer)
	require.Less(t, len(newer), len(want))
	require.Len(t, got, len(newer))
	for i := range newer {
		assertAsset(t, newer[i], got[i], false)
	}
	got, err = c.client.SearchAccountRecordingAssets(c.ctx, g2w.Key(c.org.AccountKey), g2w.AccountRecordingAssetSearch{
		OrganizerKey: g2w.Key(c.org.Key), ToTime: mid.Add(-time.Second),
	})
	require.NoError(t, err)
	assert.Len(t, got, len(want)-len(newer))

	one := want[0]
	got, err = c.client.ListWebinarRecordingAssets(c.ctx, key(t, one.WebinarKey))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assertAsset(t, one, got[0], false)

	n := c.rec.count()
	for range c.client.RecordingAssets(c.ctx, g2w.RecordingAssetSearch{AccountKey: g2w.Key(c.org.AccountKey)}) {
		break
	}
	for range c.client.AccountRecordingAssets(c.ctx, g2w.Key(c.org.AccountKey), g2w.AccountRecordingAssetSearch{OrganizerKey: g2w.Key(c.org.Key)}) {
		break
	}
	for range c.client.WebinarRecordingAssets(c.ctx, g2w.Key(one.WebinarKey)) {
		break
	}
	assert.Len(t, c.rec.since(n), 3)

	// The search needs the caller's own account.
	_, err = c.client.SearchRecordingAssets(c.ctx, g2w.RecordingAssetSearch{AccountKey: g2w.Key(twoTo53 + 1)})
	require.ErrorIs(t, err, g2w.ErrNotFound)
}

// TestContractWebhooks covers #43 to #53: secret key, webhooks and user subscriptions
// from creation to deletion.
func TestContractWebhooks(t *testing.T) {
	t.Parallel()
	c := newContract(t, fake.Options{})

	secret, err := c.client.CreateWebhookSecretKey(c.ctx, time.Time{})
	require.NoError(t, err)
	assert.Positive(t, secret.ID)
	assert.NotEmpty(t, secret.Value)
	assert.WithinDuration(t, c.clock.Now(), secret.ValidFrom, time.Second)
	validFrom := c.clock.Now().Add(time.Hour).Truncate(time.Second)
	secret2, err := c.client.CreateWebhookSecretKey(c.ctx, validFrom)
	require.NoError(t, err)
	assert.Equal(t, secret.ID+1, secret2.ID)
	assert.True(t, validFrom.Equal(secret2.ValidFrom))

	hooks, err := c.client.CreateWebhooks(c.ctx, []g2w.WebhookCreate{
		{CallbackURL: "https://hooks.example.com/added", EventName: "registrant.added"},
		{CallbackURL: "https://hooks.example.com/changed", EventName: "webinar.changed"},
	})
	require.NoError(t, err)
	require.Len(t, hooks, 2)
	for _, h := range hooks {
		assert.NotEmpty(t, h.WebhookKey)
		assert.Equal(t, g2w.ProductG2W, h.Product)
		assert.Equal(t, g2w.WebhookEventVersion, h.EventVersion)
		assert.Equal(t, "INACTIVE", h.State)
		assert.False(t, h.CreateTime.IsZero())
	}
	require.NoError(t, c.client.UpdateWebhooks(c.ctx, []g2w.WebhookUpdate{{WebhookKey: hooks[0].WebhookKey, State: "ACTIVE"}}))
	h, err := c.client.Webhook(c.ctx, hooks[0].WebhookKey)
	require.NoError(t, err)
	assert.Equal(t, "ACTIVE", h.State)
	assert.Equal(t, "registrant.added", h.EventName)
	listed, err := c.client.ListWebhooks(c.ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{hooks[0].WebhookKey, hooks[1].WebhookKey},
		[]string{listed[0].WebhookKey, listed[1].WebhookKey})

	subs, err := c.client.CreateUserSubscriptions(c.ctx, []g2w.UserSubscriptionCreate{
		{WebhookKey: hooks[0].WebhookKey, UserSubscriptionState: "ACTIVE"},
		{WebhookKey: hooks[1].WebhookKey, CallbackURL: "https://hooks.example.com/mine"},
	})
	require.NoError(t, err)
	require.Len(t, subs, 2)
	assert.Equal(t, "ACTIVE", subs[0].ActivationState, "webhook and subscription both ACTIVE")
	assert.Equal(t, "INACTIVE", subs[1].ActivationState, "the webhook is still INACTIVE")
	assert.Equal(t, "https://hooks.example.com/added", subs[0].CallbackURL)
	assert.Equal(t, "registrant.added", subs[0].EventName)

	require.NoError(t, c.client.UpdateUserSubscriptions(c.ctx, []g2w.UserSubscriptionUpdate{{
		WebhookKey: hooks[0].WebhookKey, UserSubscriptionKey: subs[0].UserSubscriptionKey, UserSubscriptionState: "INACTIVE",
	}}))
	sub, err := c.client.UserSubscription(c.ctx, subs[0].UserSubscriptionKey)
	require.NoError(t, err)
	assert.Equal(t, "INACTIVE", sub.UserSubscriptionState)
	assert.Equal(t, "INACTIVE", sub.ActivationState)
	all, err := c.client.ListUserSubscriptions(c.ctx)
	require.NoError(t, err)
	assert.Len(t, all, 2)

	require.NoError(t, c.client.DeleteUserSubscriptions(c.ctx, []string{subs[0].UserSubscriptionKey, subs[1].UserSubscriptionKey}))
	_, err = c.client.UserSubscription(c.ctx, subs[0].UserSubscriptionKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	all, err = c.client.ListUserSubscriptions(c.ctx)
	require.NoError(t, err)
	assert.Empty(t, all)

	require.NoError(t, c.client.DeleteWebhooks(c.ctx, []string{hooks[0].WebhookKey, hooks[1].WebhookKey}))
	_, err = c.client.Webhook(c.ctx, hooks[0].WebhookKey)
	require.ErrorIs(t, err, g2w.ErrNotFound)
	listed, err = c.client.ListWebhooks(c.ctx)
	require.NoError(t, err)
	assert.Empty(t, listed)

	// An unknown event name is a 400.
	_, err = c.client.CreateWebhooks(c.ctx, []g2w.WebhookCreate{{CallbackURL: "https://x.example.com", EventName: "nope"}})
	require.ErrorIs(t, err, g2w.ErrValidation)
}
