package bunyan

import (
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want logrus.Level
	}{
		{"trace", logrus.TraceLevel},
		{"debug", logrus.DebugLevel},
		{"info", logrus.InfoLevel},
		{"warn", logrus.WarnLevel},
		{"error", logrus.ErrorLevel},
		{"fatal", logrus.FatalLevel},
		{"INFO", logrus.InfoLevel},
		{" Warn ", logrus.WarnLevel},
		{"10", logrus.TraceLevel},
		{"20", logrus.DebugLevel},
		{"30", logrus.InfoLevel},
		{"35", logrus.WarnLevel},
		{"40", logrus.WarnLevel},
		{"50", logrus.ErrorLevel},
		{"60", logrus.FatalLevel},
		{"1", logrus.TraceLevel},
	}
	for _, tt := range tests {
		got, err := ParseLevel(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestParseLevelRejectsUnknown(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "verbose", "0", "61", "-10", "3O"} {
		_, err := ParseLevel(in)
		assert.ErrorIs(t, err, ErrUnknownLevel, in)
	}
}

func TestLevelNumbers(t *testing.T) {
	t.Parallel()
	want := map[logrus.Level]int{
		logrus.TraceLevel: 10, logrus.DebugLevel: 20, logrus.InfoLevel: 30,
		logrus.WarnLevel: 40, logrus.ErrorLevel: 50, logrus.FatalLevel: 60,
		logrus.PanicLevel: 60,
	}
	for l, n := range want {
		assert.Equal(t, n, Level(l), l.String())
	}
}
