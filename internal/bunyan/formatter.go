package bunyan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
)

// timeLayout is ISO-8601 in UTC with milliseconds, what bunyan writes via
// JavaScript's Date.toISOString.
const timeLayout = "2006-01-02T15:04:05.000Z"

// errKey is where bunyan's standard serializer puts an error.
const errKey = "err"

// coreKeys are written by the formatter itself; entry fields with these
// names are renamed "fields.<name>", as logrus's own formatters do, so a
// stray field can never corrupt a record's level or time.
var coreKeys = map[string]bool{
	"name": true, "hostname": true, "pid": true, "level": true,
	"msg": true, "time": true, "v": true,
}

// Formatter is a logrus.Formatter writing bunyan records, one JSON object
// per line. The zero value is not usable; use NewFormatter. A Formatter is
// safe for concurrent use.
type Formatter struct {
	// head is the constant start of every record, rendered once:
	// {"name":…,"hostname":…,"pid":…,"level":
	head []byte
}

// NewFormatter returns a Formatter whose records carry name as the bunyan
// logger name ("sailor" for runtime logs, "component" for component logs)
// and this process's hostname and pid, both looked up once.
func NewFormatter(name string) *Formatter {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	head := []byte(`{"name":`)
	head = appendJSONString(head, name)
	head = append(head, `,"hostname":`...)
	head = appendJSONString(head, host)
	head = append(head, `,"pid":`...)
	head = strconv.AppendInt(head, int64(os.Getpid()), 10)
	head = append(head, `,"level":`...)
	return &Formatter{head: head}
}

// Format renders e as a bunyan record terminated by a newline. Fields come
// in a stable order: the core fields name, hostname, pid, level, then the
// entry fields sorted by key, then msg, time and v. Error values are
// rendered as {"message","name","stack"}; a logrus WithError field is
// renamed "err", bunyan's key for errors.
func (f *Formatter) Format(e *logrus.Entry) ([]byte, error) {
	b := e.Buffer
	if b == nil {
		b = &bytes.Buffer{}
	}
	fields := renameFields(e.Data)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	b.Write(f.head)
	b.WriteString(strconv.Itoa(Level(e.Level)))
	for _, k := range keys {
		b.WriteByte(',')
		b.Write(appendJSONString(nil, k))
		b.WriteByte(':')
		b.Write(marshalValue(fields[k]))
	}
	b.WriteString(`,"msg":`)
	b.Write(appendJSONString(nil, e.Message))
	b.WriteString(`,"time":"`)
	b.WriteString(e.Time.UTC().Format(timeLayout))
	b.WriteString(`","v":0}` + "\n")
	return b.Bytes(), nil
}

// renameFields maps entry keys to record keys: WithError's "error" becomes
// "err" (unless the entry also has an "err"), core names get "fields.".
func renameFields(data logrus.Fields) map[string]any {
	out := make(map[string]any, len(data))
	_, hasErrKey := data[errKey]
	for k, v := range data {
		key := k
		if _, isErr := v.(error); isErr && k == logrus.ErrorKey && !hasErrKey {
			key = errKey
		}
		if coreKeys[key] {
			key = "fields." + key
		}
		out[key] = v
	}
	return out
}

// errorRecord is bunyan's serialised error.
type errorRecord struct {
	Message string `json:"message"`
	Name    string `json:"name"`
	Stack   string `json:"stack"`
}

// marshalValue renders one field value. It never fails: a value JSON cannot
// represent (a channel, a func, a cyclic structure) is logged as its %+v
// text, because losing a whole log record over one field is worse.
func marshalValue(v any) []byte {
	if err, ok := v.(error); ok && err != nil {
		v = errorRecord{Message: err.Error(), Name: typeName(err), Stack: fmt.Sprintf("%+v", err)}
	}
	if out, err := json.Marshal(v); err == nil {
		return out
	}
	return appendJSONString(nil, fmt.Sprintf("%+v", v))
}

// typeName is the Go type of err without the pointer star, the closest
// analogue of a JavaScript error's name.
func typeName(err error) string {
	return strings.TrimPrefix(reflect.TypeOf(err).String(), "*")
}

// appendJSONString appends s as a JSON string literal. A string always
// marshals, so the error is impossible.
func appendJSONString(dst []byte, s string) []byte {
	out, _ := json.Marshal(s)
	return append(dst, out...)
}
