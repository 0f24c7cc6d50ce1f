package bunyan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
)

// Bunyan's numeric levels. Panic has no bunyan counterpart and shares
// fatal's number because both end the process.
const (
	levelTrace = 10
	levelDebug = 20
	levelInfo  = 30
	levelWarn  = 40
	levelError = 50
	levelFatal = 60
)

// ErrUnknownLevel is returned (wrapped) by ParseLevel for a name or number
// that is not a bunyan level.
var ErrUnknownLevel = errors.New("unknown level")

// Level returns the bunyan number of a logrus level: trace 10, debug 20,
// info 30, warn 40, error 50, fatal and panic 60.
func Level(l logrus.Level) int {
	switch l {
	case logrus.TraceLevel:
		return levelTrace
	case logrus.DebugLevel:
		return levelDebug
	case logrus.InfoLevel:
		return levelInfo
	case logrus.WarnLevel:
		return levelWarn
	case logrus.ErrorLevel:
		return levelError
	default:
		return levelFatal
	}
}

// ParseLevel turns a LOG_LEVEL value into a logrus level. It accepts the
// bunyan level names (trace, debug, info, warn, error, fatal) in any case,
// and bunyan level numbers as strings ("30"); a number between two levels
// selects the next higher level, as a bunyan threshold would.
func ParseLevel(name string) (logrus.Level, error) {
	s := strings.ToLower(strings.TrimSpace(name))
	switch s {
	case "trace":
		return logrus.TraceLevel, nil
	case "debug":
		return logrus.DebugLevel, nil
	case "info":
		return logrus.InfoLevel, nil
	case "warn":
		return logrus.WarnLevel, nil
	case "error":
		return logrus.ErrorLevel, nil
	case "fatal":
		return logrus.FatalLevel, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > levelFatal {
		return 0, fmt.Errorf("bunyan: parse level %q: %w", name, ErrUnknownLevel)
	}
	switch {
	case n <= levelTrace:
		return logrus.TraceLevel, nil
	case n <= levelDebug:
		return logrus.DebugLevel, nil
	case n <= levelInfo:
		return logrus.InfoLevel, nil
	case n <= levelWarn:
		return logrus.WarnLevel, nil
	case n <= levelError:
		return logrus.ErrorLevel, nil
	default:
		return logrus.FatalLevel, nil
	}
}
