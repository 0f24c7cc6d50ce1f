// Command worker runs the component the way the platform does, against a
// real RabbitMQ and the built-in sandbox API: `gotowebinar run` with the
// ELASTICIO_* environment, a stand-in for the platform API (step data and
// account updates), a queue and an exchange for one step. It publishes the
// messages of examples/<function>/in.jsonl, encrypted as a previous step
// would, and prints every message the worker publishes, decrypted, as one
// JSON line; the worker's own logs go to stderr.
//
//	sh scripts/ensure-rabbitmq.sh
//	go run ./examples/worker -function getWebinar
//
// The exchange and queues it declares are deleted when it ends.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	gotowebinarcomponent "github.com/elasticio/gotowebinar-component"
	"github.com/elasticio/gotowebinar-component/internal/cli"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

const (
	flowID    = "local-flow"
	stepID    = "step_1"
	accountID = "local-account"
	password  = "local-crypto-password"
	iv        = "0123456789abcdef" // 16 bytes
)

func main() {
	uri := flag.String("amqp", "amqp://guest:guest@127.0.0.1:5672/", "RabbitMQ `URI`")
	function := flag.String("function", "getWebinar", "trigger or action; its cfg.json and in.jsonl come from -examples")
	examples := flag.String("examples", "examples", "`directory` of the examples")
	quiet := flag.Duration("quiet", 2*time.Second, "stop after this long without output")
	logLevel := flag.String("log-level", "warn", "LOG_LEVEL of the worker")
	flag.Parse()
	if err := run(*uri, *function, filepath.Join(*examples, *function), *quiet, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}

func run(uri, function, dir string, quiet time.Duration, logLevel string) error {
	cfg, err := readObject(filepath.Join(dir, "cfg.json"))
	if err != nil {
		return err
	}
	inputs, err := readLines(filepath.Join(dir, "in.jsonl"))
	if err != nil {
		return err
	}
	snapshot, err := readObject(filepath.Join(dir, "snapshot.json"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}

	// The GoToWebinar sandbox, and its credential in the step configuration.
	srv, creds := fake.NewSandbox(fake.DefaultSeed)
	gotoAPI := httptest.NewServer(srv)
	defer gotoAPI.Close()
	maps.Copy(cfg, creds.StepConfig())
	cfg["_account"] = accountID

	// The platform API: step data, and the account a refreshed token is stored in.
	platform := platformAPI(function, cfg, snapshot)
	defer platform.Close()

	// One step's exchange and queues.
	conn, err := amqp.Dial(uri)
	if err != nil {
		return fmt.Errorf("RabbitMQ at %s (sh scripts/ensure-rabbitmq.sh starts one): %w", uri, err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	name := "gotowebinar-local-" + strings.ToLower(rand.Text()[:8])
	in, out := name+":messages", name+":out"
	keys := map[string]string{"data": name + ".data", "error": name + ".error", "rebound": name + ".rebound", "snapshot": name + ".snapshot"}
	if err := declare(ch, name, in, out, keys); err != nil {
		return err
	}
	defer func() {
		_, _ = ch.QueueDelete(in, false, false, false)
		_, _ = ch.QueueDelete(out, false, false, false)
		_ = ch.ExchangeDelete(name, false, false)
	}()

	env := map[string]string{
		"ELASTICIO_FLOW_ID": flowID, "ELASTICIO_EXEC_ID": "local-exec", "ELASTICIO_STEP_ID": stepID,
		"ELASTICIO_CONTAINER_ID": "local-container", "ELASTICIO_WORKSPACE_ID": "local-workspace",
		"ELASTICIO_USER_ID": "local-user", "ELASTICIO_COMP_ID": "local-component", "ELASTICIO_FUNCTION": function,
		"ELASTICIO_API_URI": platform.URL, "ELASTICIO_API_USERNAME": "task-" + flowID, "ELASTICIO_API_KEY": "local",
		"ELASTICIO_AMQP_URI": uri, "ELASTICIO_LISTEN_MESSAGES_ON": in, "ELASTICIO_PUBLISH_MESSAGES_TO": name,
		"ELASTICIO_DATA_ROUTING_KEY": keys["data"], "ELASTICIO_ERROR_ROUTING_KEY": keys["error"],
		"ELASTICIO_REBOUND_ROUTING_KEY": keys["rebound"], "ELASTICIO_SNAPSHOT_ROUTING_KEY": keys["snapshot"],
		"ELASTICIO_MESSAGE_CRYPTO_IV": iv, "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": password,
		"LOG_LEVEL": logLevel,
	}
	maps.Copy(env, creds.Env(gotoAPI.URL))
	fmt.Fprintf(os.Stderr, "# gotowebinar run, %s, queue %s, exchange %s\n", function, in, name)

	// The worker: `gotowebinar run`, in this process; logs to stderr.
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	exited := make(chan int, 1)
	go func() {
		exited <- gotowebinarcomponent.App().Run(ctx, []string{"run"},
			func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			cli.IO{Stdin: strings.NewReader(""), Stdout: os.Stderr, Stderr: os.Stderr})
	}()

	c, err := cipher.New(password, iv)
	if err != nil {
		return err
	}
	deliveries, err := ch.Consume(out, "", true, true, false, false, nil)
	if err != nil {
		return err
	}
	for i, line := range inputs {
		err := ch.PublishWithContext(ctx, name, name+".in", true, false, amqp.Publishing{
			ContentType: "application/json", ContentEncoding: "utf8", Body: c.EncodeBody(line, 1),
			Headers: amqp.Table{"execId": "exec-0", "taskId": flowID, "userId": "local-user", "stepId": "step_0",
				"threadId": "thread-1", "messageId": fmt.Sprintf("input-%d", i+1)},
		})
		if err != nil {
			return err
		}
	}

	enc := json.NewEncoder(os.Stdout)
	timer := time.NewTimer(30 * time.Second) // the first output, start-up included
	for done := false; !done; {
		select {
		case d := <-deliveries:
			_ = enc.Encode(decode(c, keys, d))
			timer.Reset(quiet)
		case code := <-exited:
			return fmt.Errorf("the worker exited with status %d", code)
		case <-timer.C:
			done = true
		}
	}
	stop() // SIGTERM: a graceful shutdown
	if code := <-exited; code != 0 {
		return fmt.Errorf("the worker exited with status %d", code)
	}
	return nil
}

func platformAPI(function string, cfg, snapshot map[string]any) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": stepID, "comp_id": "local-component", "function": function,
			"config": cfg, "snapshot": snapshot, "is_passthrough": false,
		})
	})
	mux.HandleFunc("PUT /v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		var body json.RawMessage
		_ = json.NewDecoder(r.Body).Decode(&body)
		line, _ := json.Marshal(map[string]any{"event": "updateKeys", "account": r.PathValue("id"), "body": body})
		fmt.Println(string(line))
		_, _ = w.Write([]byte(`{}`))
	})
	return httptest.NewServer(mux)
}

func declare(ch *amqp.Channel, exchange, in, out string, keys map[string]string) error {
	if err := ch.ExchangeDeclare(exchange, "direct", false, true, false, false, nil); err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(in, false, false, false, false, nil); err != nil {
		return err
	}
	if err := ch.QueueBind(in, exchange+".in", exchange, false, nil); err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(out, false, false, false, false, nil); err != nil {
		return err
	}
	for _, key := range keys {
		if err := ch.QueueBind(out, key, exchange, false, nil); err != nil {
			return err
		}
	}
	return nil
}

// event is one printed line: a message the worker published, decrypted.
type event struct {
	Event       string `json:"event"`
	RoutingKey  string `json:"routingKey"`
	ID          string `json:"id,omitempty"`
	Body        any    `json:"body,omitempty"`
	Error       any    `json:"error,omitempty"`
	Expiration  string `json:"expiration,omitempty"`
	Undecodable string `json:"undecodable,omitempty"`
}

// decode turns one published message into an event line.
func decode(c *cipher.Cipher, keys map[string]string, d amqp.Delivery) event {
	ev := event{RoutingKey: d.RoutingKey}
	raw := func(b []byte) any {
		if json.Valid(b) {
			return json.RawMessage(b)
		}
		return string(b)
	}
	switch d.RoutingKey {
	case keys["data"]:
		ev.Event = "data"
		plain, err := c.DecodeBody(d.Body, cipher.ProtocolVersion(d.Headers["protocolVersion"]))
		if err != nil {
			ev.Undecodable = err.Error()
			break
		}
		var msg struct {
			ID   string          `json:"id"`
			Body json.RawMessage `json:"body"`
		}
		_ = json.Unmarshal(plain, &msg)
		ev.ID, ev.Body = msg.ID, msg.Body
	case keys["error"]:
		ev.Event = "error"
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(d.Body, &e)
		plain, _ := c.DecryptBase64(e.Error)
		ev.Error = raw(plain)
	case keys["snapshot"]:
		ev.Event = fmt.Sprint(d.Headers["snapshotEvent"])
		ev.Body = raw(d.Body)
	case keys["rebound"]:
		ev.Event, ev.Expiration = "rebound", d.Expiration
	}
	return ev
}

func readObject(path string) (map[string]any, error) {
	obj := map[string]any{}
	data, err := os.ReadFile(path)
	if err != nil {
		return obj, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return obj, fmt.Errorf("%s: %w", path, err)
	}
	return obj, nil
}

func readLines(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines [][]byte
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			lines = append(lines, append([]byte(nil), line...))
		}
	}
	return lines, sc.Err()
}
