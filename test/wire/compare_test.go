//go:build nodewire

package wire_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// ---------------------------------------------------------------- exceptions

// exception is a field whose value must differ between the two sailors (or
// may, being random on both), with the reason and what is asserted instead.
// Field types are still compared; see compareViews.
type exception struct {
	field string
	// kinds limits it to these message kinds; empty: every kind.
	kinds []string
	// when limits it to some scenarios; nil: every scenario.
	when  func(sc scenario) bool
	why   string
	check func(x *checkCtx) []string
}

// exceptions is the one list of values allowed to differ.
var exceptions = []exception{
	{
		field: "header.messageId", kinds: []string{"error", "errorReply", "httpReply", "snapshot", "updateSnapshot"},
		why: "README deviation: every Go output gets a messageId of its own, Node reuses one per input; " +
			"asserted per run by checkMessageIDs",
		check: bothUUIDs,
	},
	{
		field: "header.messageId", kinds: []string{"data"},
		why:   "is the emitted message's id on both sides (asserted here); that id is compared as msg.id",
		check: messageIDIsMsgID,
	},
	{
		field: "header.start",
		why:   "epoch ms when the sailor began the message (a rebound keeps the input's)",
		check: timeHeader,
	},
	{
		field: "header.end",
		why:   "epoch ms of the publish",
		check: timeHeader,
	},
	{
		field: "header.threadId", when: func(sc scenario) bool { return sc.noThread },
		why:   "a fresh UUID per input that has no threadId; asserted per run by checkThreads",
		check: bothUUIDs,
	},
	{
		field: "msg.id", when: func(sc scenario) bool { return sc.freshIDs },
		why:   "the function makes up the id of the message it emits (a fresh UUID on both sides)",
		check: bothUUIDs,
	},
	{
		field: "prop.expiration", kinds: []string{"rebound"},
		why: "README deviation: Go caps a rebound's TTL at RabbitMQ's ceiling of 2^32-1 ms, Node sends 15 s * 2^(n-1) " +
			"uncapped; asserted: Go's is Node's, capped",
		check: expirationCapped,
	},
	{
		field: "error.message", kinds: []string{"error"}, when: func(sc scenario) bool { return sc.platform.refusal() != 0 },
		why: "README deviation: when the platform API refuses a call, Node's message is the API's answer alone " +
			"(empty for an empty body), Go's names the call and its status as well; asserted: Go's has the status " +
			"and the answer's text, Node's is the answer",
		check: platformRefusal,
	},
	{
		field: "settled", kinds: []string{"input"}, when: func(sc scenario) bool { return sc.outputFails },
		why: "README deviation: Go settles a message after every publish it caused; a data output that fails " +
			"(becoming an error) rejects the input. Node's echo emits end without awaiting its data, as the " +
			"benchmark's does, and the end acks before the failure counts (Node 2.6.14+ runs emits concurrently); " +
			"asserted: go rejected, node acked",
		check: func(x *checkCtx) []string {
			if x.g.val != "rejected" || x.n.val != "acked" {
				return []string{fmt.Sprintf("input settled: go %s, node %s; want go rejected, node acked", x.g.text, x.n.text)}
			}
			return nil
		},
	},
	{
		field: "error.message", kinds: []string{"error"}, when: func(sc scenario) bool { return sc.publishFails },
		why: "the text after \"Failed on publishing <messageId> message to MQ: \" is the AMQP client's own " +
			"error (amqplib's \"Error: message nacked\", amqp091's and ours naming the exchange and routing key); " +
			"asserted: the same prefix and messageId on both sides",
		check: func(x *checkCtx) []string {
			g, _ := x.g.val.(string)
			n, _ := x.n.val.(string)
			const lead = "Failed on publishing "
			const tail = " message to MQ: "
			gi, ni := strings.Index(g, tail), strings.Index(n, tail)
			if !strings.HasPrefix(g, lead) || !strings.HasPrefix(n, lead) || gi < 0 || ni < 0 || g[:gi] != n[:ni] {
				return []string{fmt.Sprintf("publish failure texts do not share Node's prefix and messageId: go %s, node %s", x.g.text, x.n.text)}
			}
			return nil
		},
	},
	{
		field: "log.time", kinds: []string{"log"},
		why: "when the record was written; asserted: ISO-8601 UTC with milliseconds on both sides",
		check: bothSides("log time is not ISO-8601 UTC with milliseconds", func(v any) bool {
			t, _ := v.(string)
			return isoTime.MatchString(t)
		}),
	},
	{
		field: "log.threadId", kinds: []string{"log"}, when: func(sc scenario) bool { return sc.noThread },
		why: "README deviation: for an input without a thread, Go's records carry the thread it starts and " +
			"sends; Node's carry another random id than the one on its outputs; asserted: Go's is its outputs' " +
			"threadId, Node's a UUID",
		check: func(x *checkCtx) []string {
			var p []string
			if len(x.goC.outputs) == 0 || x.g.val != x.goC.outputs[0].d.Headers["threadId"] {
				p = append(p, fmt.Sprintf("go log threadId %s is not the thread of its outputs", x.g.text))
			}
			if !isUUID(x.n.val) {
				p = append(p, "node log threadId is not a UUID: "+x.n.text)
			}
			return p
		},
	},
	{
		field: "log.pid", kinds: []string{"log"},
		why: "each sailor's own process id; asserted: a positive whole number on both sides",
		check: bothSides("log pid is not a process id", func(v any) bool {
			n, err := strconv.Atoi(fmt.Sprint(v))
			return err == nil && n > 0
		}),
	},
	{
		field: "error.stack", kinds: []string{"error", "errorReply"},
		why: "Node sends the JavaScript stack trace of the error; Go has none to send and sends " +
			`Node's placeholder "Not Available" (README deviation)`,
		check: errorStack,
	},
}

// messageException is a message only one sailor publishes, by a README
// deviation: it is left out of the field comparison and check asserts the
// deviation instead.
type messageException struct {
	scenario string
	labels   []string
	why      string
	check    func(g, n map[string]view) []string
}

// messageExceptions is the one list of messages allowed to be missing on a
// side.
var messageExceptions = []messageException{
	{
		scenario: "undecryptable", labels: []string{"error#1"},
		why: "README deviation: an undecryptable input is published as an error (with the input) " +
			"before it is rejected; Node only rejects it",
		check: undecryptableReported,
	},
}

func messageExceptionFor(sc scenario, label string) *messageException {
	for i := range messageExceptions {
		if m := &messageExceptions[i]; m.scenario == sc.name && slices.Contains(m.labels, label) {
			return m
		}
	}
	return nil
}

// checkCtx is what an exception's check sees.
type checkCtx struct {
	name       string
	sc         scenario
	g, n       field
	gv, nv     view
	goC, nodeC *capture
	in         input
}

// bothSides is a check that each sailor's value passes ok; problem names
// what a failing one is not.
func bothSides(problem string, ok func(any) bool) func(*checkCtx) []string {
	return func(x *checkCtx) []string {
		var p []string
		for _, s := range []field{x.g, x.n} {
			if !ok(s.val) {
				p = append(p, problem+": "+s.text)
			}
		}
		return p
	}
}

var isoTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func isUUID(v any) bool {
	s, ok := v.(string)
	return ok && uuidRE.MatchString(s)
}

func bothUUIDs(x *checkCtx) []string {
	var p []string
	if !isUUID(x.g.val) {
		p = append(p, fmt.Sprintf("go %s is not a UUID v4: %s", x.name, x.g.text))
	}
	if !isUUID(x.n.val) {
		p = append(p, fmt.Sprintf("node %s is not a UUID v4: %s", x.name, x.n.text))
	}
	return p
}

func messageIDIsMsgID(x *checkCtx) []string {
	var p []string
	for _, s := range []struct {
		side string
		f    field
		v    view
	}{{"go", x.g, x.gv}, {"node", x.n, x.nv}} {
		id, ok := s.v.fields["msg.id"]
		if !ok || s.f.val != id.val {
			p = append(p, fmt.Sprintf("%s data messageId %s is not the emitted message's id %s", s.side, s.f.text, id.text))
		}
	}
	return p
}

// timeHeader: both int64 epoch ms, each either the input's own value (a
// rebound copies it; then on both sides) or a time within its run.
func timeHeader(x *checkCtx) []string {
	var p []string
	inVal, inHas := x.in.headers[strings.TrimPrefix(x.name, "header.")]
	copied := 0
	for _, s := range []struct {
		side string
		f    field
		c    *capture
	}{{"go", x.g, x.goC}, {"node", x.n, x.nodeC}} {
		ms, ok := s.f.val.(int64)
		if !ok {
			p = append(p, fmt.Sprintf("%s %s is %s, not an int64 epoch in ms", s.side, x.name, s.f.text))
			continue
		}
		if inHas && s.f.val == inVal {
			copied++
			continue
		}
		lo, hi := s.c.sent.Add(-2*time.Second).UnixMilli(), s.c.collected.Add(2*time.Second).UnixMilli()
		if ms < lo || ms > hi {
			p = append(p, fmt.Sprintf("%s %s = %d is outside its run [%d, %d]", s.side, x.name, ms, lo, hi))
		}
	}
	if copied == 1 {
		p = append(p, fmt.Sprintf("%s: one sailor copied the input's value, the other did not (go %s, node %s)", x.name, x.g.text, x.n.text))
	}
	return p
}

// maxTTL is RabbitMQ's ceiling for a per-message TTL in ms.
const maxTTL = 1<<32 - 1

func expirationCapped(x *checkCtx) []string {
	g, gerr := strconv.ParseInt(x.g.val.(string), 10, 64)
	n, nerr := strconv.ParseInt(x.n.val.(string), 10, 64)
	if gerr != nil || nerr != nil {
		return []string{fmt.Sprintf("expiration is not a number of ms: go %s, node %s", x.g.text, x.n.text)}
	}
	if g != min(n, maxTTL) {
		return []string{fmt.Sprintf("go expiration %d is not node's %d capped at %d", g, n, maxTTL)}
	}
	return nil
}

// undecryptableReported: Go published the error with the input, Node
// published nothing.
func undecryptableReported(g, n map[string]view) []string {
	var p []string
	if v, ok := n["error#1"]; ok {
		p = append(p, "node published an error for an undecryptable input: "+v.fields["routingKey"].text)
	}
	v, ok := g["error#1"]
	if !ok {
		return append(p, "go published no error for an undecryptable input")
	}
	if m, _ := v.fields["error.message"].val.(string); !strings.HasPrefix(m, "Failed to decrypt message") {
		p = append(p, fmt.Sprintf(`go error.message is %q, want "Failed to decrypt message: ..."`, m))
	}
	if f := v.fields["envelope.errorInput"]; f.val != "input" {
		p = append(p, "go errorInput is not the input's body: "+f.text)
	}
	return p
}

// platformRefusal: the error of a platform API call answered with
// {"error": text} and an HTTP error status.
func platformRefusal(x *checkCtx) []string {
	var p []string
	g, _ := x.g.val.(string)
	n, _ := x.n.val.(string)
	var answer struct{ Error string }
	if err := json.Unmarshal([]byte(n), &answer); err != nil || answer.Error == "" {
		p = append(p, fmt.Sprintf(`node error.message is not the API's {"error": ...} answer: %s`, x.n.text))
	}
	status := strconv.Itoa(x.sc.platform.refusal())
	if !strings.Contains(g, status) || answer.Error == "" || !strings.Contains(g, answer.Error) {
		p = append(p, fmt.Sprintf("go error.message %s does not carry the status %s and the API's answer %q", x.g.text, status, answer.Error))
	}
	return p
}

func errorStack(x *checkCtx) []string {
	var p []string
	if x.g.val != "Not Available" {
		p = append(p, fmt.Sprintf(`go error.stack is %s, want "Not Available"`, x.g.text))
	}
	name, _ := x.nv.fields["error.name"].val.(string)
	msg, _ := x.nv.fields["error.message"].val.(string)
	if s, _ := x.n.val.(string); !strings.HasPrefix(s, name+": "+msg+"\n") {
		p = append(p, fmt.Sprintf("node error.stack is not a JavaScript stack of %s: %s: %s", x.n.text, name, msg))
	}
	return p
}

func exceptionFor(sc scenario, kind, name string) *exception {
	for i := range exceptions {
		e := &exceptions[i]
		if e.field != name || (len(e.kinds) > 0 && !slices.Contains(e.kinds, kind)) || (e.when != nil && !e.when(sc)) {
			continue
		}
		return e
	}
	return nil
}

// componentRecord is the bunyan record a function logged with text as its
// message, from a sailor's output; nil when text is empty or not found.
func componentRecord(logs, text string) []byte {
	if text == "" {
		return nil
	}
	for line := range strings.Lines(logs) {
		var rec struct{ Name, Msg string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Name == "component" && rec.Msg == text {
			return []byte(line)
		}
	}
	return nil
}

// ---------------------------------------------------------------- views

// field is one compared value: a property, a header, a leaf of a body.
type field struct {
	typ  string // AMQP field-table type of a header, JSON type of a body leaf
	val  any    // the value, for the checks
	text string // shown in diffs; equal texts mean equal fields
}

// view is one published message (or the input's fate, or one platform
// call) as named fields.
type view struct {
	label, kind string
	fields      map[string]field
}

func strField(s string) field { return field{typ: "string", val: s, text: strconv.Quote(s)} }

// views turns what a sailor did into views, labelled by kind and position
// (error#1, error#2, ...), so that both sides' lists can be paired.
func views(c *capture, in input) []view {
	out := []view{{label: "input", kind: "input", fields: map[string]field{
		"settled": strField(c.settled), "process": strField(c.exit),
	}}}
	if rec := componentRecord(c.logs, in.logged); rec != nil {
		v := view{label: "componentLog", kind: "log", fields: map[string]field{}}
		flattenJSON(v.fields, "log", rec)
		out = append(out, v)
	}
	for i, r := range c.api {
		v := view{label: fmt.Sprintf("api#%d", i+1), kind: "api", fields: map[string]field{
			"method": strField(r.Method), "path": strField(r.Path), "auth": strField(r.Auth),
		}}
		if r.Query != "" {
			v.fields["query"] = strField(r.Query)
		}
		if r.ContentType != "" {
			v.fields["contentType"] = strField(r.ContentType)
		}
		if len(r.Body) > 0 {
			flattenJSON(v.fields, "body", r.Body)
		}
		out = append(out, v)
	}
	count := map[string]int{}
	for _, r := range c.outputs {
		kind := kindOf(r)
		count[kind]++
		v := view{label: fmt.Sprintf("%s#%d", kind, count[kind]), kind: kind, fields: map[string]field{
			"exchange": strField(r.d.Exchange), "routingKey": strField(r.d.RoutingKey),
		}}
		addProperties(v.fields, r.d)
		for name, val := range r.d.Headers {
			v.fields["header."+name] = headerField(val)
		}
		addBody(v.fields, kind, r.d, in)
		out = append(out, v)
	}
	return out
}

func kindOf(r received) string {
	switch r.label {
	case "snapshot":
		if ev, ok := r.d.Headers["snapshotEvent"].(string); ok {
			return ev
		}
		return "snapshot(no snapshotEvent)"
	case "reply":
		if _, ok := r.d.Headers["x-eio-error-response"]; ok {
			return "errorReply"
		}
		return "httpReply"
	}
	return r.label
}

// addProperties adds the properties that are set; amqp091 cannot tell an
// absent property from its zero value, and neither can a consumer.
func addProperties(f map[string]field, d amqp.Delivery) {
	add := func(name, v string) {
		if v != "" {
			f["prop."+name] = strField(v)
		}
	}
	add("contentType", d.ContentType)
	add("contentEncoding", d.ContentEncoding)
	if d.DeliveryMode != 0 {
		f["prop.deliveryMode"] = field{typ: "octet", val: d.DeliveryMode, text: strconv.Itoa(int(d.DeliveryMode))}
	}
	if d.Priority != 0 {
		f["prop.priority"] = field{typ: "octet", val: d.Priority, text: strconv.Itoa(int(d.Priority))}
	}
	add("correlationId", d.CorrelationId)
	add("replyTo", d.ReplyTo)
	add("expiration", d.Expiration)
	add("messageId", d.MessageId)
	if !d.Timestamp.IsZero() {
		f["prop.timestamp"] = field{typ: "timestamp", val: d.Timestamp.Unix(), text: d.Timestamp.UTC().Format(time.RFC3339)}
	}
	add("type", d.Type)
	add("userId", d.UserId)
	add("appId", d.AppId)
}

// amqpType names the field-table type amqp091 decoded a value from.
func amqpType(v any) string {
	switch v.(type) {
	case nil:
		return "void"
	case bool:
		return "bool"
	case int8:
		return "int8"
	case uint8:
		return "uint8"
	case int16:
		return "int16"
	case uint16:
		return "uint16"
	case int32:
		return "int32"
	case uint32:
		return "uint32"
	case int64:
		return "int64"
	case float32:
		return "float"
	case float64:
		return "double"
	case amqp.Decimal:
		return "decimal"
	case string:
		return "longstr"
	case []byte:
		return "bytes"
	case time.Time:
		return "timestamp"
	case amqp.Table:
		return "table"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// renderTyped writes a header value with its type, nested values too.
func renderTyped(v any) string {
	t := amqpType(v)
	switch x := v.(type) {
	case nil:
		return t
	case string:
		return t + " " + strconv.Quote(x)
	case []byte:
		return t + " " + strconv.Quote(string(x))
	case time.Time:
		return t + " " + x.UTC().Format(time.RFC3339)
	case amqp.Table:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + renderTyped(x[k])
		}
		return t + " {" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = renderTyped(e)
		}
		return t + " [" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprintf("%s %v", t, v)
}

func headerField(v any) field { return field{typ: amqpType(v), val: v, text: renderTyped(v)} }

// addBody decodes the body as the platform would for the kind of message.
func addBody(f map[string]field, kind string, d amqp.Delivery, in input) {
	verbatim := func(name string, b []byte) {
		if bytes.Equal(b, in.body) {
			f[name] = field{typ: "bytes", val: "input", text: "the input's body, verbatim"}
			return
		}
		f[name] = field{typ: "bytes", val: string(b), text: fmt.Sprintf("%d other bytes: %.120q", len(b), b)}
	}
	undecodable := func(name string, err error, b []byte) {
		f[name] = field{typ: "undecodable", val: err.Error(), text: fmt.Sprintf("undecodable (%v): %.120q", err, b)}
	}
	switch kind {
	case "data", "httpReply":
		version := 1
		if n, ok := intValue(d.Headers["protocolVersion"]); ok {
			version = n
		}
		plain, err := decodeBody(d.Body, version)
		if err != nil {
			undecodable("msg", err, d.Body)
			return
		}
		flattenJSON(f, "msg", plain)
	case "error":
		var env map[string]json.RawMessage
		if err := json.Unmarshal(d.Body, &env); err != nil {
			undecodable("envelope", err, d.Body)
			return
		}
		keys := make([]string, 0, len(env))
		for k := range env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		f["envelope.keys"] = strField(strings.Join(keys, ","))
		var errText, inputText string
		if json.Unmarshal(env["error"], &errText) == nil {
			if plain, err := decodeBase64([]byte(errText)); err != nil {
				undecodable("error", err, []byte(errText))
			} else {
				flattenJSON(f, "error", plain)
			}
		}
		if raw, ok := env["errorInput"]; ok {
			if err := json.Unmarshal(raw, &inputText); err != nil {
				undecodable("envelope.errorInput", err, raw)
			} else if plain, err := decodeBase64([]byte(inputText)); err == nil && !bytes.Equal([]byte(inputText), in.body) && bytes.Equal(plain, in.plain) {
				// A version 2 input goes into the envelope re-encrypted
				// as base64 (sailor-protocol.md 5.6).
				f["envelope.errorInput"] = field{typ: "bytes", val: "input as base64", text: "the input's message, re-encrypted as base64"}
			} else {
				verbatim("envelope.errorInput", []byte(inputText))
			}
		}
	case "errorReply":
		plain, err := decodeBase64(d.Body)
		if err != nil {
			undecodable("error", err, d.Body)
			return
		}
		flattenJSON(f, "error", plain)
	case "rebound":
		verbatim("body", d.Body)
	case "snapshot", "updateSnapshot":
		flattenJSON(f, "snapshot", d.Body)
	default:
		verbatim("body", d.Body)
	}
}

func intValue(v any) (int, bool) {
	switch x := v.(type) {
	case int8:
		return int(x), true
	case int16:
		return int(x), true
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	case uint8:
		return int(x), true
	case uint16:
		return int(x), true
	case uint32:
		return int(x), true
	case float64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

// flattenJSON adds one field per leaf of a JSON document (path.to.leaf,
// list[0]); empty objects and lists are leaves, so present keys count.
// Numbers compare by value: 1.50 and 1.5 are the same JSON number.
func flattenJSON(f map[string]field, prefix string, raw []byte) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		f[prefix] = field{typ: "invalid", val: err.Error(), text: fmt.Sprintf("not JSON (%v): %.120q", err, raw)}
		return
	}
	flattenValue(f, prefix, v)
}

func flattenValue(f map[string]field, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			f[path] = field{typ: "object", val: "{}", text: "{}"}
		}
		for k, e := range x {
			flattenValue(f, path+"."+k, e)
		}
	case []any:
		if len(x) == 0 {
			f[path] = field{typ: "array", val: "[]", text: "[]"}
		}
		for i, e := range x {
			flattenValue(f, fmt.Sprintf("%s[%d]", path, i), e)
		}
	case json.Number:
		// By exact value: 1.50 and 1.5 are one number, and so are -0 and
		// 0, but 12345678901234567890 and 12345678901234567000 are two.
		text := x.String()
		if r, ok := new(big.Rat).SetString(text); ok {
			text = r.RatString()
		}
		f[path] = field{typ: "number", val: x.String(), text: text}
	case string:
		f[path] = field{typ: "string", val: x, text: strconv.Quote(x)}
	case bool:
		f[path] = field{typ: "bool", val: x, text: strconv.FormatBool(x)}
	case nil:
		f[path] = field{typ: "null", val: nil, text: "null"}
	}
}

// ---------------------------------------------------------------- compare

// diff is one field that differs.
type diff struct{ label, field, goText, nodeText string }

// report is the outcome of one scenario.
type report struct {
	diffs    []diff
	problems []string // failed assertions of exceptions and deviations
	notes    []string // documented differences seen, for -v
}

func (r report) ok() bool { return len(r.diffs) == 0 && len(r.problems) == 0 }

func (r report) String() string {
	var b strings.Builder
	if len(r.diffs) > 0 {
		fmt.Fprintf(&b, "%d field(s) differ and are not in the exceptions list:\n", len(r.diffs))
		w := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, "  MESSAGE\tFIELD\tGO\tNODE")
		for _, d := range r.diffs {
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", d.label, d.field, oneLine(d.goText), oneLine(d.nodeText))
		}
		_ = w.Flush()
	}
	if len(r.problems) > 0 {
		fmt.Fprintf(&b, "%d assertion(s) about values allowed to differ failed:\n", len(r.problems))
		for _, p := range r.problems {
			fmt.Fprintf(&b, "  - %s\n", oneLine(p))
		}
	}
	return b.String()
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

const absent = "(absent)"

// compareRuns pairs the two sides' views by label and compares them.
func compareRuns(sc scenario, r *scenarioRun) report {
	var rep report
	gvs, nvs := views(r.goSide, r.in), views(r.nodeSide, r.in)
	byLabel := func(vs []view) map[string]view {
		m := map[string]view{}
		for _, v := range vs {
			m[v.label] = v
		}
		return m
	}
	gm, nm := byLabel(gvs), byLabel(nvs)
	var labels []string
	for _, v := range append(slices.Clone(gvs), nvs...) {
		if !slices.Contains(labels, v.label) {
			labels = append(labels, v.label)
		}
	}
	for _, m := range messageExceptions {
		if m.scenario == sc.name {
			rep.problems = append(rep.problems, m.check(gm, nm)...)
			rep.notes = append(rep.notes, fmt.Sprintf("%v differ as allowed (%s)", m.labels, m.why))
		}
	}
	for _, label := range labels {
		if messageExceptionFor(sc, label) != nil {
			continue
		}
		gv, gok := gm[label]
		nv, nok := nm[label]
		if !gok || !nok {
			rep.diffs = append(rep.diffs, diff{label, "(message)", presence(gok, gv), presence(nok, nv)})
			continue
		}
		compareViews(&rep, sc, r, gv, nv)
	}
	rep.problems = append(rep.problems, checkMessageIDs(r, gvs, nvs, &rep.notes)...)
	if sc.noThread {
		rep.problems = append(rep.problems, checkThreads(gvs, nvs, &rep.notes)...)
	}
	return rep
}

func presence(ok bool, v view) string {
	if !ok {
		return "not published"
	}
	if rk, has := v.fields["routingKey"]; has {
		return "published, routing key " + rk.text
	}
	return "present"
}

func compareViews(rep *report, sc scenario, r *scenarioRun, gv, nv view) {
	var names []string
	for n := range gv.fields {
		names = append(names, n)
	}
	for n := range nv.fields {
		if _, ok := gv.fields[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		g, gok := gv.fields[name]
		n, nok := nv.fields[name]
		if !gok || !nok {
			rep.diffs = append(rep.diffs, diff{gv.label, name, textOr(gok, g), textOr(nok, n)})
			continue
		}
		ex := exceptionFor(sc, gv.kind, name)
		if ex == nil && g.typ == "number" && n.typ == "number" && g.text != n.text && sameDouble(g, n) {
			rep.notes = append(rep.notes, fmt.Sprintf("%s %s differs as allowed (README deviation: numbers are passed "+
				"on as written, Node re-encodes them as JavaScript doubles): go %s, node %s", gv.label, name, g.val, n.val))
			continue
		}
		if ex == nil {
			if g.text != n.text {
				rep.diffs = append(rep.diffs, diff{gv.label, name, g.text, n.text})
			}
			continue
		}
		// The value may differ, its type may not.
		if g.typ != n.typ {
			rep.diffs = append(rep.diffs, diff{gv.label, name + " (type)", g.typ, n.typ})
		}
		x := &checkCtx{name: name, sc: sc, g: g, n: n, gv: gv, nv: nv, goC: r.goSide, nodeC: r.nodeSide, in: r.in}
		for _, p := range ex.check(x) {
			rep.problems = append(rep.problems, gv.label+": "+p)
		}
		if g.text != n.text {
			rep.notes = append(rep.notes, fmt.Sprintf("%s %s differs as allowed (%s): go %s, node %s",
				gv.label, name, ex.why, oneLine(g.text), oneLine(n.text)))
		}
	}
}

// sameDouble: two JSON numbers that are the same JavaScript number.
func sameDouble(g, n field) bool {
	gf, gerr := strconv.ParseFloat(g.val.(string), 64)
	nf, nerr := strconv.ParseFloat(n.val.(string), 64)
	return gerr == nil && nerr == nil && gf == nf
}

func textOr(ok bool, f field) string {
	if !ok {
		return absent
	}
	return f.text
}

// checkMessageIDs asserts the documented messageId deviation on the whole
// run: Go's outputs (but rebounds, which keep the input's) carry distinct
// messageIds, none the input's; Node's non-data outputs share the one it
// made for the input.
func checkMessageIDs(r *scenarioRun, gvs, nvs []view, notes *[]string) []string {
	var p []string
	inID := r.in.headers["messageId"]
	seen := map[any]string{}
	outputs := 0
	for _, v := range gvs {
		f, ok := v.fields["header.messageId"]
		_, retried := v.fields["header.retry"] // another attempt at an output before it
		if !ok || retried || v.kind == "rebound" || v.kind == "input" || v.kind == "api" {
			continue
		}
		outputs++
		if other, dup := seen[f.val]; dup {
			p = append(p, fmt.Sprintf("go %s and %s share messageId %s (README: every output has its own)", other, v.label, f.text))
		}
		seen[f.val] = v.label
		if f.val == inID {
			p = append(p, fmt.Sprintf("go %s reuses the input's messageId", v.label))
		}
	}
	var shared []string
	var first any
	for _, v := range nvs {
		f, ok := v.fields["header.messageId"]
		if !ok || v.kind == "rebound" || v.kind == "data" || v.kind == "input" || v.kind == "api" {
			continue
		}
		if len(shared) == 0 {
			first = f.val
		} else if f.val != first {
			p = append(p, fmt.Sprintf("node %s has messageId %s, not the one per input (%v) its other outputs share", v.label, f.text, first))
		}
		shared = append(shared, v.label)
	}
	if outputs > 1 || len(shared) > 1 {
		*notes = append(*notes, fmt.Sprintf("messageId: go %d outputs with %d distinct ids; node %v share one (README deviation)",
			outputs, len(seen), shared))
	}
	return p
}

// checkThreads asserts that, for an input without threadId, each sailor
// started one thread and put it on all its outputs (a rebound has none:
// it carries the input's headers).
func checkThreads(gvs, nvs []view, notes *[]string) []string {
	var p []string
	for _, side := range []struct {
		name string
		vs   []view
	}{{"go", gvs}, {"node", nvs}} {
		var thread any
		for _, v := range side.vs {
			f, ok := v.fields["header.threadId"]
			if !ok {
				continue
			}
			if thread == nil {
				thread = f.val
			} else if f.val != thread {
				p = append(p, fmt.Sprintf("%s %s has threadId %s, another output %v", side.name, v.label, f.text, thread))
			}
		}
		if thread == nil {
			p = append(p, side.name+" started no thread (no threadId header on any output)")
		}
	}
	*notes = append(*notes, "threadId: each sailor started a thread of its own for an input without one")
	return p
}

// dumpViews writes both sides' fields, for -dump.
func dumpViews(r *scenarioRun) string {
	var b strings.Builder
	for _, side := range []*capture{r.goSide, r.nodeSide} {
		fmt.Fprintf(&b, "=== %s\n", side.side)
		for _, v := range views(side, r.in) {
			names := make([]string, 0, len(v.fields))
			for n := range v.fields {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintf(&b, "%-14s %-40s %s\n", v.label, n, oneLine(v.fields[n].text))
			}
		}
	}
	return b.String()
}
