package industrydatatest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// route dispatches an authorized API request under /beta/industryData:
//
//	runGroups                                  GET list, POST create
//	runGroups/{id}                             GET, PATCH, DELETE
//	runGroups/{id}/getErrorsAndWarningsFile    GET (also with "()" or a namespace)
//	runGroups/{id}/runs                        GET list, POST create
//	runGroups/{id}/runs/{runId}                GET
//	runGroups/{id}/process                     GET list, POST add
//	runGroups/{id}/process/{processId}         GET
func (s *Server) route(x *exchange) {
	segs, err := splitPath(x.r.URL.EscapedPath())
	if err != nil {
		x.writeError(err)
		return
	}
	for i, want := range []string{"beta", "industryData", "runGroups"} {
		if i >= len(segs) || segs[i] != want {
			x.writeError(unknownSegment(segs, i))
			return
		}
	}
	segs = segs[2:]
	switch len(segs) {
	case 1:
		s.dispatch(x, "runGroups", map[string]func(){
			http.MethodGet:  func() { s.listGroups(x) },
			http.MethodPost: func() { s.createGroup(x) },
		})
	case 2:
		id := segs[1]
		s.dispatch(x, "runGroups/{id}", map[string]func(){
			http.MethodGet:    func() { s.getGroup(x, id) },
			http.MethodPatch:  func() { s.patchGroup(x, id) },
			http.MethodDelete: func() { s.deleteGroup(x, id) },
		})
	default:
		s.routeNavigation(x, segs[1], segs[2:])
	}
}

// routeNavigation handles what lies below one run group.
func (s *Server) routeNavigation(x *exchange, id string, rest []string) {
	name := rest[0]
	if isErrorsFileFunction(name) && len(rest) == 1 {
		s.dispatch(x, "runGroups/{id}/getErrorsAndWarningsFile", map[string]func(){
			http.MethodGet: func() { s.errorsFile(x, id) },
		})
		return
	}
	nav, ok := s.schema.runGroup.navs[name]
	switch {
	case !ok:
		x.writeError(unknownSegment(rest, 0))
		return
	case len(rest) > 2:
		x.writeError(unknownSegment(rest, 2))
		return
	}
	if len(rest) == 2 {
		itemID := rest[1]
		s.dispatch(x, "runGroups/{id}/"+name+"/{id}", map[string]func(){
			http.MethodGet: func() { s.getNavItem(x, id, name, nav, itemID) },
		})
		return
	}
	s.dispatch(x, "runGroups/{id}/"+name, map[string]func(){
		http.MethodGet:  func() { s.listNav(x, id, name, nav) },
		http.MethodPost: func() { s.createNav(x, id, name, nav) },
	})
}

// dispatch calls the handler for the request's method or answers 405.
func (s *Server) dispatch(x *exchange, route string, handlers map[string]func()) {
	if h, ok := handlers[x.r.Method]; ok {
		h()
		return
	}
	allow := make([]string, 0, len(handlers))
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		if _, ok := handlers[m]; ok {
			allow = append(allow, m)
		}
	}
	x.w.Header().Set("Allow", strings.Join(allow, ", "))
	x.writeError(&apiError{status: http.StatusMethodNotAllowed, code: "MethodNotAllowed",
		message: fmt.Sprintf("The HTTP method '%s' is not allowed on %s; allowed: %s.", x.r.Method, route, strings.Join(allow, ", "))})
}

// isErrorsFileFunction accepts getErrorsAndWarningsFile with or without "()"
// and with or without a namespace (microsoft.graph.getErrorsAndWarningsFile).
func isErrorsFileFunction(seg string) bool {
	seg = strings.TrimSuffix(seg, "()")
	if i := strings.LastIndexByte(seg, '.'); i >= 0 {
		seg = seg[i+1:]
	}
	return seg == "getErrorsAndWarningsFile"
}

// splitPath splits and unescapes a path, dropping empty segments.
func splitPath(p string) ([]string, error) {
	var out []string
	for _, seg := range strings.Split(p, "/") {
		if seg == "" {
			continue
		}
		u, err := url.PathUnescape(seg)
		if err != nil {
			return nil, badRequest(fmt.Sprintf("The path segment '%s' is not valid percent-encoding.", seg))
		}
		out = append(out, u)
	}
	return out, nil
}

// unknownSegment is Graph's answer to a path it does not know, naming the
// first segment it could not resolve.
func unknownSegment(segs []string, i int) error {
	seg := ""
	if i < len(segs) {
		seg = segs[i]
	} else if len(segs) > 0 {
		seg = segs[len(segs)-1]
	}
	return badRequest(fmt.Sprintf("Resource not found for the segment '%s'.", seg))
}
