package reliability_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// otherHostIP is a second loopback address: on Linux all of 127/8 answers, so a server
// there is a different host, not only a different port, of the same machine.
const otherHostIP = "127.0.0.2"

// listen opens a listener on ip, falling back to 127.0.0.1 (a different port is still a
// different origin) where the system does not route the rest of 127/8.
func listen(t testing.TB, ip string) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Logf("cannot listen on %s (%v); using 127.0.0.1", ip, err)
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	require.NoError(t, err)
	return l
}

// serveOn starts an httptest server for h on ip and closes it when the test ends.
func serveOn(t testing.TB, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = listen(t, ip)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// relay is a TCP pass-through to a target address that counts the connections clients
// open, so a test can see whether the SDK's own transport reuses connections. A reset or
// close on one side closes the other, so the target's connection faults still reach the
// client.
type relay struct {
	l        net.Listener
	target   string
	accepted atomic.Int64
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
}

func newRelay(t testing.TB, target string) *relay {
	t.Helper()
	r := &relay{l: listen(t, "127.0.0.1"), target: target, conns: map[net.Conn]struct{}{}}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

// addr is the relay's host:port.
func (r *relay) addr() string { return r.l.Addr().String() }

func (r *relay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.l.Accept()
		if err != nil {
			return
		}
		r.accepted.Add(1)
		r.wg.Add(1)
		go r.pipe(c)
	}
}

func (r *relay) track(c net.Conn, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on {
		r.conns[c] = struct{}{}
	} else {
		delete(r.conns, c)
	}
}

func (r *relay) pipe(client net.Conn) {
	defer r.wg.Done()
	defer client.Close()
	up, err := net.Dial("tcp", r.target)
	if err != nil {
		return
	}
	defer up.Close()
	r.track(client, true)
	r.track(up, true)
	defer r.track(client, false)
	defer r.track(up, false)
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go cp(up, client)
	go cp(client, up)
	<-done // either side ended: end both
}

// close stops accepting, cuts every open connection and waits for the copies to end.
func (r *relay) close() {
	r.l.Close()
	r.mu.Lock()
	for c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// goroutineBaseline is the goroutine count before a test starts its servers and clients,
// after goroutines of earlier tests' connections had a moment to end.
func goroutineBaseline() int {
	n := runtime.NumGoroutine()
	for range 20 {
		time.Sleep(5 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m >= n {
			return min(m, n)
		}
		n = m
	}
	return n
}

// settledGoroutines polls until the goroutine count is at most want or two seconds
// passed, and returns the last count: goroutines of closed connections need a moment
// to observe the close.
func settledGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(2 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}
