package bunyan

import (
	"io"
	"maps"
	"sync"

	"github.com/sirupsen/logrus"
)

// flowIDKey is the context variable whose value bunyan records also carry
// as "tag", the field the platform groups a flow's logs by.
const flowIDKey = "ELASTICIO_FLOW_ID"

// NewLogger returns a logrus entry that writes bunyan records named name to
// w at or above level (see ParseLevel), carrying every context pair as a
// field, plus "tag" set to ELASTICIO_FLOW_ID when the context has it and no
// tag of its own. Writes to w are serialised, also with the writes of a
// ComponentLogger made from the result.
func NewLogger(w io.Writer, name, level string, context map[string]string) (*logrus.Entry, error) {
	lvl, err := ParseLevel(level)
	if err != nil {
		return nil, err
	}
	fields := make(map[string]string, len(context)+1)
	for k, v := range context {
		fields[k] = v
	}
	if flow, ok := context[flowIDKey]; ok {
		if _, tagged := context["tag"]; !tagged {
			fields["tag"] = flow
		}
	}
	// The context goes to the formatter, rendered once, not into the
	// entry's fields, which logrus copies for every record.
	return logrus.NewEntry(newLogger(&lineWriter{w: w}, newFormatter(name, fields), lvl)), nil
}

// ComponentLogger returns the logger a component's handlers write to: the
// records of sailor, with its context, fields, level and writer, named
// "component". The platform's Executions page shows the component's
// records by that name (sailor-protocol.md section 10).
func ComponentLogger(sailor *logrus.Entry) *logrus.Entry {
	w := sailor.Logger.Out
	if _, ok := w.(*lineWriter); !ok {
		w = &lineWriter{w: w}
	}
	f, ok := sailor.Logger.Formatter.(*Formatter)
	if !ok {
		f = NewFormatter("")
	}
	component := *f
	component.head = renderHead("component")
	return newLogger(w, &component, sailor.Logger.GetLevel()).WithFields(maps.Clone(sailor.Data))
}

func newLogger(w io.Writer, f *Formatter, lvl logrus.Level) *logrus.Logger {
	l := logrus.New()
	l.SetOutput(w)
	l.SetFormatter(f)
	l.SetLevel(lvl)
	// The lineWriter serialises the writes, so records are formatted
	// outside any lock and the sailor's and component's loggers can share
	// one writer.
	l.SetNoLock()
	return l
}

// lineWriter serialises writes to w, each one a whole record, so records of
// loggers sharing w never interleave.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (lw *lineWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}
