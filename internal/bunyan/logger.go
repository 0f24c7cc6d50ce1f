package bunyan

import (
	"io"

	"github.com/sirupsen/logrus"
)

// flowIDKey is the context variable whose value bunyan records also carry
// as "tag", the field the platform groups a flow's logs by.
const flowIDKey = "ELASTICIO_FLOW_ID"

// NewLogger returns a logrus entry that writes bunyan records named name to
// w at or above level (see ParseLevel), carrying every context pair as a
// field, plus "tag" set to ELASTICIO_FLOW_ID when the context has it and no
// tag of its own. Writes to w are serialised by the logger.
func NewLogger(w io.Writer, name, level string, context map[string]string) (*logrus.Entry, error) {
	lvl, err := ParseLevel(level)
	if err != nil {
		return nil, err
	}
	l := logrus.New()
	l.SetOutput(w)
	l.SetFormatter(NewFormatter(name))
	l.SetLevel(lvl)

	fields := make(logrus.Fields, len(context)+1)
	for k, v := range context {
		fields[k] = v
	}
	if flow, ok := context[flowIDKey]; ok {
		if _, tagged := context["tag"]; !tagged {
			fields["tag"] = flow
		}
	}
	return l.WithFields(fields), nil
}
