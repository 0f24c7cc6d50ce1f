package amqpbus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestBackoffGrowsToCapWithJitter(t *testing.T) {
	b := newBackoff(100*time.Millisecond, time.Second)
	b.jitter = func() float64 { return 0 }
	assert.Equal(t, 50*time.Millisecond, b.delay(1))
	assert.Equal(t, 100*time.Millisecond, b.delay(2))
	assert.Equal(t, 200*time.Millisecond, b.delay(3))
	assert.Equal(t, 500*time.Millisecond, b.delay(10))
	assert.Equal(t, 500*time.Millisecond, b.delay(1000))

	b.jitter = func() float64 { return 0.999999 }
	assert.InDelta(t, float64(100*time.Millisecond), float64(b.delay(1)), float64(time.Microsecond))
	assert.LessOrEqual(t, b.delay(1000), time.Second)
}

func TestSanitiseURI(t *testing.T) {
	for in, want := range map[string]string{
		"amqp://guest:s3cret@host:5672/vh": "amqp://guest:***@host:5672/vh",
		"amqps://u:p%40ss@host":            "amqps://u:***@host/",
		"amqp://host":                      "amqp://host/",
		"::not a uri s3cret":               "<invalid AMQP URI>",
	} {
		assert.Equal(t, want, sanitiseURI(in), in)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := Config{URI: "amqp://u:p@127.0.0.1/"}.withDefaults()
	assert.NoError(t, err)
	assert.Equal(t, 10*time.Second, cfg.Heartbeat)
	assert.Equal(t, 60*time.Second, cfg.ReconnectMaxWait)
	assert.NotEmpty(t, cfg.ConnectionName)
	ac := cfg.amqpConfig("read", nil)
	assert.Equal(t, cfg.ConnectionName+"-read", ac.Properties["connection_name"])
	assert.Negative(t, ac.FrameSize, "0 asks amqp091 to take the server's frame_max")

	_, err = Config{URI: "http://127.0.0.1/"}.withDefaults()
	assert.Error(t, err)
}
