package faults

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// echoServer answers every line with the same line.
func echoServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() { l.Close(); <-done })
	return l.Addr().String()
}

func roundTrip(c net.Conn, r *bufio.Reader, line string, within time.Duration) (string, error) {
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return "", err
	}
	_ = c.SetReadDeadline(time.Now().Add(within))
	return r.ReadString('\n')
}

func TestProxyPassBlackholeResetClose(t *testing.T) {
	p, err := Start(echoServer(t))
	require.NoError(t, err)
	c, err := net.Dial("tcp", p.Addr())
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)

	got, err := roundTrip(c, r, "one", 2*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "one\n", got)

	p.Blackhole()
	_, err = roundTrip(c, r, "two", 300*time.Millisecond)
	var ne net.Error
	require.ErrorAs(t, err, &ne, "no answer and no error while black-holed")
	assert.True(t, ne.Timeout())

	// A new connection is accepted but goes nowhere.
	c2, err := net.Dial("tcp", p.Addr())
	require.NoError(t, err)
	defer c2.Close()

	p.Pass()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	got, err = r.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "two\n", got, "held bytes flow on after pass")
	got, err = roundTrip(c2, bufio.NewReader(c2), "three", 2*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "three\n", got)

	p.Reset()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = r.ReadString('\n')
	require.Error(t, err, "reset closes the connection")
	require.Eventually(t, func() bool { return p.Conns() == 0 }, 2*time.Second, 10*time.Millisecond)

	require.NoError(t, p.Close())
	_, err = net.DialTimeout("tcp", p.Addr(), time.Second)
	assert.Error(t, err, "closed proxy does not listen")
}

func TestProxyListensOnLoopbackOnly(t *testing.T) {
	_, err := Listen("0.0.0.0:0", "127.0.0.1:1")
	assert.Error(t, err)
}
