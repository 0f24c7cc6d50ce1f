package fake

import "net/http"

// getMe serves the Admin API's GET /admin/rest/v1/me: the token owner.
// GoTo's Admin API types keys as strings (unverified; peers only read
// them), so key and accountKey are JSON strings here.
func (s *Server) getMe(w http.ResponseWriter, _ *http.Request, who *Organizer) {
	writeJSON(w, http.StatusOK, map[string]any{
		"key":        keyString(who.Key),
		"accountKey": keyString(who.AccountKey),
		"email":      who.Email,
		"firstName":  who.FirstName,
		"lastName":   who.LastName,
		"locale":     who.Locale,
		"timeZone":   who.TimeZone,
		"createTime": formatMillis(who.CreateTime),
		"accounts": []map[string]any{{
			"key":  keyString(who.AccountKey),
			"name": "Sandbox Account",
		}},
	})
}
