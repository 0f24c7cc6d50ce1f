// Package faults holds the fault-injecting TCP proxy of the reliability
// tests (reliability.md §3, "fault proxy"): it listens on 127.0.0.1, forwards
// every connection to a target, and can be switched to black-hole (stop
// forwarding in both directions while keeping every socket open, the way a
// half-open TCP connection behaves) and back to pass, or reset every
// connection. There is no Docker or toxiproxy on the machines the tests run
// on, so the tests bring their own.
package faults

import (
	"errors"
	"net"
	"sync"
	"time"
)

// Proxy forwards TCP connections from Addr to a target.
type Proxy struct {
	l      net.Listener
	target string

	mu      sync.Mutex
	passing chan struct{} // closed while in pass mode
	conns   map[net.Conn]struct{}
	closed  bool
	done    chan struct{}

	wg sync.WaitGroup
}

// Start listens on 127.0.0.1 (a free port) and forwards to target, in pass
// mode.
func Start(target string) (*Proxy, error) {
	return Listen("127.0.0.1:0", target)
}

// Listen is Start on a given local address (it must be on 127.0.0.1).
func Listen(addr, target string) (*Proxy, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host != "127.0.0.1" {
		return nil, errors.New("faults: the proxy listens on 127.0.0.1 only")
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	passing := make(chan struct{})
	close(passing)
	p := &Proxy{l: l, target: target, passing: passing, conns: map[net.Conn]struct{}{}, done: make(chan struct{})}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's listening address, host:port.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Pass forwards traffic again; bytes held while black-holed flow on.
func (p *Proxy) Pass() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.passing:
	default:
		close(p.passing)
	}
}

// Blackhole stops forwarding in both directions. Sockets stay open, new
// connections are accepted but not forwarded: neither end sees an error,
// as with a peer that vanished without a FIN or RST.
func (p *Proxy) Blackhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.passing:
		p.passing = make(chan struct{})
	default:
	}
}

// Reset closes every open connection (both sides); the mode is unchanged.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		_ = c.Close()
	}
}

// Conns is the number of open sockets (client and upstream sides).
func (p *Proxy) Conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// Close stops listening, closes every connection and waits for the
// proxy's goroutines.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	err := p.l.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_ = c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
	_ = c.Close()
}

// gate waits while the proxy black-holes; false when it is closing.
func (p *Proxy) gate() bool {
	p.mu.Lock()
	passing := p.passing
	p.mu.Unlock()
	select {
	case <-passing:
		return true
	case <-p.done:
		return false
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		if !p.track(c) {
			continue
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

func (p *Proxy) serve(c net.Conn) {
	defer p.wg.Done()
	defer p.untrack(c)
	if !p.gate() { // a black hole does not even reach the target
		return
	}
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil || !p.track(up) {
		return
	}
	defer p.untrack(up)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pipe(up, c) }()
	go func() { defer wg.Done(); p.pipe(c, up) }()
	wg.Wait()
}

// pipe copies src to dst, holding each chunk while black-holed, and closes
// both when either side ends.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.gate() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
