package gotowebinar

import (
	"encoding/json"
	"time"
)

// DateTimeRange is one scheduled interval. Times are instants; GoTo wants them in UTC
// with a Z suffix, whatever location the caller's time.Time carries.
type DateTimeRange struct {
	StartTime time.Time `json:"startTime"`
	EndTime   time.Time `json:"endTime"`
}

// MarshalJSON writes both times as RFC 3339 UTC instants.
func (r DateTimeRange) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		StartTime string `json:"startTime"`
		EndTime   string `json:"endTime"`
	}{formatTime(r.StartTime), formatTime(r.EndTime)})
}
