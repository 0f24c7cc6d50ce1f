package platform

import (
	"io"
	"net/http"
)

const (
	// defaultBodyLimit bounds every platform API response we read.
	defaultBodyLimit int64 = 1 << 20
	// objectBodyLimit bounds an object downloaded from object storage; the
	// sailor's outgoing message limit is 10 MiB, so this leaves headroom.
	objectBodyLimit int64 = 32 << 20
	// drainLimit is how much of an unread body we discard to keep the
	// connection reusable; beyond it closing the connection is cheaper.
	drainLimit int64 = 64 << 10
)

// readLimited reads resp.Body up to limit bytes. full is false when the body
// is longer than limit; the bytes read so far are then returned truncated.
func readLimited(resp *http.Response, limit int64) (data []byte, full bool, err error) {
	if resp.ContentLength > limit {
		return nil, false, nil
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], false, err
	}
	return data, true, err
}

// drainAndClose discards a bounded remainder of body so that the keep-alive
// connection can be reused, then closes it.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	_ = body.Close()
}
