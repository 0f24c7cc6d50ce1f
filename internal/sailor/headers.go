package sailor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

// Header names of the platform protocol (sailor-protocol.md 5.4, 5.5).
const (
	hdrStepID           = "stepId"
	hdrMessageID        = "messageId"
	hdrParentMessageID  = "parentMessageId"
	hdrThreadID         = "threadId"
	hdrReplyTo          = "reply_to"
	hdrProtocolVersion  = "protocolVersion"
	hdrReboundIteration = "reboundIteration"
	hdrReboundReason    = "reboundReason"
	hdrStart            = "start"
	hdrEnd              = "end"
	hdrRetry            = "retry"
	hdrSnapshotEvent    = "snapshotEvent"
	hdrErrorResponse    = "x-eio-error-response"
	hdrMetaPrefix       = "x-eio-meta-"
	hdrTraceID          = "x-eio-meta-trace-id"
	hdrRoutingKey       = "x-eio-routing-key"
)

// inbound is what the sailor reads from a delivery's AMQP headers.
type inbound struct {
	stepID          string
	messageID       string
	parentMessageID string
	threadID        string
	replyTo         string
	meta            map[string]any // x-eio-meta-* with lower-cased names
	protocolVersion int
	// reboundIteration is the previous iteration, 0 when absent or not a number.
	reboundIteration int
}

func readInbound(h map[string]any) inbound {
	in := inbound{protocolVersion: 1}
	for name, v := range h {
		// Compare the prefix without lower-casing every header name: most
		// are camelCase, and ToLower would allocate a copy of each.
		if len(name) >= len(hdrMetaPrefix) && strings.EqualFold(name[:len(hdrMetaPrefix)], hdrMetaPrefix) {
			if in.meta == nil {
				in.meta = map[string]any{}
			}
			in.meta[strings.ToLower(name)] = nodeTyped(v)
		}
	}
	in.stepID = headerString(h[hdrStepID])
	in.messageID = headerString(h[hdrMessageID])
	in.parentMessageID = headerString(h[hdrParentMessageID])
	in.threadID = headerString(h[hdrThreadID])
	in.replyTo = headerString(h[hdrReplyTo])
	// The same reading the cipher's callers use, AMQP decimals included,
	// so a delivery is decoded exactly as its version says.
	in.protocolVersion = cipher.ProtocolVersion(h[hdrProtocolVersion])
	if n, ok := headerInt(h[hdrReboundIteration]); ok && n > 0 {
		in.reboundIteration = int(min(n, math.MaxInt32))
	}
	return in
}

// headerString renders a header value as the string the platform meant.
// Absent values are "".
func headerString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

// headerInt reads any integer, float or numeric-string header value, as
// Node's Number(x) would.
func headerInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		if x > math.MaxInt64 {
			return 0, false
		}
		return int64(x), true
	case float32:
		return floatInt(float64(x))
	case float64:
		return floatInt(x)
	case string:
		return stringInt(x)
	case []byte:
		return stringInt(string(x))
	}
	return 0, false
}

func floatInt(f float64) (int64, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f > math.MaxInt64 || f < math.MinInt64 {
		return 0, false
	}
	return int64(f), true
}

func stringInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return floatInt(f)
	}
	return 0, false
}

// intHeader returns n in the narrowest signed integer type that holds it,
// which is the type amqplib puts on the wire for a JS number, so consumers
// written against the Node sailor see the same field-table types.
func intHeader(n int64) any {
	switch {
	case n >= math.MinInt8 && n <= math.MaxInt8:
		return int8(n)
	case n >= math.MinInt16 && n <= math.MaxInt16:
		return int16(n)
	case n >= math.MinInt32 && n <= math.MaxInt32:
		return int32(n)
	}
	return n
}

// nodeTyped is a received header value as the Node sailor sends it on:
// amqplib decodes every AMQP number to a JS number and encodes it again in
// the narrowest signed integer type, or as a double when it is not whole,
// whatever type it came in. Nested tables and arrays are converted too;
// other values are returned as they are.
func nodeTyped(v any) any {
	switch x := v.(type) {
	case int8, int16, int32, int64, int, uint8, uint16, uint32:
		n, _ := headerInt(x)
		return intHeader(n)
	case uint64:
		if x <= math.MaxInt64 {
			return intHeader(int64(x))
		}
		return float64(x)
	case float32:
		return nodeTyped(float64(x))
	case float64:
		// amqplib sends any whole number below 2^63 as an integer.
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return intHeader(int64(x))
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = nodeTyped(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = nodeTyped(e)
		}
		return out
	}
	return v
}

// epochMillis is the form of the start and end headers: always int64, even
// when the value would fit a narrower type, because consumers read them as
// 64-bit timestamps.
func epochMillis(t time.Time) int64 { return t.UnixMilli() }

// baseHeaders builds the header set shared by the messages one delivery
// causes (sailor-protocol.md 5.5). The caller adds per-event headers and a
// messageId of its own.
func (s *Sailor) baseHeaders(in inbound, start time.Time) map[string]any {
	st := s.settings
	h := make(map[string]any, 16+len(in.meta)+len(st.AdditionalHeaders))
	for k, v := range in.meta {
		h[k] = v
	}
	if in.replyTo != "" {
		h[hdrReplyTo] = in.replyTo
	}
	for _, ah := range st.AdditionalHeaders {
		h[ah.Name] = ah.Value
	}
	if in.messageID != "" {
		h[hdrParentMessageID] = in.messageID
	}
	threadID := in.threadID
	if threadID == "" {
		threadID = headerString(in.meta[hdrTraceID])
	}
	if threadID == "" {
		threadID = NewUUID()
	}
	h[hdrThreadID] = threadID
	h["execId"] = st.ExecID
	h["taskId"] = st.FlowID
	h["workspaceId"] = st.WorkspaceID
	h["containerId"] = st.ContainerID
	h["userId"] = st.UserID
	h[hdrStepID] = st.StepID
	h["compId"] = st.CompID
	h["function"] = st.Function
	h[hdrStart] = epochMillis(start)
	return h
}

func copyHeaders(h map[string]any, extra int) map[string]any {
	c := make(map[string]any, len(h)+extra)
	for k, v := range h {
		c[k] = v
	}
	return c
}

// lookupFold finds a key case-insensitively, as the Node sailor does for
// x-eio-routing-key.
func lookupFold(h map[string]any, name string) (string, any, bool) {
	if v, ok := h[name]; ok {
		return name, v, true
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return k, v, true
		}
	}
	return "", nil, false
}
