package industrydatatest

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"
)

// applyFault answers x with f; serve is the normal handler, used by the
// faults that let the request take effect.
func (s *Server) applyFault(x *exchange, f Fault, serve func(*exchange)) {
	switch f.kind {
	case faultStatus:
		writeFaultStatus(x, f)
	case faultLatency:
		if s.wait(x.r.Context(), f.delay) {
			serve(x)
		}
	case faultReset:
		resetConnection(x.w)
	case faultTruncate:
		writeTruncated(x.w, serveRecorded(x, serve))
	case faultCommitStatus:
		serveRecorded(x, serve)
		writeFaultStatus(x, f)
	case faultCommitReset:
		serveRecorded(x, serve)
		resetConnection(x.w)
	case faultTrickle:
		s.trickle(x, f.delay)
	}
}

// writeFaultStatus sends the error Graph sends for that status; 429 carries
// the innerError fields of Graph's throttling response.
func writeFaultStatus(x *exchange, f Fault) {
	if f.retryAfter != "" {
		x.w.Header().Set("Retry-After", f.retryAfter)
	}
	var inner map[string]any
	message := fmt.Sprintf("%s (a fault injected by industrydatatest).", http.StatusText(f.status))
	switch f.status {
	case http.StatusTooManyRequests:
		message = "Please retry again later."
		inner = map[string]any{"code": "429", "message": "Please retry after", "status": "429"}
	case http.StatusServiceUnavailable:
		message = "The service is temporarily unavailable. Please retry later."
	case http.StatusGatewayTimeout:
		message = "The gateway did not receive a timely response from the service."
	}
	x.writeErrorBody(f.status, statusCode(f.status), message, inner)
}

// serveRecorded runs the normal handler against a recorder: the effect is
// applied, the response is captured instead of sent.
func serveRecorded(x *exchange, serve func(*exchange)) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	inner := *x
	inner.w = rec
	serve(&inner)
	return rec
}

// resetConnection closes the client's connection with a TCP RST.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// writeTruncated sends the recorded status and headers with the full
// Content-Length, half of the body, and closes the connection.
func writeTruncated(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	body := rec.Body.Bytes()
	declared := max(len(body), 64)
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", rec.Code, http.StatusText(rec.Code))
	h := rec.Header().Clone()
	h.Set("Content-Length", strconv.Itoa(declared))
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			fmt.Fprintf(buf, "%s: %s\r\n", k, v)
		}
	}
	buf.WriteString("\r\n")
	_, _ = buf.Write(body[:len(body)/2])
	_ = buf.Flush()
}

// trickle declares a large body and sends one byte per interval until the
// client or the server gives up.
func (s *Server) trickle(x *exchange, interval time.Duration) {
	x.setGraphHeaders()
	x.w.Header().Set("Content-Type", odataJSON)
	x.w.Header().Set("Content-Length", strconv.Itoa(1<<20))
	x.w.WriteHeader(http.StatusOK)
	fl, _ := x.w.(http.Flusher)
	payload := []byte(`{"value":[`)
	for i := 0; ; i++ {
		b := byte(' ')
		if i < len(payload) {
			b = payload[i]
		}
		if _, err := x.w.Write([]byte{b}); err != nil {
			return
		}
		if fl != nil {
			fl.Flush()
		}
		if !s.wait(x.r.Context(), interval) {
			panic(http.ErrAbortHandler) // close the connection mid-body
		}
	}
}

// wait sleeps for d; it reports false when the client went away or the server
// is closing first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}
