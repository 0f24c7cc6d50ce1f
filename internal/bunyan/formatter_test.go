package bunyan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeLines parses every line of out as one JSON object.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	require.True(t, strings.HasSuffix(out, "\n"), "records end with a newline")
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var rec map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&rec), line)
		recs = append(recs, rec)
	}
	return recs
}

func newTestLogger(t *testing.T, level string, ctx map[string]string) (*logrus.Entry, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "sailor", level, ctx)
	require.NoError(t, err)
	return log, &buf
}

func TestRecordCoreFields(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	at := time.Date(2026, 1, 2, 4, 4, 5, 678_900_000, time.FixedZone("CET", 3600))
	log.WithTime(at).Info("hello world")

	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 1)
	rec := recs[0]
	host, err := os.Hostname()
	require.NoError(t, err)
	assert.Equal(t, "sailor", rec["name"])
	assert.Equal(t, host, rec["hostname"])
	assert.Equal(t, json.Number(fmt.Sprint(os.Getpid())), rec["pid"])
	assert.Equal(t, json.Number("30"), rec["level"])
	assert.Equal(t, "hello world", rec["msg"])
	assert.Equal(t, "2026-01-02T03:04:05.678Z", rec["time"])
	assert.Equal(t, json.Number("0"), rec["v"])
	assert.Len(t, rec, 7)
}

func TestRecordLevels(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "trace", nil)
	log.Trace("t")
	log.Debug("d")
	log.Info("i")
	log.Warn("w")
	log.Error("e")
	assert.Panics(t, func() { log.Panic("p") })

	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 6)
	for i, want := range []string{"10", "20", "30", "40", "50", "60"} {
		assert.Equal(t, json.Number(want), recs[i]["level"], recs[i]["msg"])
	}
}

func TestFatalLevelNumber(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "sailor", "info", nil)
	require.NoError(t, err)
	exited := -1
	log.Logger.ExitFunc = func(code int) { exited = code }
	log.Fatal("gone")

	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 1)
	assert.Equal(t, json.Number("60"), recs[0]["level"])
	assert.Equal(t, 1, exited)
}

func TestLevelThresholdFilters(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "warn", nil)
	log.Info("dropped")
	log.Warn("kept")
	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 1)
	assert.Equal(t, "kept", recs[0]["msg"])
}

func TestContextFieldsAndTag(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", map[string]string{
		"ELASTICIO_FLOW_ID": "flow-1",
		"ELASTICIO_STEP_ID": "step_1",
	})
	log.WithFields(logrus.Fields{"threadId": "T1", "messageId": "M1", "deliveryTag": uint64(7)}).Info("x")

	rec := decodeLines(t, buf.String())[0]
	assert.Equal(t, "flow-1", rec["ELASTICIO_FLOW_ID"])
	assert.Equal(t, "step_1", rec["ELASTICIO_STEP_ID"])
	assert.Equal(t, "flow-1", rec["tag"])
	assert.Equal(t, "T1", rec["threadId"])
	assert.Equal(t, "M1", rec["messageId"])
	assert.Equal(t, json.Number("7"), rec["deliveryTag"])
}

func TestNoTagWithoutFlowID(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", map[string]string{"ELASTICIO_STEP_ID": "s"})
	log.Info("x")
	rec := decodeLines(t, buf.String())[0]
	assert.NotContains(t, rec, "tag")
}

func TestNewLoggerRejectsBadLevel(t *testing.T) {
	t.Parallel()
	_, err := NewLogger(&bytes.Buffer{}, "sailor", "loud", nil)
	assert.ErrorIs(t, err, ErrUnknownLevel)
}

func TestErrorField(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	cause := &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}
	log.WithError(fmt.Errorf("load component: %w", cause)).Error("failed")
	log.WithField("cause", errors.New("boom")).Warn("w")

	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 2)
	assert.NotContains(t, recs[0], "error")
	assert.Equal(t, map[string]any{
		"message": "load component: open /x: file does not exist",
		"name":    "fmt.wrapError",
		"stack":   "load component: open /x: file does not exist",
	}, recs[0]["err"])
	assert.Equal(t, map[string]any{
		"message": "boom", "name": "errors.errorString", "stack": "boom",
	}, recs[1]["cause"])
}

func TestCoreFieldClashesArePrefixed(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	log.WithFields(logrus.Fields{
		"level": "mine", "msg": "m", "time": "t", "name": "n",
		"hostname": "h", "pid": "p", "v": 9,
	}).Info("real")

	rec := decodeLines(t, buf.String())[0]
	assert.Equal(t, json.Number("30"), rec["level"])
	assert.Equal(t, "real", rec["msg"])
	assert.Equal(t, "sailor", rec["name"])
	assert.Equal(t, json.Number("0"), rec["v"])
	assert.Equal(t, "mine", rec["fields.level"])
	assert.Equal(t, "m", rec["fields.msg"])
	assert.Equal(t, "t", rec["fields.time"])
	assert.Equal(t, "n", rec["fields.name"])
	assert.Equal(t, "h", rec["fields.hostname"])
	assert.Equal(t, "p", rec["fields.pid"])
	assert.Equal(t, json.Number("9"), rec["fields.v"])
}

func TestStableFieldOrder(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	log.WithTime(at).WithFields(logrus.Fields{"b": 2, "a": "1", "c": true}).Info("m")
	line := buf.String()
	rest := line[strings.Index(line, `,"level":30`):]
	assert.Equal(t, `,"level":30,"a":"1","b":2,"c":true,"msg":"m","time":"2026-01-02T03:04:05.000Z","v":0}`+"\n", rest)
}

func TestUnmarshalableFieldStillLogs(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	log.WithField("ch", make(chan int)).WithField("msgText", "line1\nline2 \"q\"").Info("still here")
	recs := decodeLines(t, buf.String())
	require.Len(t, recs, 1)
	assert.Equal(t, "still here", recs[0]["msg"])
	assert.IsType(t, "", recs[0]["ch"])
	assert.Equal(t, "line1\nline2 \"q\"", recs[0]["msgText"])
}

func TestFormatterName(t *testing.T) {
	t.Parallel()
	out, err := NewFormatter("component").Format(&logrus.Entry{
		Level: logrus.InfoLevel, Message: "x", Time: time.Unix(0, 0), Data: logrus.Fields{},
	})
	require.NoError(t, err)
	recs := decodeLines(t, string(out))
	assert.Equal(t, "component", recs[0]["name"])
	assert.Equal(t, "1970-01-01T00:00:00.000Z", recs[0]["time"])
}

// Strings are escaped as bunyan's JSON.stringify escapes them: every value
// reads back as the string that was logged, nothing is HTML-escaped, and a
// record stays on one line whatever the message holds.
func TestStringsEscapedLikeJSONStringify(t *testing.T) {
	t.Parallel()
	cases := []string{
		"", "plain", `quote " and backslash \`, "tab\tnew\nline\r",
		"\b\f\x00\x1f\x7f", "<a href='x'>&amp;</a>", "ünïcödé ✓ 🚀",
		"line\u2028sep\u2029para",
	}
	for _, s := range cases {
		log, buf := newTestLogger(t, "info", nil)
		log.WithField("value", s).Info(s)
		out := buf.String()
		assert.Equal(t, 1, strings.Count(out, "\n"), "one line for %q", s)
		rec := decodeLines(t, out)[0]
		assert.Equal(t, s, rec["value"], "field %q", s)
		assert.Equal(t, s, rec["msg"], "message %q", s)
	}

	log, buf := newTestLogger(t, "info", nil)
	log.Info("<b>&</b>")
	assert.Contains(t, buf.String(), `"msg":"<b>&</b>"`)
}

// Invalid UTF-8 does not break the record: it reads back with U+FFFD in
// place of each bad byte, as encoding/json would write it.
func TestInvalidUTF8IsReplaced(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	log.WithField("value", "ok\xffok\xc3").Info("m")
	rec := decodeLines(t, buf.String())[0]
	assert.Equal(t, "ok\ufffdok\ufffd", rec["value"])
}

// Numbers, booleans and other values keep their JSON types.
func TestValueTypes(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", nil)
	log.WithFields(logrus.Fields{
		"int": -42, "int64": int64(1) << 40, "uint64": uint64(1) << 63, "bool": false,
		"float": 1.5, "duration": 3 * time.Second, "list": []string{"a"}, "nil": nil,
	}).Info("m")
	rec := decodeLines(t, buf.String())[0]
	assert.Equal(t, json.Number("-42"), rec["int"])
	assert.Equal(t, json.Number("1099511627776"), rec["int64"])
	assert.Equal(t, json.Number("9223372036854775808"), rec["uint64"])
	assert.Equal(t, false, rec["bool"])
	assert.Equal(t, json.Number("1.5"), rec["float"])
	assert.Equal(t, json.Number("3000000000"), rec["duration"])
	assert.Equal(t, []any{"a"}, rec["list"])
	assert.Nil(t, rec["nil"])
	assert.Contains(t, rec, "nil")
}

func FuzzRecordStrings(f *testing.F) {
	f.Add("hello", "world")
	f.Add("\x00\"\\", "\u2028<>&")
	f.Fuzz(func(t *testing.T, key, value string) {
		var buf bytes.Buffer
		log, err := NewLogger(&buf, "sailor", "info", nil)
		require.NoError(t, err)
		log.WithField("k", value).WithField("x"+key, "v").Info(value)
		out := buf.String()
		require.Equal(t, 1, strings.Count(out, "\n"))
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &rec), out)
		// encoding/json's own rendering is the reference for what a
		// reader sees, invalid UTF-8 included.
		want, err := json.Marshal(value)
		require.NoError(t, err)
		var wantValue string
		require.NoError(t, json.Unmarshal(want, &wantValue))
		assert.Equal(t, wantValue, rec["k"])
		assert.Equal(t, wantValue, rec["msg"])
	})
}

// BenchmarkSettlementRecord formats a record shaped like the one the
// sailor writes for every message it settles: the §2.5 context plus the
// delivery's fields.
func BenchmarkSettlementRecord(b *testing.B) {
	ctx := map[string]string{}
	for _, k := range []string{"FLOW_ID", "EXEC_ID", "STEP_ID", "CONTAINER_ID", "WORKSPACE_ID",
		"USER_ID", "COMP_ID", "FUNCTION", "COMP_NAME", "FLOW_VERSION", "TENANT_ID", "API_USERNAME"} {
		ctx["ELASTICIO_"+k] = "5e1f0c2a9d3b4a0012345678"
	}
	var out bytes.Buffer
	log, err := NewLogger(&out, "sailor", "info", ctx)
	require.NoError(b, err)
	msg := log.WithFields(logrus.Fields{"messageId": "0b4f2a7e-1c3d-4e5f-8a9b-0c1d2e3f4a5b", "function": "passthrough"})
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		msg.WithFields(logrus.Fields{
			"deliveryTag": uint64(12345), "consumerTag": "amqpbus-0123456789abcdef", "redelivered": false,
			"reason": "processed", "duration_ms": int64(1), "settlement": "done", "outcome": "ack",
		}).Info("message acknowledged")
	}
}

// A field named like a context field replaces it, as logrus's WithField
// replaces a field: the record has the key once, with the entry's value.
func TestEntryFieldShadowsContextField(t *testing.T) {
	t.Parallel()
	log, buf := newTestLogger(t, "info", map[string]string{
		"ELASTICIO_FLOW_ID": "flow-1", "ELASTICIO_STEP_ID": "step_1", "level": "ctx",
	})
	log.WithFields(logrus.Fields{"ELASTICIO_STEP_ID": "step_2", "tag": "mine"}).Info("x")
	log.Info("y")

	line := strings.Split(buf.String(), "\n")[0]
	assert.Equal(t, 1, strings.Count(line, `"ELASTICIO_STEP_ID"`), line)
	assert.Equal(t, 1, strings.Count(line, `"tag"`), line)
	recs := decodeLines(t, buf.String())
	assert.Equal(t, "step_2", recs[0]["ELASTICIO_STEP_ID"])
	assert.Equal(t, "mine", recs[0]["tag"])
	assert.Equal(t, "flow-1", recs[0]["ELASTICIO_FLOW_ID"])
	assert.Equal(t, "ctx", recs[0]["fields.level"])
	assert.Equal(t, json.Number("30"), recs[0]["level"])
	assert.Equal(t, "step_1", recs[1]["ELASTICIO_STEP_ID"])
	assert.Equal(t, "flow-1", recs[1]["tag"])
}
