package fake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// assetJSON renders Asset; recordingShareUrl and webinarKey only when
// requested through includes.
func assetJSON(a *RecordingAsset, includes []string) map[string]any {
	out := map[string]any{
		"name": a.Name, "recordingAssetKey": keyString(a.Key), "productName": "g2w",
		"createTime": formatMillis(a.CreateTime), "creatorKey": keyString(a.CreatorKey),
		"accountKey": keyString(a.AccountKey), "totalReferenceCount": a.ReferenceCnt,
		"mp4DownloadUrl":        "https://recordings.gotowebinar.com/" + keyString(a.Key) + ".mp4",
		"transcriptDownloadUrl": "https://recordings.gotowebinar.com/" + keyString(a.Key) + ".vtt",
	}
	if slices.Contains(includes, "recordingShareUrl") {
		out["recordingShareUrl"] = "https://attendee.gotowebinar.com/recording/" + keyString(a.Key)
	}
	if slices.Contains(includes, "webinarKey") {
		out["webinarKey"] = keyString(a.WebinarKey)
	}
	return out
}

// includesOf accepts includes as repeated parameters or comma-separated.
func includesOf(r *http.Request) []string {
	var out []string
	for _, v := range r.URL.Query()["includes"] {
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}

type assetSearchIn struct {
	AccountKey   *flexKey `json:"accountKey"`
	OrganizerKey *flexKey `json:"organizerKey"`
	Name         string   `json:"name"`
	SortField    string   `json:"sortField"`
	SortOrder    string   `json:"sortOrder"`
	// FromTime and ToTime (account search only) bound createTime.
	FromTime string `json:"fromTime"`
	ToTime   string `json:"toTime"`
}

// createdWithin parses the optional fromTime/toTime of the account search
// into a createTime filter.
func (in assetSearchIn) createdWithin() (func(*RecordingAsset) bool, error) {
	from, to := time.Time{}, time.Unix(1<<40, 0)
	for _, b := range []struct {
		name, v string
		into    *time.Time
	}{{"fromTime", in.FromTime, &from}, {"toTime", in.ToTime, &to}} {
		if b.v == "" {
			continue
		}
		t, err := parseInstant(b.v)
		if err != nil {
			return nil, fmt.Errorf("%s must be an ISO-8601 instant", b.name)
		}
		*b.into = t
	}
	return func(a *RecordingAsset) bool { return !a.CreateTime.Before(from) && !a.CreateTime.After(to) }, nil
}

// searchRecordings serves POST /recordingassets/search.
func (s *Server) searchRecordings(w http.ResponseWriter, r *http.Request, who *Organizer) {
	var in assetSearchIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	if in.AccountKey == nil {
		s.badRequest(w, "accountKey is required")
		return
	}
	if int64(*in.AccountKey) != who.AccountKey {
		s.notFound(w, "Account")
		return
	}
	s.writeAssets(w, r, in, func(a *RecordingAsset) bool { return a.AccountKey == who.AccountKey })
}

// searchAccountRecordings serves POST /accounts/{accountKey}/recordingassets/search.
func (s *Server) searchAccountRecordings(w http.ResponseWriter, r *http.Request, who *Organizer) {
	k, ok := s.pathKey(w, r, "accountKey")
	if !ok {
		return
	}
	if k != who.AccountKey {
		s.notFound(w, "Account")
		return
	}
	var in assetSearchIn
	if !s.decodeBody(w, r, &in) {
		return
	}
	if in.OrganizerKey == nil {
		s.badRequest(w, "organizerKey is required")
		return
	}
	within, err := in.createdWithin()
	if err != nil {
		s.badRequest(w, "%v", err)
		return
	}
	s.writeAssets(w, r, in, func(a *RecordingAsset) bool { return a.CreatorKey == int64(*in.OrganizerKey) && within(a) })
}

func (s *Server) writeAssets(w http.ResponseWriter, r *http.Request, in assetSearchIn, keep func(*RecordingAsset) bool) {
	field, order := in.SortField, in.SortOrder
	if field == "" {
		field = "CREATETIME"
	}
	if order == "" {
		order = "DESC"
	}
	if (field != "CREATETIME" && field != "NAME") || (order != "ASC" && order != "DESC") {
		s.badRequest(w, "sortField must be CREATETIME or NAME and sortOrder ASC or DESC")
		return
	}
	page, size, ok := s.pageA(w, r)
	if !ok {
		return
	}
	var list []*RecordingAsset
	for _, a := range s.st.assets {
		if keep(a) && strings.Contains(strings.ToLower(a.Name), strings.ToLower(in.Name)) {
			list = append(list, a)
		}
	}
	slices.SortStableFunc(list, func(a, b *RecordingAsset) int {
		c := a.CreateTime.Compare(b.CreateTime)
		if field == "NAME" {
			c = strings.Compare(a.Name, b.Name)
		}
		if order == "DESC" {
			c = -c
		}
		return c
	})
	inc := includesOf(r)
	var items []map[string]any
	for _, a := range list {
		items = append(items, assetJSON(a, inc))
	}
	writePageA(w, "recordingAssets", items, page, size)
}

// webinarRecordings serves GET /webinars/{webinarKey}/recordingAssets:
// {data, total, page, pageSize}.
func (s *Server) webinarRecordings(w http.ResponseWriter, r *http.Request, who *Organizer) {
	wb := s.ownedWebinar(w, r, who)
	if wb == nil {
		return
	}
	page, limit, _, ok := s.pageB(w, r)
	if !ok {
		return
	}
	items := []map[string]any{}
	for _, a := range s.st.assets {
		if a.WebinarKey == wb.Key {
			items = append(items, assetJSON(a, includesOf(r)))
		}
	}
	lo, hi := bounds(len(items), page, limit)
	writeJSON(w, http.StatusOK, map[string]any{"data": items[lo:hi], "total": len(items), "page": page, "pageSize": hi - lo})
}
