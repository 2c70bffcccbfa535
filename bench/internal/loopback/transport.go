package loopback

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// Transport returns an http.RoundTripper that answers as the server does, in memory: no
// socket, no server goroutine. Benchmarks through it measure what a client does with the
// bytes, without the noise of the loopback exchange.
func (s *Server) Transport() http.RoundTripper { return memoryTransport{s} }

type memoryTransport struct{ s *Server }

// RoundTrip implements http.RoundTripper.
func (t memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	w := &recorder{header: http.Header{}}
	t.s.serve(w, req)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, _ := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64)
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(io.MultiReader(w.parts...)),
		ContentLength: n,
		Request:       req,
	}, nil
}

// recorder is the http.ResponseWriter of memoryTransport. It keeps the slices it is
// given rather than copying them, which is safe only because the server never reuses
// them: the pages are rendered once and never change.
type recorder struct {
	header http.Header
	status int
	parts  []io.Reader
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.parts = append(r.parts, bytes.NewReader(p))
	return len(p), nil
}
