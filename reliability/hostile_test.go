package reliability_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The hostile hosts: a Graph look-alike that redirects, links and points downloads
// elsewhere, and the hosts it points at, each recording what it received.

// sigSecret is the signature of the pre-signed file links the hostile servers hand out:
// it grants access by itself, so it must never reach a log or an error.
const sigSecret = "c2lnLXNlY3JldC0zMWY3YTk="

// seenRequest is what a recording host received.
type seenRequest struct {
	host, method, path, query, auth string
	body                            []byte
}

// recorder wraps a handler and keeps every request it receives.
type recorder struct {
	mu   sync.Mutex
	reqs []seenRequest
	next http.Handler
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	req.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.reqs = append(r.reqs, seenRequest{host: req.Host, method: req.Method, path: req.URL.Path, query: req.URL.RawQuery,
		auth: req.Header.Get("Authorization"), body: body})
	r.mu.Unlock()
	r.next.ServeHTTP(w, req)
}

// tokens returns the distinct bearer tokens received so far.
func (r *recorder) tokens() []string {
	seen := map[string]bool{}
	for _, q := range r.requests() {
		if tok, ok := strings.CutPrefix(q.auth, "Bearer "); ok {
			seen[tok] = true
		}
	}
	return keys(seen)
}

func (r *recorder) requests() []seenRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seenRequest(nil), r.reqs...)
}

// hostileHosts is a Graph look-alike (the one allowed host) that redirects, links and
// points downloads to other hosts: a second loopback host and another port.
type hostileHosts struct {
	graph, other, port *recorder
	graphURL, otherURL string
	portURL            string
}

func newHostileHosts(t *testing.T) *hostileHosts {
	h := &hostileHosts{}
	h.graph = &recorder{next: http.HandlerFunc(h.serveGraph)}
	h.other = &recorder{next: http.HandlerFunc(h.serveOther)}
	h.port = &recorder{next: http.HandlerFunc(h.serveOther)}
	h.graphURL = serveOn(t, "127.0.0.1", h.graph).URL
	h.otherURL = serveOn(t, otherHostIP, h.other).URL
	h.portURL = serveOn(t, "127.0.0.1", h.port).URL
	return h
}

// serveGraph routes on the first path segment, the scenario: /{scenario}/beta/industryData/...
func (h *hostileHosts) serveGraph(w http.ResponseWriter, r *http.Request) {
	scenario, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	var code int
	switch {
	case scenario == "files":
		w.Header().Set("Content-Type", "text/csv")
		_, _ = io.WriteString(w, "severity,code\nerror,E1\n")
	case strings.HasPrefix(scenario, "redirect-other-"):
		_, _ = fmt.Sscan(strings.TrimPrefix(scenario, "redirect-other-"), &code)
		http.Redirect(w, r, h.otherURL+"/landing/"+rest, code)
	case scenario == "redirect-port":
		http.Redirect(w, r, h.portURL+"/landing/"+rest, http.StatusTemporaryRedirect)
	case scenario == "redirect-name":
		// The same server under another name is another host to the client.
		http.Redirect(w, r, strings.Replace(h.graphURL, "127.0.0.1", "localhost", 1)+"/landed/"+rest, http.StatusPermanentRedirect)
	case scenario == "landed":
		writeEntityJSON(w, r)
	case scenario == "nextlink-other":
		writeJSON(w, 200, `{"value":[{"id":"a"}],"@odata.nextLink":"`+h.otherURL+`/beta/industryData/runGroups?$skiptoken=2"}`)
	case scenario == "nextlink-userinfo":
		u := strings.Replace(h.graphURL, "http://", "http://user:pass@", 1)
		writeJSON(w, 200, `{"value":[{"id":"a"}],"@odata.nextLink":"`+u+`/nextlink-userinfo/beta/industryData/runGroups?$skiptoken=2"}`)
	case scenario == "file-other":
		writeFileLink(w, h.otherURL+"/files/g.csv")
	case scenario == "file-self":
		writeFileLink(w, h.graphURL+"/files/g.csv")
	case scenario == "file-redirect":
		writeFileLink(w, h.otherURL+"/to-graph/g.csv")
	case scenario == "file-forbidden":
		writeFileLink(w, h.otherURL+"/forbidden/g.csv")
	case scenario == "graph-error":
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, 403, `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges.","innerError":{"request-id":"r-1"}}}`)
	default:
		http.NotFound(w, r)
	}
}

// serveOther is the host the token must never reach; it answers like a storage host.
func (h *hostileHosts) serveOther(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/landing/"):
		writeEntityJSON(w, r)
	case strings.HasPrefix(r.URL.Path, "/files/"):
		w.Header().Set("Content-Type", "text/csv")
		_, _ = io.WriteString(w, "severity,code\nwarning,W1\n")
	case strings.HasPrefix(r.URL.Path, "/to-graph/"):
		http.Redirect(w, r, h.graphURL+"/files/g.csv?"+r.URL.RawQuery, http.StatusFound)
	case strings.HasPrefix(r.URL.Path, "/forbidden/"):
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		// Storage errors quote the signed URL back; the SDK must not pass it on.
		_, _ = io.WriteString(w, `<?xml version="1.0"?><Error><Code>AuthenticationFailed</Code><Message>sig=`+
			url.QueryEscape(sigSecret)+` expired for `+r.URL.String()+`</Message></Error>`)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func writeEntityJSON(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPatch, http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPost:
		writeJSON(w, http.StatusCreated, `{"id":"created","displayName":"landed"}`)
	default:
		writeJSON(w, http.StatusOK, `{"id":"x","displayName":"landed"}`)
	}
}

func writeFileLink(w http.ResponseWriter, link string) {
	writeJSON(w, 200, `{"value":"`+link+`?sv=2024-01-01&se=2099-01-01&sp=r&sig=`+url.QueryEscape(sigSecret)+`"}`)
}
