package industrydatatest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// RecordedRequest is one request as the server received it, kept so that a
// test can assert what its client sent: which headers (was Authorization
// there?), which query, which body, and how often.
type RecordedRequest struct {
	Method string
	// Path is the escaped path as sent, e.g. /beta/industryData/runGroups.
	Path string
	// RawQuery is the query as sent, before any decoding.
	RawQuery string
	// Header is a copy of the request headers, Authorization included.
	Header http.Header
	Body   []byte
	// Fault names the injected fault that answered the request, or is empty.
	Fault string
	// Time is the server clock when the request arrived.
	Time time.Time
}

// record appends a request to a log and, under the same lock, picks the fault
// (if any) that answers it.
func (s *Server) record(log *[]RecordedRequest, r *http.Request, body []byte, rel string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.pickFault(r.Method, rel)
	if _, isToken := tokenPath(r.URL.EscapedPath()); isToken && log == &s.requests {
		s.tok.requests++
	}
	rec := RecordedRequest{
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     slices.Clone(body),
		Time:     s.cfg.now(),
	}
	if f != nil {
		rec.Fault = f.String()
	}
	*log = append(*log, rec)
	return f
}

// Requests returns a copy of every request the API listener received, token
// requests included, in arrival order.
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneRequests(s.requests)
}

// FileRequests returns a copy of every request the file host received; a test
// can check that no bearer token ever reached it.
func (s *Server) FileRequests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneRequests(s.fileReqs)
}

// ResetRequests forgets the recorded requests of both listeners, so that a
// test can look only at what follows its setup.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.fileReqs = nil, nil
}

// CreateCount returns how many creates were committed in a collection, counted
// when the effect is applied (so a create answered by CommitThenFail counts).
// collection is relative to /industryData: "runGroups",
// "runGroups/{id}/runs" or "runGroups/{id}/process".
func (s *Server) CreateCount(collection string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.creates[strings.Trim(collection, "/")]
}

func cloneRequests(in []RecordedRequest) []RecordedRequest {
	out := make([]RecordedRequest, len(in))
	for i, r := range in {
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}
