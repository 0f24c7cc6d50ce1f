package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func envOf(m map[string]string) Env {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

func TestWorkerGCPolicy(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	cases := []struct {
		name   string
		env    map[string]string
		cgroup int64
		want   gcPolicy
	}{
		{"defaults: platform's 1 GiB container", nil, 0, gcPolicy{Percent: 200, Limit: 768 * mib}},
		{"the cgroup's limit comes first", map[string]string{"EIO_REQUIRED_RAM_MB": "2048"}, 512 * mib, gcPolicy{Percent: 200, Limit: 384 * mib}},
		{"the scheduler's hint without a cgroup limit", map[string]string{"EIO_REQUIRED_RAM_MB": "256"}, 0, gcPolicy{Percent: 200, Limit: 192 * mib}},
		{"an unreadable hint falls back to the default", map[string]string{"EIO_REQUIRED_RAM_MB": "lots"}, 0, gcPolicy{Percent: 200, Limit: 768 * mib}},
		{"GOGC is the operator's", map[string]string{"GOGC": "100"}, 0, gcPolicy{Limit: 768 * mib}},
		{"GOMEMLIMIT is the operator's", map[string]string{"GOMEMLIMIT": "100MiB"}, 0, gcPolicy{Percent: 200}},
		{"both set: nothing to do", map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, 0, gcPolicy{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, workerGCPolicy(envOf(c.env), c.cgroup))
		})
	}
}
