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
	"sync"
	"unicode/utf8"

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
	// context holds the fields every record carries (the logging context
	// of NewLogger), sorted by key, each rendered once as ,"key":value.
	// They live here rather than in each entry's fields because logrus
	// copies an entry's fields on every WithFields and every record.
	context []renderedField
	// contextKeys is the set of the context's keys.
	contextKeys map[string]bool
}

// renderedField is a context field and its rendering.
type renderedField struct {
	key      string
	rendered []byte
}

// NewFormatter returns a Formatter whose records carry name as the bunyan
// logger name ("sailor" for runtime logs, "component" for component logs)
// and this process's hostname and pid, both looked up once.
func NewFormatter(name string) *Formatter {
	return newFormatter(name, nil)
}

// newFormatter is NewFormatter with fields that every record carries; a
// field of an entry with the same key takes precedence.
func newFormatter(name string, context map[string]string) *Formatter {
	f := &Formatter{head: renderHead(name), contextKeys: make(map[string]bool, len(context))}
	for k, v := range context {
		key := k
		if coreKeys[key] {
			key = "fields." + key
		}
		r := appendJSONString([]byte{','}, key)
		r = append(r, ':')
		f.context = append(f.context, renderedField{key: key, rendered: appendJSONString(r, v)})
		f.contextKeys[key] = true
	}
	slices.SortFunc(f.context, func(a, b renderedField) int { return strings.Compare(a.key, b.key) })
	return f
}

// renderHead renders the start of a record up to the level's value.
func renderHead(name string) []byte {
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
	return append(head, `,"level":`...)
}

// Format renders e as a bunyan record terminated by a newline. Fields come
// in a stable order: the core fields name, hostname, pid, level, then the
// context fields sorted by key, then the entry fields sorted by key, then
// msg, time and v. Error values are rendered as {"message","name","stack"};
// a logrus WithError field is renamed "err", bunyan's key for errors.
//
// The sailor writes one record per message it settles, so Format is on the
// hot path: it renders strings, numbers and booleans itself and keeps its
// scratch slice in a pool, leaving encoding/json to the rare other values.
func (f *Formatter) Format(e *logrus.Entry) ([]byte, error) {
	b := e.Buffer
	if b == nil {
		b = &bytes.Buffer{}
	}
	fields := fieldPool.Get().(*[]field)
	sorted, shadowing := f.recordFields((*fields)[:0], e.Data)

	out := b.AvailableBuffer()
	out = append(out, f.head...)
	out = strconv.AppendInt(out, int64(Level(e.Level)), 10)
	for _, c := range f.context {
		if shadowing && slices.ContainsFunc(sorted, func(fd field) bool { return fd.key == c.key }) {
			continue
		}
		out = append(out, c.rendered...)
	}
	for _, fd := range sorted {
		out = append(out, ',')
		out = appendJSONString(out, fd.key)
		out = append(out, ':')
		out = appendValue(out, fd.value)
	}
	out = append(out, `,"msg":`...)
	out = appendJSONString(out, e.Message)
	out = append(out, `,"time":"`...)
	out = e.Time.UTC().AppendFormat(out, timeLayout)
	out = append(out, `","v":0}`+"\n"...)
	b.Write(out)

	clear(sorted) // drop the references to the entry's values
	*fields = sorted[:0]
	fieldPool.Put(fields)
	return b.Bytes(), nil
}

// field is one entry field under its record key.
type field struct {
	key   string
	value any
}

var fieldPool = sync.Pool{New: func() any { s := make([]field, 0, 32); return &s }}

// recordFields appends data's fields to dst under their record keys,
// sorted: WithError's "error" becomes "err" (unless the entry also has an
// "err"), core names get "fields.". shadowing tells whether a field has the
// key of a context field.
func (f *Formatter) recordFields(dst []field, data logrus.Fields) (_ []field, shadowing bool) {
	_, hasErrKey := data[errKey]
	for k, v := range data {
		key := k
		if _, isErr := v.(error); isErr && k == logrus.ErrorKey && !hasErrKey {
			key = errKey
		}
		if coreKeys[key] {
			key = "fields." + key
		}
		shadowing = shadowing || f.contextKeys[key]
		dst = append(dst, field{key, v})
	}
	slices.SortFunc(dst, func(a, b field) int { return strings.Compare(a.key, b.key) })
	return dst, shadowing
}

// errorRecord is bunyan's serialised error.
type errorRecord struct {
	Message string `json:"message"`
	Name    string `json:"name"`
	Stack   string `json:"stack"`
}

// appendValue appends one field value. It never fails: a value JSON cannot
// represent (a channel, a func, a cyclic structure) is logged as its %+v
// text, because losing a whole log record over one field is worse.
func appendValue(dst []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(dst, v)
	case bool:
		return strconv.AppendBool(dst, v)
	case int:
		return strconv.AppendInt(dst, int64(v), 10)
	case int64:
		return strconv.AppendInt(dst, v, 10)
	case uint64:
		return strconv.AppendUint(dst, v, 10)
	case error:
		if v != nil {
			rec := errorRecord{Message: v.Error(), Name: typeName(v), Stack: fmt.Sprintf("%+v", v)}
			dst = append(dst, `{"message":`...)
			dst = appendJSONString(dst, rec.Message)
			dst = append(dst, `,"name":`...)
			dst = appendJSONString(dst, rec.Name)
			dst = append(dst, `,"stack":`...)
			dst = appendJSONString(dst, rec.Stack)
			return append(dst, '}')
		}
	}
	if out, err := json.Marshal(v); err == nil {
		return append(dst, out...)
	}
	return appendJSONString(dst, fmt.Sprintf("%+v", v))
}

// typeName is the Go type of err without the pointer star, the closest
// analogue of a JavaScript error's name.
func typeName(err error) string {
	return strings.TrimPrefix(reflect.TypeOf(err).String(), "*")
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string literal, escaped as
// JavaScript's JSON.stringify escapes it (bunyan's encoder): quotes,
// backslashes and control characters, and no HTML escaping. Invalid UTF-8
// becomes U+FFFD, as encoding/json does; U+2028 and U+2029 are escaped so
// a record stays one line for any reader.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
