package industrydatatest

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
)

// Match selects the requests a fault rule counts. The zero Match selects every
// request, on the API listener and the file host alike (where status faults
// also answer with Graph's JSON error body).
type Match struct {
	// Method is an HTTP method such as "POST"; empty matches any.
	Method string
	// Path is matched segment by segment against the request path with
	// /beta/industryData removed: "/runGroups", "/runGroups/*" (any one
	// segment), "/runGroups/*/runs", "/runGroups/**" (any remainder). A "()"
	// suffix on a segment is ignored on both sides, so
	// "/runGroups/*/getErrorsAndWarningsFile" also matches the "()" form.
	// The token endpoint is "/*/oauth2/v2.0/token", the file host "/files/*".
	// Empty matches any path.
	Path string
}

func (m Match) matches(method, rel string) bool {
	if m.Method != "" && !strings.EqualFold(m.Method, method) {
		return false
	}
	if m.Path == "" {
		return true
	}
	pat := pathSegments(apiRelPath(m.Path), false)
	got := pathSegments(rel, true)
	for i, p := range pat {
		if p == "**" && i == len(pat)-1 {
			return true
		}
		if i >= len(got) || (p != "*" && p != got[i]) {
			return false
		}
	}
	return len(pat) == len(got)
}

// pathSegments splits a path for matching, dropping empty segments and "()".
func pathSegments(p string, escaped bool) []string {
	var out []string
	for _, seg := range strings.Split(p, "/") {
		if escaped {
			if u, err := url.PathUnescape(seg); err == nil {
				seg = u
			}
		}
		seg = strings.TrimSuffix(seg, "()")
		if seg != "" {
			out = append(out, seg)
		}
	}
	return out
}

// When says which of the matching requests a rule answers, counting matching
// requests from 1.
type When struct {
	from, to int // to == 0: no upper bound
	label    string
}

// Nth answers only the nth matching request.
func Nth(n int) When { return When{from: n, to: n, label: fmt.Sprintf("Nth(%d)", n)} }

// First answers the first n matching requests, e.g. to throttle twice and then
// let the retry through.
func First(n int) When { return When{from: 1, to: n, label: fmt.Sprintf("First(%d)", n)} }

// From answers the nth matching request and every one after it.
func From(n int) When { return When{from: n, label: fmt.Sprintf("From(%d)", n)} }

// Always answers every matching request.
func Always() When { return When{from: 1, label: "Always()"} }

func (w When) covers(k int) bool { return k >= w.from && (w.to == 0 || k <= w.to) }

// Rule is a scripted fault; it counts the requests it saw and answered.
type Rule struct {
	s      *Server
	match  Match
	when   When
	faults []Fault
	rate   float64    // > 0: random rule
	rng    *rand.Rand // random rules only; guarded by Server.mu
	seen   int
	hits   int
}

// Fault scripts a fault: the requests selected by m and w are answered by f
// instead of (or, for Latency and the Commit faults, in addition to) the
// normal handler. Rules are consulted in the order they were added; the first
// one whose schedule selects a request answers it, and every matching rule
// counts the request. Fault panics on a schedule that can never fire, such as
// Nth(0), since that is a mistake in the test.
func (s *Server) Fault(m Match, w When, f Fault) *Rule {
	if w.from < 1 || (w.to != 0 && w.to < w.from) {
		panic("industrydatatest: " + w.label + ": requests are counted from 1")
	}
	return s.addRule(&Rule{s: s, match: m, when: w, faults: []Fault{f}})
}

// RandomFaults answers each matching request with probability rate (0 < rate
// <= 1) by one of kinds, chosen at random. The same seed gives the same
// sequence for the same sequence of requests, so a failing run can be
// replayed. Without kinds, it picks among Throttle("0"), Status(503) and
// Status(504): the faults a client is expected to retry.
func (s *Server) RandomFaults(m Match, rate float64, seed int64, kinds ...Fault) *Rule {
	if rate <= 0 || rate > 1 {
		panic(fmt.Sprintf("industrydatatest: RandomFaults: rate must be in (0, 1], got %v", rate))
	}
	if len(kinds) == 0 {
		kinds = []Fault{Throttle("0"), Status(503), Status(504)}
	}
	r := &Rule{s: s, match: m, when: Always(), faults: kinds, rate: rate,
		rng: rand.New(rand.NewPCG(uint64(seed), 0x1d57))}
	return s.addRule(r)
}

func (s *Server) addRule(r *Rule) *Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, r)
	return r
}

// ClearFaults removes every rule.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = nil
}

// Seen is how many requests matched the rule.
func (r *Rule) Seen() int {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.seen
}

// Hits is how many requests the rule answered with its fault.
func (r *Rule) Hits() int {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	return r.hits
}

// Remove stops the rule; requests already answered stay answered.
func (r *Rule) Remove() {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	for i, x := range r.s.rules {
		if x == r {
			r.s.rules = append(r.s.rules[:i:i], r.s.rules[i+1:]...)
			return
		}
	}
}

// pickFault returns the fault for a request, or nil; the caller holds s.mu.
func (s *Server) pickFault(method, rel string) *Fault {
	var picked *Fault
	for _, r := range s.rules {
		if !r.match.matches(method, rel) {
			continue
		}
		r.seen++
		fires := r.when.covers(r.seen)
		choice := 0
		if r.rng != nil {
			fires = r.rng.Float64() < r.rate
			choice = r.rng.IntN(len(r.faults))
		}
		if fires && picked == nil {
			r.hits++
			f := r.faults[choice]
			picked = &f
		}
	}
	return picked
}

// faultKind is what a Fault does to the request.
type faultKind int

const (
	faultStatus faultKind = iota
	faultReset
	faultTruncate
	faultCommitStatus
	faultCommitReset
	faultLatency
	faultTrickle
)

// Fault is one way of answering a request badly. Build it with Status,
// Throttle, Unavailable, ResetConnection, TruncateBody, CommitThenFail,
// CommitThenReset, Latency or Trickle.
type Fault struct {
	kind       faultKind
	status     int
	retryAfter string
	delay      time.Duration
}

// Status answers with the given HTTP status and Graph's error body, before the
// request takes effect. Use 500 for a non-retryable failure, 503 or 504 for
// transient ones.
func Status(code int) Fault {
	if code < 400 || code > 599 {
		panic(fmt.Sprintf("industrydatatest: Status(%d): a fault status must be 4xx or 5xx", code))
	}
	return Fault{kind: faultStatus, status: code}
}

// Throttle answers 429 TooManyRequests with the given Retry-After value,
// which Graph sends in seconds and sometimes fractional ("0.25", "2.128").
// An empty retryAfter omits the header, so clients must back off on their own.
func Throttle(retryAfter string) Fault {
	return Fault{kind: faultStatus, status: 429, retryAfter: retryAfter}
}

// Unavailable answers 503 ServiceUnavailable with the given Retry-After (empty
// omits it).
func Unavailable(retryAfter string) Fault {
	return Fault{kind: faultStatus, status: 503, retryAfter: retryAfter}
}

// ResetConnection closes the connection with a TCP reset instead of
// answering; the request does not take effect. Note that net/http's Transport
// silently retries an idempotent request once when a reused connection fails
// this way, so a single reset of a GET may be invisible to the caller.
func ResetConnection() Fault { return Fault{kind: faultReset} }

// TruncateBody serves the request normally (so a create takes effect) but
// declares the full Content-Length, sends half of the body and closes the
// connection.
func TruncateBody() Fault { return Fault{kind: faultTruncate} }

// CommitThenFail applies the request's effect and then answers with status
// and Graph's error body, as when a gateway times out after the service
// committed. Tests use it to prove a client does not create duplicates by
// blindly retrying a POST; CreateCount sees the committed create.
func CommitThenFail(status int) Fault {
	f := Status(status)
	f.kind = faultCommitStatus
	return f
}

// CommitThenReset applies the request's effect and then resets the
// connection without answering.
func CommitThenReset() Fault { return Fault{kind: faultCommitReset} }

// Latency delays the request by d and then serves it normally. The delay ends
// early when the client gives up or the server closes.
func Latency(d time.Duration) Fault { return Fault{kind: faultLatency, delay: d} }

// Trickle answers 200 with a large declared body and writes one byte every
// interval until the client gives up (a slow-loris response); it tests a
// client's timeouts on reading the body.
func Trickle(interval time.Duration) Fault {
	if interval <= 0 {
		panic("industrydatatest: Trickle: the interval must be positive")
	}
	return Fault{kind: faultTrickle, delay: interval}
}

// String names the fault as recorded in RecordedRequest.Fault.
func (f Fault) String() string {
	switch f.kind {
	case faultStatus:
		if f.retryAfter != "" {
			return fmt.Sprintf("Status(%d, Retry-After: %s)", f.status, f.retryAfter)
		}
		return fmt.Sprintf("Status(%d)", f.status)
	case faultReset:
		return "ResetConnection"
	case faultTruncate:
		return "TruncateBody"
	case faultCommitStatus:
		return fmt.Sprintf("CommitThenFail(%d)", f.status)
	case faultCommitReset:
		return "CommitThenReset"
	case faultLatency:
		return fmt.Sprintf("Latency(%v)", f.delay)
	}
	return fmt.Sprintf("Trickle(%v)", f.delay)
}
