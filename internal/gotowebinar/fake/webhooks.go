package fake

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"time"
)

// webhook is one developer-app webhook; webhooks are per app, not per
// organizer.
type webhook struct {
	key, callbackURL, eventName, eventVersion, state string
	created                                          time.Time
}

// subscription is one user's subscription to a webhook.
type subscription struct {
	key, webhookKey, callbackURL, state string
	organizer                           int64
	created                             time.Time
}

var eventNames = []string{"registrant.added", "registrant.joined", "webinar.created", "webinar.changed", "survey.submitted"}

func (h *webhook) json() map[string]any {
	return map[string]any{"webhookKey": h.key, "callbackUrl": h.callbackURL, "eventName": h.eventName,
		"eventVersion": h.eventVersion, "product": "g2w", "state": h.state, "createTime": formatMillis(h.created)}
}

func (s *Server) subscriptionJSON(u *subscription) map[string]any {
	h := s.st.webhooks[u.webhookKey]
	out := map[string]any{"userSubscriptionKey": u.key, "webhookKey": u.webhookKey, "callbackUrl": u.callbackURL,
		"product": "g2w", "userSubscriptionState": u.state, "activationState": "INACTIVE", "createTime": formatMillis(u.created)}
	if h != nil {
		out["eventName"], out["eventVersion"] = h.eventName, h.eventVersion
		if u.callbackURL == "" {
			out["callbackUrl"] = h.callbackURL
		}
		if h.state == "ACTIVE" && u.state == "ACTIVE" {
			out["activationState"] = "ACTIVE"
		}
	}
	return out
}

func validCallback(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func validState(v string) bool { return v == "" || v == "ACTIVE" || v == "INACTIVE" }

// createSecretKey serves POST /webhooks/secretkey.
func (s *Server) createSecretKey(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	var in struct {
		ValidFrom string `json:"validFrom"`
	}
	if r.ContentLength != 0 && !s.decodeBody(w, r, &in) {
		return
	}
	from := s.opts.Now()
	if in.ValidFrom != "" {
		t, err := parseInstant(in.ValidFrom)
		if err != nil {
			s.badRequest(w, "invalid validFrom")
			return
		}
		from = t
	}
	s.st.secretKeys++
	writeJSON(w, http.StatusOK, map[string]any{"id": s.st.secretKeys, "value": s.st.newUUID(), "validFrom": formatMillis(from)})
}

// createWebhooks serves POST /webhooks; new webhooks start INACTIVE.
func (s *Server) createWebhooks(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	var in []struct {
		CallbackURL  string `json:"callbackUrl"`
		EventName    string `json:"eventName"`
		EventVersion string `json:"eventVersion"`
		Product      string `json:"product"`
	}
	if !s.decodeBody(w, r, &in) {
		return
	}
	if len(in) == 0 {
		s.badRequest(w, "at least one webhook is required")
		return
	}
	for _, h := range in {
		if !validCallback(h.CallbackURL) || !slices.Contains(eventNames, h.EventName) || h.EventVersion != "1.0.0" || h.Product != "g2w" {
			s.badRequest(w, "webhooks need a callbackUrl, a known eventName, eventVersion 1.0.0 and product g2w")
			return
		}
	}
	out := []map[string]any{}
	for _, h := range in {
		wh := &webhook{key: s.st.newUUID(), callbackURL: h.CallbackURL, eventName: h.EventName,
			eventVersion: h.EventVersion, state: "INACTIVE", created: s.opts.Now()}
		s.st.webhooks[wh.key] = wh
		out = append(out, wh.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"_embedded": map[string]any{"webhooks": out}})
}

// updateWebhooks serves PUT /webhooks: 204.
func (s *Server) updateWebhooks(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	var in []struct {
		WebhookKey  string `json:"webhookKey"`
		CallbackURL string `json:"callbackUrl"`
		State       string `json:"state"`
	}
	if !s.decodeBody(w, r, &in) {
		return
	}
	for _, h := range in {
		if !validState(h.State) || (h.CallbackURL != "" && !validCallback(h.CallbackURL)) {
			s.badRequest(w, "invalid state or callbackUrl")
			return
		}
		if s.st.webhooks[h.WebhookKey] == nil {
			s.notFound(w, "Webhook")
			return
		}
	}
	for _, h := range in {
		wh := s.st.webhooks[h.WebhookKey]
		if h.CallbackURL != "" {
			wh.callbackURL = h.CallbackURL
		}
		if h.State != "" {
			wh.state = h.State
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// requireProduct enforces the mandatory product=g2w query parameter.
func (s *Server) requireProduct(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Query().Get("product") != "g2w" {
		s.badRequest(w, "product=g2w is required")
		return false
	}
	return true
}

// listWebhooks serves GET /webhooks?product=g2w.
func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	if !s.requireProduct(w, r) {
		return
	}
	keys := slices.Sorted(maps.Keys(s.st.webhooks))
	out := []map[string]any{}
	for _, k := range keys {
		out = append(out, s.st.webhooks[k].json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"_embedded": map[string]any{"webhooks": out}})
}

// deleteWebhooks serves DELETE /webhooks with a JSON array of keys: 202.
func (s *Server) deleteWebhooks(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	var keys []string
	if !s.decodeBody(w, r, &keys) {
		return
	}
	for _, k := range keys {
		if s.st.webhooks[k] == nil {
			s.notFound(w, "Webhook")
			return
		}
	}
	for _, k := range keys {
		delete(s.st.webhooks, k)
	}
	w.WriteHeader(http.StatusAccepted)
}

// getWebhook serves GET /webhooks/{webhookKey}.
func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request, _ *Organizer) {
	wh := s.st.webhooks[r.PathValue("webhookKey")]
	if wh == nil {
		s.notFound(w, "Webhook")
		return
	}
	writeJSON(w, http.StatusOK, wh.json())
}

// createSubscriptions serves POST /userSubscriptions for the token owner.
func (s *Server) createSubscriptions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	var in []struct {
		WebhookKey  string `json:"webhookKey"`
		CallbackURL string `json:"callbackUrl"`
		State       string `json:"userSubscriptionState"`
	}
	if !s.decodeBody(w, r, &in) {
		return
	}
	if len(in) == 0 {
		s.badRequest(w, "at least one subscription is required")
		return
	}
	for _, u := range in {
		if !validState(u.State) || (u.CallbackURL != "" && !validCallback(u.CallbackURL)) {
			s.badRequest(w, "invalid userSubscriptionState or callbackUrl")
			return
		}
		if s.st.webhooks[u.WebhookKey] == nil {
			s.notFound(w, "Webhook")
			return
		}
	}
	out := []map[string]any{}
	for _, u := range in {
		sub := &subscription{key: s.st.newUUID(), webhookKey: u.WebhookKey, callbackURL: u.CallbackURL,
			state: u.State, organizer: who.Key, created: s.opts.Now()}
		if sub.state == "" {
			sub.state = "ACTIVE"
		}
		s.st.subscriptions[sub.key] = sub
		out = append(out, s.subscriptionJSON(sub))
	}
	writeJSON(w, http.StatusOK, map[string]any{"_embedded": map[string]any{"userSubscriptions": out}})
}

// updateSubscriptions serves PUT /userSubscriptions: 204.
func (s *Server) updateSubscriptions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	var in []struct {
		WebhookKey  string `json:"webhookKey"`
		Key         string `json:"userSubscriptionKey"`
		CallbackURL string `json:"callbackUrl"`
		State       string `json:"userSubscriptionState"`
	}
	if !s.decodeBody(w, r, &in) {
		return
	}
	for _, u := range in {
		sub := s.st.subscriptions[u.Key]
		if !validState(u.State) || u.WebhookKey == "" {
			s.badRequest(w, "webhookKey and userSubscriptionKey are required")
			return
		}
		if sub == nil || sub.organizer != who.Key || sub.webhookKey != u.WebhookKey {
			s.notFound(w, "User subscription")
			return
		}
	}
	for _, u := range in {
		sub := s.st.subscriptions[u.Key]
		if u.CallbackURL != "" {
			sub.callbackURL = u.CallbackURL
		}
		if u.State != "" {
			sub.state = u.State
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// listSubscriptions serves GET /userSubscriptions?product=g2w.
func (s *Server) listSubscriptions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	if !s.requireProduct(w, r) {
		return
	}
	var subs []*subscription
	for _, u := range s.st.subscriptions {
		if u.organizer == who.Key {
			subs = append(subs, u)
		}
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].key < subs[j].key })
	out := []map[string]any{}
	for _, u := range subs {
		out = append(out, s.subscriptionJSON(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"_embedded": map[string]any{"userSubscriptions": out}})
}

// deleteSubscriptions serves DELETE /userSubscriptions with a JSON array
// of keys: 202.
func (s *Server) deleteSubscriptions(w http.ResponseWriter, r *http.Request, who *Organizer) {
	var keys []string
	if !s.decodeBody(w, r, &keys) {
		return
	}
	for _, k := range keys {
		if u := s.st.subscriptions[k]; u == nil || u.organizer != who.Key {
			s.notFound(w, "User subscription")
			return
		}
	}
	for _, k := range keys {
		delete(s.st.subscriptions, k)
	}
	w.WriteHeader(http.StatusAccepted)
}

// getSubscription serves GET /userSubscriptions/{userSubscriptionKey}.
func (s *Server) getSubscription(w http.ResponseWriter, r *http.Request, who *Organizer) {
	u := s.st.subscriptions[r.PathValue("userSubscriptionKey")]
	if u == nil || u.organizer != who.Key {
		s.notFound(w, "User subscription")
		return
	}
	writeJSON(w, http.StatusOK, s.subscriptionJSON(u))
}
