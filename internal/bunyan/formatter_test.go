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
