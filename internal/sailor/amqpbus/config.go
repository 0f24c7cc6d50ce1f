package amqpbus

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
)

// Config configures a Transport. Zero values take the documented defaults.
type Config struct {
	// URI is the broker address, amqp:// or amqps://. amqps verifies the
	// server against the system roots. Required. Never logged unredacted.
	URI string

	// ConnectionName prefixes the connection_name client property: the read
	// connection is "<ConnectionName>-read", the write one
	// "<ConnectionName>-write". Default: the host name.
	ConnectionName string

	// Heartbeat is the AMQP heartbeat interval. Default 10 s. Heartbeats are
	// always on so that a half-open TCP connection is noticed in seconds.
	Heartbeat time.Duration

	// FrameSize caps frame_max in bytes. Default 0: accept what the server
	// proposes (RabbitMQ: 131072), never a small client-side cap that recent
	// brokers refuse.
	FrameSize int

	// ReconnectInitial is the first back-off delay between connection
	// attempts. Default 100 ms.
	ReconnectInitial time.Duration

	// ReconnectMax caps the back-off delay. Default 10 s.
	ReconnectMax time.Duration

	// ReconnectMaxWait bounds how long Consume tries to restore consumption
	// (and Dial to make the first connection) before giving up with an error,
	// so that a process without a consumer exits instead of idling. Default
	// 60 s.
	ReconnectMaxWait time.Duration

	// Logger receives connection events. Default: logrus' standard logger.
	Logger *logrus.Entry

	// Dial opens the TCP connection; nil uses net.Dialer. Tests route
	// connections through it.
	Dial func(network, addr string) (net.Conn, error)
}

const (
	defaultHeartbeat        = 10 * time.Second
	defaultReconnectInitial = 100 * time.Millisecond
	defaultReconnectMax     = 10 * time.Second
	defaultReconnectMaxWait = 60 * time.Second
	dialTimeout             = 30 * time.Second
	closeTimeout            = 5 * time.Second
	blockedCloseTimeout     = 500 * time.Millisecond
)

// withDefaults validates cfg and fills in defaults.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.URI == "" {
		return cfg, errors.New("amqpbus: config: URI is required")
	}
	uri, err := amqp.ParseURI(cfg.URI)
	if err != nil {
		return cfg, fmt.Errorf("amqpbus: config: invalid URI %s: %w", sanitiseURI(cfg.URI), redact(err, uriSecret(cfg.URI)))
	}
	if uri.Scheme != "amqp" && uri.Scheme != "amqps" {
		return cfg, fmt.Errorf("amqpbus: config: URI scheme %q is not amqp or amqps", uri.Scheme)
	}
	if cfg.ConnectionName == "" {
		host, err := os.Hostname()
		if err != nil || host == "" {
			host = "sailor"
		}
		cfg.ConnectionName = host
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = defaultHeartbeat
	}
	if cfg.FrameSize < 0 {
		return cfg, fmt.Errorf("amqpbus: config: FrameSize %d is negative", cfg.FrameSize)
	}
	if cfg.ReconnectInitial <= 0 {
		cfg.ReconnectInitial = defaultReconnectInitial
	}
	if cfg.ReconnectMax <= 0 {
		cfg.ReconnectMax = defaultReconnectMax
	}
	if cfg.ReconnectMax < cfg.ReconnectInitial {
		cfg.ReconnectMax = cfg.ReconnectInitial
	}
	if cfg.ReconnectMaxWait <= 0 {
		cfg.ReconnectMaxWait = defaultReconnectMaxWait
	}
	if cfg.Logger == nil {
		cfg.Logger = logrus.NewEntry(logrus.StandardLogger())
	}
	return cfg, nil
}

// amqpConfig is the client configuration for the connection with role
// "read" or "write".
func (cfg Config) amqpConfig(role string, dial func(network, addr string) (net.Conn, error)) amqp.Config {
	props := amqp.NewConnectionProperties()
	props.SetClientConnectionName(cfg.ConnectionName + "-" + role)

	frame := cfg.FrameSize
	if frame == 0 {
		// amqp091 would otherwise substitute its own default; "unlimited"
		// on our side makes the negotiation pick the server's value.
		frame = amqp.FrameSizeUnlimited
	}
	c := amqp.Config{
		Heartbeat:  cfg.Heartbeat,
		FrameSize:  frame,
		Properties: props,
		Dial:       dial,
	}
	if uri, err := amqp.ParseURI(cfg.URI); err == nil && uri.Scheme == "amqps" {
		// A fresh value per dial: amqp091 writes ServerName into it.
		c.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return c
}
