package industrydatatest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The file host stands in for blob storage: getErrorsAndWarningsFile answers
// a link with a shared-access signature in the query, and the host serves the
// file only to a request that carries a valid, unexpired signature and no
// Authorization header. A client that sends its Graph token to the link is
// refused (and the attempt is recorded in FileRequests).

const (
	sasVersion       = "2024-01-01"
	fileLinkLifetime = time.Hour
)

func (s *Server) fileSig(sp, se, path, sv, sr string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("file\x00" + sp + "\n" + se + "\n" + path + "\n" + sv + "\n" + sr))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// fileURL is the signed link for a run group's file, valid for an hour of
// server time.
func (s *Server) fileURL(id string, now time.Time) string {
	path := "/files/" + url.PathEscape(id) + ".csv"
	se := now.Add(fileLinkLifetime).UTC().Format(time.RFC3339)
	sig := s.fileSig("r", se, path, sasVersion, "b")
	return s.files.URL + path + "?sv=" + sasVersion + "&sr=b&sp=r&se=" + url.QueryEscape(se) + "&sig=" + url.QueryEscape(sig)
}

// handleFile is the file host's entry: record, maybe inject a fault, serve.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	x := s.newExchange(w, r, body)
	if f := s.record(&s.fileReqs, r, body, r.URL.EscapedPath()); f != nil {
		s.applyFault(x, *f, s.serveFile)
		return
	}
	s.serveFile(x)
}

func (s *Server) serveFile(x *exchange) {
	h := x.w.Header()
	h.Set("x-ms-request-id", x.requestID)
	h.Set("x-ms-version", sasVersion)
	if x.r.Method != http.MethodGet && x.r.Method != http.MethodHead {
		writeStorageError(x, http.StatusMethodNotAllowed, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.", "")
		return
	}
	if x.r.Header.Get("Authorization") != "" {
		writeStorageError(x, http.StatusForbidden, "AuthenticationFailed",
			"Server failed to authenticate the request. The request carries both a shared access signature and an Authorization header.",
			"A signed URL must be fetched without an Authorization header.")
		return
	}
	if what := s.checkSignature(x); what != "" {
		writeStorageError(x, http.StatusForbidden, "AuthenticationFailed",
			"Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.", what)
		return
	}
	id, ok := strings.CutSuffix(strings.TrimPrefix(x.r.URL.Path, "/files/"), ".csv")
	s.mu.Lock()
	g, found := s.st.byID[id]
	var content []byte
	if found && ok {
		content = fileContent(g)
	}
	s.mu.Unlock()
	if !found || !ok {
		writeStorageError(x, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	h.Set("Content-Type", "text/csv")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("x-ms-blob-type", "BlockBlob")
	h.Set("Last-Modified", x.now.UTC().Format(http.TimeFormat))
	x.w.WriteHeader(http.StatusOK)
	if x.r.Method == http.MethodGet {
		_, _ = x.w.Write(content)
	}
}

// checkSignature verifies sig over the signed fields and the expiry; it
// returns what is wrong, or "".
func (s *Server) checkSignature(x *exchange) string {
	q, err := url.ParseQuery(x.r.URL.RawQuery)
	if err != nil {
		return "The query string is not valid: " + err.Error()
	}
	sig := q.Get("sig")
	if sig == "" {
		return "The sig query parameter is missing."
	}
	want := s.fileSig(q.Get("sp"), q.Get("se"), x.r.URL.EscapedPath(), q.Get("sv"), q.Get("sr"))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return "Signature did not match. Was the link altered or re-encoded?"
	}
	se, err := time.Parse(time.RFC3339, q.Get("se"))
	if err != nil || !x.now.Before(se) {
		return fmt.Sprintf("Signed expiry time [%s] has passed; current time [%s].", q.Get("se"), x.now.UTC().Format(time.RFC3339))
	}
	if !strings.Contains(q.Get("sp"), "r") {
		return "The signature does not grant read permission."
	}
	return ""
}

// writeStorageError answers the way blob storage does: XML, with the code
// repeated in x-ms-error-code.
func writeStorageError(x *exchange, status int, code, message, detail string) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><Error><Code>`)
	_ = xml.EscapeText(&b, []byte(code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(message+"\nRequestId:"+x.requestID+"\nTime:"+formatTime(x.now)))
	b.WriteString("</Message>")
	if detail != "" {
		b.WriteString("<AuthenticationErrorDetail>")
		_ = xml.EscapeText(&b, []byte(detail))
		b.WriteString("</AuthenticationErrorDetail>")
	}
	b.WriteString("</Error>")
	h := x.w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("x-ms-error-code", code)
	x.w.WriteHeader(status)
	if x.r.Method != http.MethodHead {
		_, _ = x.w.Write(b.Bytes())
	}
}

// fileContent is the CSV for a group: the one a test set, or the rows its run
// reported (or its blockingError, for a seeded group). The caller holds s.mu.
func fileContent(g *groupRecord) []byte {
	if g.file != nil {
		return slices.Clone(g.file)
	}
	rows := g.issues
	if rows == nil {
		if be, ok := g.doc["blockingError"].(map[string]any); ok {
			rows = []issue{{"error", str(be["code"]), str(be["message"]), str(be["target"])}}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"severity", "code", "message", "target"})
	for _, r := range rows {
		_ = w.Write([]string{r.severity, r.code, r.message, r.target})
	}
	w.Flush()
	return b.Bytes()
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// SetErrorsAndWarningsFile replaces the file served for a run group, for tests
// of code that parses it.
func (s *Server) SetErrorsAndWarningsFile(id string, content []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[id]
	if !ok {
		return fmt.Errorf("industrydatatest: SetErrorsAndWarningsFile: no run group with id %q", id)
	}
	g.file = slices.Clone(content)
	if g.file == nil {
		g.file = []byte{}
	}
	return nil
}
