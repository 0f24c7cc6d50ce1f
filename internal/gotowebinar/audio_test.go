package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestAudioEndpoints(t *testing.T) {
	t.Parallel()
	p := "/organizers/1234567890123456789/webinars/5620084814059709442/audio"
	runEndpointCases(t, []endpointCase{{
		name: "#18 audio", method: http.MethodGet, path: p, status: 200,
		resp: `{"type":"Hybrid","confCallNumbers":{"US":{"toll":"+1 555 0100","tollFree":"+1 800 0100",
			"accessCodes":{"organizer":123456789,"panelist":"0234567","attendee":345678901}}}}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Audio(ctx, orgKey, wbKey) },
		want: &Audio{Type: "Hybrid", ConfCallNumbers: map[string]ConfCallNumber{"US": {
			Toll: "+1 555 0100", TollFree: "+1 800 0100",
			AccessCodes: AccessCodes{Organizer: "123456789", Panelist: "0234567", Attendee: "345678901"},
		}}},
	}, {
		name: "#19 update audio", method: http.MethodPost, path: p, query: url.Values{"notifyParticipants": {"false"}},
		body:   `{"type":"PSTN","pstnInfo":{"tollCountries":["US","DE"],"tollFreeCountries":["GB"]}}`,
		status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.UpdateAudio(ctx, orgKey, wbKey, AudioUpdate{Type: "PSTN",
				PSTNInfo: &PSTNInfo{TollCountries: []string{"US", "DE"}, TollFreeCountries: []string{"GB"}}}, false)
		},
	}})
}
