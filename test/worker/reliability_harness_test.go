package worker_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

// Harness parts of the reliability tests (reliability.md §3): a fake REST
// API the test component calls per message, bulk input, settlement log
// lines, queue and process figures, the broker memory alarm.

// apiCall is one request the test component made to the fake REST API.
type apiCall struct {
	ID  string
	Pid string
	At  time.Time
}

// restAPI stands for the API a component calls (GoToWebinar): it records
// every call with the message id in its query and the calling process.
type restAPI struct {
	*httptest.Server

	mu          sync.Mutex
	calls       []apiCall
	delay       time.Duration
	status      int
	hang        bool
	inflight    int
	maxInflight int
	cancelled   []time.Time
}

func newRESTAPI(t *testing.T, delay time.Duration) *restAPI {
	t.Helper()
	a := &restAPI{delay: delay, status: http.StatusOK}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.Close)
	return a
}

func (a *restAPI) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.calls = append(a.calls, apiCall{ID: r.URL.Query().Get("id"), Pid: r.Header.Get("X-Worker-Pid"), At: time.Now()})
	a.inflight++
	a.maxInflight = max(a.maxInflight, a.inflight)
	delay, status, hang := a.delay, a.status, a.hang
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.inflight--
		a.mu.Unlock()
	}()
	if hang {
		<-r.Context().Done() // until the client gives up
		a.mu.Lock()
		a.cancelled = append(a.cancelled, time.Now())
		a.mu.Unlock()
		return
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{}`))
}

func (a *restAPI) set(f func(a *restAPI)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f(a)
}

// url is the address the test component calls for message id.
func (a *restAPI) url(id string) string { return a.URL + "/call?id=" + id }

// body is a passthrough/rebound input that calls the API for id.
func (a *restAPI) body(id string) string {
	return fmt.Sprintf(`{"body":{"url":%q},"headers":{}}`, a.url(id))
}

func (a *restAPI) snapshot() []apiCall {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]apiCall(nil), a.calls...)
}

// byID groups the calls by message id.
func (a *restAPI) byID() map[string][]apiCall {
	out := map[string][]apiCall{}
	for _, c := range a.snapshot() {
		out[c.ID] = append(out[c.ID], c)
	}
	return out
}

func (a *restAPI) peak() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.maxInflight
}

// waitIDs waits until n distinct ids were called.
func (a *restAPI) waitIDs(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool { return len(a.byID()) >= n }, timeout, 20*time.Millisecond, "%d distinct ids called", n)
}

// sendMany publishes inputs on one confirmed channel: bodies[i] with
// messageId ids[i].
func (f *flow) sendMany(bodies, ids []string) {
	f.t.Helper()
	conn, err := amqp.Dial("amqp://guest:guest@127.0.0.1:5672/")
	require.NoError(f.t, err)
	defer conn.Close()
	ch, err := conn.Channel()
	require.NoError(f.t, err)
	require.NoError(f.t, ch.Confirm(false))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var confs []*amqp.DeferredConfirmation
	for i, b := range bodies {
		dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, f.exchange, f.key("in"), true, false, amqp.Publishing{
			ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: f.deliveryMode(),
			Headers: inputHeaders(ids[i]), Body: f.cipher.EncodeBody([]byte(b), 1),
		})
		require.NoError(f.t, err)
		confs = append(confs, dc)
	}
	for _, dc := range confs {
		ok, err := dc.WaitContext(ctx)
		require.NoError(f.t, err)
		require.True(f.t, ok, "input confirmed")
	}
}

// settlement is one settlement log line of a worker (reliability.md R29).
type settlement map[string]any

// settlements parses the worker's JSON log and returns its settlement
// lines in order.
func settlements(t *testing.T, logs string) []settlement {
	t.Helper()
	var out []settlement
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 4<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var m settlement
		if json.Unmarshal(line, &m) == nil && m["settlement"] == "done" {
			out = append(out, m)
		}
	}
	return out
}

// byMessageID groups settlement lines by messageId.
func byMessageID(lines []settlement) map[string][]settlement {
	out := map[string][]settlement{}
	for _, l := range lines {
		id := fmt.Sprint(l["messageId"])
		out[id] = append(out[id], l)
	}
	return out
}

// queueCounts reads ready and unacknowledged counts with rabbitmqctl.
func queueCounts(t *testing.T, queue string) (ready, unacked int) {
	t.Helper()
	out := rabbitmqctl(t, "-q", "list_queues", "name", "messages_ready", "messages_unacknowledged")
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == queue {
			ready, _ = strconv.Atoi(f[1])
			unacked, _ = strconv.Atoi(f[2])
			return ready, unacked
		}
	}
	return -1, -1
}

// rssKB is the resident set size of pid in kB.
func rssKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}

func (w *worker) pid() int { return w.cmd.Process.Pid }

// cipherFor is the message cipher with another password.
func cipherFor(t *testing.T, password string) *cipher.Cipher {
	t.Helper()
	c, err := cipher.New(password, cryptoIV)
	require.NoError(t, err)
	return c
}

func execQuiet(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}
