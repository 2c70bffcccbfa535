// Package loopback serves pre-rendered run-group pages on 127.0.0.1 for the benchmarks.
//
// It is deliberately not industrydatatest: that server implements the protocol (filters,
// paging state, validation) and its cost would be measured with the client's. This one
// answers from bytes rendered once, so the time and allocations a benchmark reports are
// the client's plus the irreducible cost of HTTP over loopback, which the "floor"
// benchmarks measure on their own.
package loopback

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/industrydata/industrydata-go/bench/internal/fixture"
)

// Token is the access token every client sends; the server answers 401 to any other, so
// a client that forgot its Authorization header cannot look fast.
const Token = "bench-token"

// Config sizes the collection the server holds.
type Config struct {
	// Items is the number of run groups in the collection; a multiple of PageSize.
	Items int
	// PageSize is the number of run groups per page.
	PageSize int
	// DistinctPages is how many different pages are rendered; page k serves the items of
	// page k mod DistinctPages (with its own next link). Zero renders every page, so every
	// item is distinct; a small number keeps the server's own memory small for long listings.
	DistinctPages int
}

// Server is a running loopback server. Close it when done.
type Server struct {
	// URL is the Graph base URL to give clients, version segment included
	// (http://127.0.0.1:port/beta).
	URL string

	srv      *httptest.Server
	pages    [][]byte // pages[k]: body of page k up to the value array's ']'
	entity   []byte
	npages   int
	linkBase string // next-link prefix, up to and including "$skiptoken="
}

// CollectionPath is the run-groups collection below the base URL.
const CollectionPath = "/industryData/runGroups"

// New renders the pages and starts the server.
func New(cfg Config) *Server {
	if cfg.PageSize <= 0 || cfg.Items <= 0 || cfg.Items%cfg.PageSize != 0 {
		panic("loopback: Items must be a positive multiple of PageSize")
	}
	s := &Server{npages: cfg.Items / cfg.PageSize, entity: fixture.Entity(7)}
	distinct := cfg.DistinctPages
	if distinct <= 0 || distinct > s.npages {
		distinct = s.npages
	}
	s.pages = make([][]byte, distinct)
	for k := range s.pages {
		s.pages[k] = fixture.PageItems(k*cfg.PageSize, cfg.PageSize)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/beta"
	s.linkBase = s.URL + CollectionPath + "?$skiptoken="
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Pages returns the number of pages a full listing reads.
func (s *Server) Pages() int { return s.npages }

// PageURL returns the URL of page k: the collection URL for page 0, else the next link
// page k-1 carries.
func (s *Server) PageURL(k int) string {
	if k == 0 {
		return s.URL + CollectionPath
	}
	return s.linkBase + strconv.Itoa(k)
}

// EntityURL returns the URL of one run group.
func (s *Server) EntityURL(id string) string { return s.URL + CollectionPath + "/" + id }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		http.Error(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}`, http.StatusUnauthorized)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/beta")
	switch {
	case path == CollectionPath && r.Method == http.MethodGet:
		s.page(w, r)
	case path == CollectionPath && r.Method == http.MethodPost:
		_, _ = io.Copy(io.Discard, r.Body)
		s.write(w, http.StatusCreated, s.entity, nil)
	case strings.HasPrefix(path, CollectionPath+"/") && r.Method == http.MethodGet:
		s.write(w, http.StatusOK, s.entity, nil)
	default:
		http.Error(w, `{"error":{"code":"BadRequest","message":"Unsupported request."}}`, http.StatusBadRequest)
	}
}

// page answers a collection request; the page number is the $skiptoken, which a client
// may send as $skiptoken or %24skiptoken.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	k := 0
	if _, tok, ok := strings.Cut(r.URL.RawQuery, "skiptoken="); ok {
		n, err := strconv.Atoi(tok)
		if err != nil || n <= 0 || n >= s.npages {
			http.Error(w, `{"error":{"code":"BadRequest","message":"Invalid skip token."}}`, http.StatusBadRequest)
			return
		}
		k = n
	}
	var tail []byte
	if k+1 < s.npages {
		tail = make([]byte, 0, len(s.linkBase)+32)
		tail = append(tail, `,"@odata.nextLink":"`...)
		tail = append(tail, s.linkBase...)
		tail = strconv.AppendInt(tail, int64(k+1), 10)
		tail = append(tail, `"}`...)
	} else {
		tail = []byte{'}'}
	}
	s.write(w, http.StatusOK, s.pages[k%len(s.pages)], tail)
}

func (s *Server) write(w http.ResponseWriter, status int, body, tail []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"}
	h["Content-Length"] = []string{strconv.Itoa(len(body) + len(tail))}
	h["Request-Id"] = []string{"5b1f7a58-5e0f-4cc8-8a4e-7d3b0c1e2f40"}
	w.WriteHeader(status)
	_, _ = w.Write(body)
	_, _ = w.Write(tail)
}
