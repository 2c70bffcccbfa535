package industrydata

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy says how a call that Graph throttled, or that failed transiently, is
// retried. Start from DefaultRetryPolicy and change what you need; pass it to WithRetry.
//
// What is retried follows Graph's guidance and never risks a duplicate create:
// GET, HEAD, PUT, PATCH and DELETE are retried after 429, 503, 504 and network errors;
// POST only after 429 and 503 (Graph did not process it) and after network errors that
// happened before the request was written. A Retry-After header (seconds, fractions
// included, or an HTTP date) is honoured; otherwise the wait is exponential with full
// jitter. A wait that would end after the context's deadline is not started: the call
// returns the last error at once.
type RetryPolicy struct {
	// MaxRetries is how many times a call is retried after its first attempt.
	// 0 turns retries off, so start from DefaultRetryPolicy rather than a struct
	// literal when you only mean to change the waits. Default 5, at most 100.
	MaxRetries int
	// MinWait is the base of the exponential backoff used when the response has no
	// Retry-After: retry n waits a random time up to MinWait·2ⁿ (capped by MaxWait).
	// Zero means the default, 1s.
	MinWait time.Duration
	// MaxWait caps one wait. A Retry-After longer than MaxWait is not waited for: the
	// call fails with the *Error, whose RetryAfter says how long Graph asked for.
	// Zero means the default, 60s.
	MaxWait time.Duration
	// MaxTotalWait caps the sum of the waits of one call. Zero means the default, 3m.
	MaxTotalWait time.Duration
	// PerAttemptTimeout bounds each HTTP exchange, reading the response body included,
	// so a hung connection is abandoned and retried. Zero (the default) sets no limit
	// beyond the caller's context.
	PerAttemptTimeout time.Duration
}

// DefaultRetryPolicy returns the policy a Client uses unless WithRetry says otherwise:
// 5 retries, backoff from 1s, at most 60s per wait and 3m in total, no per-attempt timeout.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 5, MinWait: time.Second, MaxWait: time.Minute, MaxTotalWait: 3 * time.Minute}
}

// maxRetriesLimit bounds RetryPolicy.MaxRetries: more retries than this cannot help a
// call, and MaxTotalWait is the way to let one keep trying for longer.
const maxRetriesLimit = 100

// validate reports the first field that cannot work.
func (p RetryPolicy) validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"MinWait", p.MinWait}, {"MaxWait", p.MaxWait}, {"MaxTotalWait", p.MaxTotalWait}, {"PerAttemptTimeout", p.PerAttemptTimeout}} {
		if f.d < 0 {
			return fmt.Errorf("%s %v is negative", f.name, f.d)
		}
	}
	if p.MaxRetries < 0 {
		return fmt.Errorf("MaxRetries %d is negative", p.MaxRetries)
	}
	if p.MaxRetries > maxRetriesLimit {
		return fmt.Errorf("MaxRetries %d is more than %d; bound the time spent with MaxTotalWait instead", p.MaxRetries, maxRetriesLimit)
	}
	if d := p.withDefaults(); d.MinWait > d.MaxWait {
		return fmt.Errorf("MinWait %v is longer than MaxWait %v", d.MinWait, d.MaxWait)
	}
	return nil
}

// withDefaults fills zero waits with the defaults.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MinWait == 0 {
		p.MinWait = d.MinWait
	}
	if p.MaxWait == 0 {
		p.MaxWait = d.MaxWait
	}
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = d.MaxTotalWait
	}
	return p
}

// idempotentMethod reports whether repeating the method cannot change the outcome.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions:
		return true
	}
	return false
}

// retrier decides, for one call, whether and when to retry. go-retryablehttp runs the
// loop and rewinds the body; retrier is its CheckRetry and PrepareRetry. The wait
// happens in check, not in the library's Backoff, so that a wait that cannot finish
// (deadline, caps) is never started and the last response is returned instead.
type retrier struct {
	policy RetryPolicy
	sleep  func(context.Context, time.Duration) error
	now    func() time.Time
	logger *slog.Logger // nil: no logging
	method string
	url    string // for logs, redacted
	state  *callState

	retries int           // retries started so far
	waited  time.Duration // sum of waits so far
	last    error         // what the attempt before the current wait failed with
}

// check is go-retryablehttp's CheckRetry. Having decided to retry, it releases the
// response (draining the body so the connection is reused) and waits.
func (r *retrier) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil || !r.retryable(resp, err) || r.retries >= r.policy.MaxRetries {
		return false, nil
	}
	wait, ok := r.delay(resp)
	if !ok {
		return false, nil
	}
	if deadline, has := ctx.Deadline(); has && wait >= time.Until(deadline) {
		return false, nil
	}
	if resp != nil {
		r.last = newError(resp, maxErrorBody)
		drainAndClose(resp.Body)
		resp.Body = http.NoBody
	} else {
		r.last = unwrapURLError(err)
	}
	r.state.wrote.Store(false) // a retryable outcome means the server did not process it
	r.log(ctx, resp, wait)
	if err := r.sleep(ctx, wait); err != nil {
		return false, fmt.Errorf("%w while waiting to retry; last attempt: %w", err, r.last)
	}
	r.retries++
	r.waited += wait
	return true, nil
}

// retryable applies Graph's policy to one attempt's outcome.
func (r *retrier) retryable(resp *http.Response, err error) bool {
	idempotent := idempotentMethod(r.method)
	if err != nil {
		if !transientError(err) {
			return false
		}
		// A POST is retried only if it never reached the wire: otherwise Graph may
		// have created the entity already.
		return idempotent || !r.state.wrote.Load()
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	case http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// delay is the wait before the next attempt: Retry-After when the response has one,
// else exponential backoff with full jitter. It reports false when the caps forbid it.
func (r *retrier) delay(resp *http.Response) (time.Duration, bool) {
	left := r.policy.MaxTotalWait - r.waited
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), r.now()); ok {
			return d, d <= r.policy.MaxWait && d <= left
		}
	}
	if left <= 0 {
		return 0, false
	}
	limit := backoffLimit(r.policy.MinWait, r.policy.MaxWait, r.retries)
	if limit <= 0 {
		return 0, true
	}
	if limit < math.MaxInt64 {
		limit++ // full jitter over [0, limit]
	}
	return min(rand.N(limit), left), true
}

// backoffLimit is min(maxWait, minWait·2ⁿ) without overflowing: the shift saturates at
// maxWait instead of wrapping to a negative or zero duration.
func backoffLimit(minWait, maxWait time.Duration, n int) time.Duration {
	if minWait <= 0 || maxWait <= 0 {
		return max(0, min(minWait, maxWait))
	}
	if n >= 63 || minWait > maxWait>>n {
		return maxWait
	}
	return min(maxWait, minWait<<n)
}

// prepare is go-retryablehttp's PrepareRetry: it marks the coming attempt.
func (r *retrier) prepare(req *http.Request) error {
	r.state.attempt.Add(1)
	r.state.wrote.Store(false)
	req.Header = req.Header.Clone() // the previous attempt's request may still be referenced
	req.Header.Set("Retry-Attempt", strconv.Itoa(r.retries))
	return nil
}

// log records the decision to retry.
func (r *retrier) log(ctx context.Context, resp *http.Response, wait time.Duration) {
	if r.logger == nil || !r.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.method),
		slog.String("url", r.url),
		slog.Int("attempt", int(r.state.attempt.Load())),
		slog.Duration("wait", wait),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	} else if r.last != nil {
		attrs = append(attrs, slog.String("error", scrubSecrets(r.last.Error())))
	}
	r.logger.LogAttrs(ctx, slog.LevelDebug, "industrydata: retrying", attrs...)
}

// transientError reports whether a failed attempt may succeed if repeated. What is
// transient is listed: timeouts, a connection reset, refused or cut off, a body that
// ended early, a temporary DNS failure, an HTTP/2 connection the server went away from,
// and a token endpoint that was unreachable, busy (429) or failing (5xx). Everything
// else (a malformed request such as a header with CR LF, an unknown host, a certificate
// problem, a refused redirect, a rejected credential, a body over the size limit, a
// cancellation) fails the same way every time and is not retried.
func transientError(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if te, ok := errorAs[*TokenError](err); ok {
		if te.StatusCode == http.StatusTooManyRequests || te.StatusCode >= 500 {
			return true
		}
		return te.StatusCode == 0 && te.Code == "" && te.Err != nil && transientNetError(te.Err)
	}
	if _, ok := errorAs[*redirectError](err); ok {
		return false
	}
	if _, ok := errorAs[*bodyTooLargeError](err); ok {
		return false
	}
	return transientNetError(err)
}

// transientNetError is the network half of transientError.
func transientNetError(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	if _, ok := errorAs[*tls.CertificateVerificationError](err); ok {
		return false
	}
	if _, ok := errorAs[x509.UnknownAuthorityError](err); ok {
		return false
	}
	if _, ok := errorAs[x509.HostnameError](err); ok {
		return false
	}
	if _, ok := errorAs[x509.CertificateInvalidError](err); ok {
		return false
	}
	if dns, ok := errorAs[*net.DNSError](err); ok {
		return !dns.IsNotFound && (dns.IsTemporary || dns.IsTimeout)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), // a per-attempt timeout; the call's own deadline is checked first
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), // the server closed the connection before answering
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ETIMEDOUT):
		return true
	}
	if ne, ok := errorAs[net.Error](err); ok && ne.Timeout() {
		return true
	}
	if oe, ok := errorAs[*net.OpError](err); ok && oe.Op == "dial" {
		return true // no connection, so nothing was sent (unknown hosts were refused above)
	}
	// HTTP/2 failures have no exported types in net/http.
	msg := err.Error()
	for _, s := range []string{"http2: server sent GOAWAY", "http2: client connection lost", "REFUSED_STREAM", "http2: client connection force closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// sleepContext waits d, or less if ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// attemptTimeoutTransport gives each exchange its own deadline (RetryPolicy.PerAttemptTimeout),
// kept until the response body is closed.
type attemptTimeoutTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

// RoundTrip implements http.RoundTripper.
func (t *attemptTimeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and ends the attempt's context.
func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// errorAs is errors.As returning the target, for use in expressions.
func errorAs[T error](err error) (T, bool) {
	var target T
	ok := errors.As(err, &target)
	return target, ok
}

// bufferTransport reads each success body of a Graph call (up to limit bytes) before the
// response leaves the retry loop, so that a body cut off, reset or outlasting
// RetryPolicy.PerAttemptTimeout is a failed attempt, retried like any other (a POST whose
// request was written is not: its outcome is unknown). A body over the limit, declared
// or read, fails the call at once: asking again would get the same body. Anonymous
// downloads and non-2xx responses pass through unread: downloads stream to the caller,
// and error bodies are read by the retrier and send.
type bufferTransport struct {
	next  http.RoundTripper
	limit int64
}

// RoundTrip implements http.RoundTripper.
func (t *bufferTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	st := callStateFrom(req.Context())
	if err != nil || st == nil || st.anonymous || resp.StatusCode < 200 || resp.StatusCode > 299 || resp.Body == nil || resp.Body == http.NoBody {
		return resp, err
	}
	data, err := readLimited(resp.Body, t.limit, resp.ContentLength)
	_ = resp.Body.Close() // closing an unfinished body drops its connection rather than draining it
	if err != nil {
		return nil, err
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(data), data: data}
	resp.ContentLength = int64(len(data))
	return resp, nil
}

// bufferedBody is a success body bufferTransport read; readBody takes its bytes as they are.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

// Close implements io.Closer; there is nothing to release.
func (*bufferedBody) Close() error { return nil }

// bodyTooLargeError is a success body over the client's limit. It is not retried.
type bodyTooLargeError struct {
	limit    int64
	declared int64 // the Content-Length, when that is how the size was known; else 0
}

func (e *bodyTooLargeError) Error() string {
	if e.declared > 0 {
		return fmt.Sprintf("response body of %d bytes (Content-Length) exceeds the %d-byte limit (see WithMaxResponseSize)", e.declared, e.limit)
	}
	return fmt.Sprintf("response body exceeds the %d-byte limit (see WithMaxResponseSize)", e.limit)
}

// readInitial is the first buffer of a body of unknown length; it doubles from there.
const readInitial = 32 << 10

// readLimited reads r to its end, refusing more than limit bytes. declared is the
// Content-Length (-1 if unknown): a declared size over the limit is refused before
// reading, and a declared size within it is allocated once. Otherwise the buffer
// doubles, up to the limit, so reading costs about twice the body, never more than
// about twice the limit.
func readLimited(r io.Reader, limit, declared int64) ([]byte, error) {
	if declared > limit {
		return nil, &bodyTooLargeError{limit: limit, declared: declared}
	}
	size := min(limit, readInitial)
	if declared >= 0 {
		size = declared
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit || int64(len(buf)) == declared {
				// Full at the limit or the declared length: probe for one more byte
				// instead of growing a buffer that is most likely complete.
				var probe [1]byte
				n, err := io.ReadFull(r, probe[:])
				switch {
				case n > 0 && int64(len(buf)) >= limit:
					return nil, &bodyTooLargeError{limit: limit}
				case err == io.EOF:
					return buf, nil
				case n == 0:
					return nil, fmt.Errorf("reading response body: %w", err)
				}
				buf = append(buf, probe[0]) // longer than declared: grows below
				continue
			}
			grown := make([]byte, len(buf), min(limit, max(2*int64(cap(buf)), readInitial)))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading response body: %w", err)
		}
	}
}
