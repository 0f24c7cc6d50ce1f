package fake

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPanelists(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { return upcoming(w) && len(e.srv.Panelists(w.Key)) > 0 })
	p := wbPath(e, w.Key) + "/panelists"
	list := arr(t, e.getOK(p))
	assertTypes(t, list[0].(map[string]any), map[string]string{"name": "s", "email": "s", "panelistId": "n", "joinLink": "s"})

	status, body := e.do(http.MethodPost, p, []map[string]string{{"name": "New Panelist", "email": "np@example.com"}})
	require.Equal(t, http.StatusCreated, status, string(body))
	created := arr(t, body)[0].(map[string]any)
	assertTypes(t, created, map[string]string{"name": "s", "email": "s", "joinLink": "s", "panelistKey": "s"})
	key := assertKey(t, created["panelistKey"], "s")
	status, _ = e.do(http.MethodPost, p+"/"+key+"/resendInvitation", nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = e.do(http.MethodDelete, p+"/"+key, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, body = e.do(http.MethodDelete, p+"/"+key, nil)
	assertAppError(t, status, http.StatusNotFound, body)
	status, body = e.do(http.MethodPost, p, []map[string]string{{"name": ""}})
	assertAppError(t, status, http.StatusBadRequest, body)
}

func TestCoorganizers(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { return upcoming(w) && len(e.srv.Coorganizers(w.Key)) == 0 })
	p := wbPath(e, w.Key) + "/coorganizers"
	assert.Empty(t, arr(t, e.getOK(p)))
	second := e.srv.Organizers()[1]
	status, body := e.do(http.MethodPost, p, []map[string]any{
		{"external": false, "organizerKey": second.Key},
		{"external": true, "givenName": "Ext Ernal", "email": "ext@example.org"},
	})
	require.Equal(t, http.StatusCreated, status, string(body))
	list := arr(t, e.getOK(p))
	require.Len(t, list, 2)
	internal, external := list[0].(map[string]any), list[1].(map[string]any)
	assertTypes(t, internal, map[string]string{"memberKey": "s", "givenName": "s", "surname": "s", "email": "s", "joinLink": "s", "external": "b"})
	assert.NotContains(t, external, "surname")
	extKey := assertKey(t, external["memberKey"], "s")

	status, body = e.do(http.MethodDelete, p+"/"+extKey, nil)
	assertAppError(t, status, http.StatusNotFound, body) // external needs external=true
	status, _ = e.do(http.MethodPost, p+"/"+extKey+"/resendInvitation?external=true", nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = e.do(http.MethodDelete, p+"/"+extKey+"?external=true", nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = e.do(http.MethodDelete, p+"/"+keyString(second.Key), nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, body = e.do(http.MethodPost, p, []map[string]any{{"external": false, "organizerKey": e.org.Key}})
	assertAppError(t, status, http.StatusBadRequest, body)
}

func TestAudio(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(upcoming)
	p := wbPath(e, w.Key) + "/audio"
	m := obj(t, e.getOK(p))
	assertTypes(t, m, map[string]string{"type": "s", "confCallNumbers": "o"})
	status, _ := e.do(http.MethodPost, p+"?notifyParticipants=false", map[string]any{"type": "PSTN", "pstnInfo": map[string]any{"tollCountries": []string{"DE", "US"}}})
	require.Equal(t, http.StatusNoContent, status)
	assert.Contains(t, obj(t, e.getOK(p))["confCallNumbers"], "DE")
	status, body := e.do(http.MethodPost, p, map[string]any{"type": "PSTN"})
	assertAppError(t, status, http.StatusBadRequest, body)
	status, body = e.do(http.MethodPost, p, map[string]any{"type": "Carrier pigeon"})
	assertAppError(t, status, http.StatusBadRequest, body)
}

func TestRecordings(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	status, body := e.do(http.MethodPost, "/G2W/rest/v2/recordingassets/search?includes=webinarKey", map[string]any{"accountKey": keyString(e.org.AccountKey)})
	require.Equal(t, http.StatusOK, status, string(body))
	items := obj(t, body)["_embedded"].(map[string]any)["recordingAssets"].([]any)
	require.NotEmpty(t, items)
	a := items[0].(map[string]any)
	assertTypes(t, a, map[string]string{"name": "s", "recordingAssetKey": "s", "productName": "s", "createTime": "s",
		"creatorKey": "s", "accountKey": "s", "totalReferenceCount": "n", "mp4DownloadUrl": "s", "webinarKey": "s"})
	assert.NotContains(t, a, "recordingShareUrl")

	status, body = e.do(http.MethodPost, "/G2W/rest/v2/recordingassets/search", map[string]any{})
	assertAppError(t, status, http.StatusBadRequest, body)
	status, body = e.do(http.MethodPost, "/G2W/rest/v2/accounts/"+keyString(e.org.AccountKey)+"/recordingassets/search", map[string]any{"organizerKey": e.org.Key})
	require.Equal(t, http.StatusOK, status, string(body))

	m := obj(t, e.getOK("/G2W/rest/v2/webinars/"+a["webinarKey"].(string)+"/recordingAssets?page=0&limit=10"))
	assertTypes(t, m, map[string]string{"data": "a", "total": "n", "page": "n", "pageSize": "n"})
	assert.Equal(t, 1, atoi(t, m["total"]))
}

func TestWebhooksAndSubscriptions(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	base := "/G2W/rest/v2"
	status, body := e.do(http.MethodPost, base+"/webhooks/secretkey", nil)
	require.Equal(t, http.StatusOK, status, string(body))
	assertTypes(t, obj(t, body), map[string]string{"id": "n", "value": "s", "validFrom": "s"})

	status, body = e.do(http.MethodPost, base+"/webhooks", []map[string]string{{"callbackUrl": "https://hooks.example.com/g2w",
		"eventName": "registrant.added", "eventVersion": "1.0.0", "product": "g2w"}})
	require.Equal(t, http.StatusOK, status, string(body))
	hook := obj(t, body)["_embedded"].(map[string]any)["webhooks"].([]any)[0].(map[string]any)
	assert.Equal(t, "INACTIVE", hook["state"])
	hk := hook["webhookKey"].(string)
	status, _ = e.do(http.MethodPut, base+"/webhooks", []map[string]string{{"webhookKey": hk, "state": "ACTIVE"}})
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "ACTIVE", obj(t, e.getOK(base+"/webhooks/"+hk))["state"])
	status, body = e.do(http.MethodGet, base+"/webhooks", nil)
	assertAppError(t, status, http.StatusBadRequest, body)
	assert.Len(t, obj(t, e.getOK(base+"/webhooks?product=g2w"))["_embedded"].(map[string]any)["webhooks"], 1)

	status, body = e.do(http.MethodPost, base+"/userSubscriptions", []map[string]string{{"webhookKey": hk, "userSubscriptionState": "ACTIVE"}})
	require.Equal(t, http.StatusOK, status, string(body))
	sub := obj(t, body)["_embedded"].(map[string]any)["userSubscriptions"].([]any)[0].(map[string]any)
	assert.Equal(t, "ACTIVE", sub["activationState"])
	sk := sub["userSubscriptionKey"].(string)
	status, _ = e.do(http.MethodPut, base+"/userSubscriptions", []map[string]string{{"webhookKey": hk, "userSubscriptionKey": sk, "userSubscriptionState": "INACTIVE"}})
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "INACTIVE", obj(t, e.getOK(base+"/userSubscriptions/"+sk))["activationState"])
	assert.Len(t, obj(t, e.getOK(base+"/userSubscriptions?product=g2w"))["_embedded"].(map[string]any)["userSubscriptions"], 1)

	status, _ = e.do(http.MethodDelete, base+"/userSubscriptions", []string{sk})
	assert.Equal(t, http.StatusAccepted, status)
	status, _ = e.do(http.MethodDelete, base+"/webhooks", []string{hk})
	assert.Equal(t, http.StatusAccepted, status)
	status, body = e.do(http.MethodGet, base+"/webhooks/"+hk, nil)
	assertAppError(t, status, http.StatusNotFound, body)
}
