package industrydatatest

import (
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// maxBodyBytes caps request bodies, as Graph does (it answers 413 beyond).
const maxBodyBytes = 4 << 20

// Server is an in-memory Graph run-groups API on a loopback port, with its
// token endpoint and a separate file host. It is safe for concurrent use;
// every method may be called while requests are in flight.
type Server struct {
	cfg     config
	schema  *schema
	api     *httptest.Server
	files   *httptest.Server
	key     []byte // signs skiptokens and file links
	closing chan struct{}
	once    sync.Once

	mu       sync.Mutex
	st       *store
	tok      tokenState
	rules    []*Rule
	requests []RecordedRequest
	fileReqs []RecordedRequest
}

// NewServer starts a server on 127.0.0.1, like httptest.NewServer. The caller
// must call Close when done; [NewServerT] does that for a test. NewServer
// panics when an option is invalid, naming the option, the way
// httptest.NewServer panics when it cannot listen.
func NewServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if len(cfg.invalidOptions) > 0 {
		panic("industrydatatest: " + strings.Join(cfg.invalidOptions, "; "))
	}
	s := &Server{
		cfg:     cfg,
		schema:  newSchema(),
		key:     make([]byte, 32),
		closing: make(chan struct{}),
		st:      newStore(),
		tok:     newTokenState(),
	}
	_, _ = rand.Read(s.key)
	s.api = httptest.NewServer(http.HandlerFunc(s.handleAPI))
	s.files = httptest.NewServer(http.HandlerFunc(s.handleFile))
	return s
}

// NewServerT starts a server and closes it when the test ends.
func NewServerT(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close stops both listeners. Requests held open by Latency or Trickle faults
// end at once, so Close does not wait for them.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.api.Close()
		s.files.Close()
	})
}

// URL is the server root, e.g. http://127.0.0.1:41234. It is also the
// authority host: the token endpoint is URL()/{tenant}/oauth2/v2.0/token.
func (s *Server) URL() string { return s.api.URL }

// BaseURL is the Graph base URL to give a client: URL()/beta. The run groups
// live under BaseURL()/industryData/runGroups.
func (s *Server) BaseURL() string { return s.api.URL + "/beta" }

// TokenURL is the client-credentials token endpoint for the server's tenant.
func (s *Server) TokenURL() string {
	return s.api.URL + "/" + s.cfg.creds.TenantID + "/oauth2/v2.0/token"
}

// FileHostURL is the root of the separate file host that serves the
// errors-and-warnings files.
func (s *Server) FileHostURL() string { return s.files.URL }

// Credentials are the tenant, client id and secret the token endpoint accepts.
func (s *Server) Credentials() Credentials { return s.cfg.creds }

// HTTPClient returns a client for the server's listener with connection
// reuse, like httptest.Server.Client.
func (s *Server) HTTPClient() *http.Client { return s.api.Client() }

// exchange is one request being served.
type exchange struct {
	w               http.ResponseWriter
	r               *http.Request
	body            []byte
	now             time.Time
	requestID       string
	clientRequestID string
}

func (s *Server) newExchange(w http.ResponseWriter, r *http.Request, body []byte) *exchange {
	x := &exchange{w: w, r: r, body: body, now: s.cfg.now(), requestID: newGUID()}
	x.clientRequestID = r.Header.Get("client-request-id")
	if x.clientRequestID == "" {
		x.clientRequestID = x.requestID
	}
	return x
}

// handleAPI is the API listener's entry: record, maybe inject a fault, serve.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	x := s.newExchange(w, r, body)
	rel := apiRelPath(r.URL.EscapedPath())
	f := s.record(&s.requests, r, body, rel)
	switch {
	case err != nil:
		x.writeError(badRequest("The request body could not be read: " + err.Error()))
	case len(body) > maxBodyBytes:
		x.writeError(&apiError{status: http.StatusRequestEntityTooLarge, code: "RequestEntityTooLarge",
			message: "The request body exceeds the 4 MB limit."})
	case f != nil:
		s.applyFault(x, *f, s.serveAPI)
	default:
		s.serveAPI(x)
	}
}

// serveAPI answers the token endpoint or, after authorization, an API route.
func (s *Server) serveAPI(x *exchange) {
	if tenant, ok := tokenPath(x.r.URL.EscapedPath()); ok {
		s.handleToken(x, tenant)
		return
	}
	if err := s.authorize(x); err != nil {
		x.w.Header().Set("WWW-Authenticate", `Bearer realm="", authorization_uri="`+s.URL()+`/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`)
		x.writeError(err)
		return
	}
	s.route(x)
}

// apiRelPath strips /beta/industryData from a request path, the form fault
// matches use; other paths are returned unchanged.
func apiRelPath(p string) string {
	const root = "/beta/industryData"
	if p == root {
		return "/"
	}
	if strings.HasPrefix(p, root+"/") {
		return p[len(root):]
	}
	return p
}
