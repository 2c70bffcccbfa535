package industrydatatest

import (
	"fmt"
	"net/http"
	"net/url"
)

// query parses the request's OData options for a scope; on failure it has
// already answered 400.
func (s *Server) query(x *exchange, scope queryScope, typ *entityType) (*queryOptions, bool) {
	raw, err := splitQuery(x.r.URL.RawQuery)
	if err == nil {
		var q *queryOptions
		if q, err = parseOptions(raw, scope, typ); err == nil {
			return q, true
		}
	}
	x.writeError(err)
	return nil, false
}

// writeEntity answers one entity with its @odata.context.
func (s *Server) writeEntity(x *exchange, status int, it snapshotItem, typ *entityType, q *queryOptions, contextPath string) {
	prefs := parsePrefer(x.r.Header)
	s.applyPreferences(x, prefs, false)
	body := project(it, typ, q, prefs.unknownMembers)
	var selects []string
	if q != nil {
		selects = q.selects
	}
	body["@odata.context"] = s.contextURL(contextPath, selects, true)
	x.writeJSON(status, body)
}

// GET /industryData/runGroups
func (s *Server) listGroups(x *exchange) {
	q, ok := s.query(x, scopeCollection, s.schema.runGroup)
	if !ok {
		return
	}
	s.serveList(listRequest{x: x, typ: s.schema.runGroup, contextURL: "industryData/runGroups", items: s.snapshot(), q: q})
}

// POST /industryData/runGroups: the server owns id, status and endDateTime;
// the new group starts running and follows the configured lifecycle.
func (s *Server) createGroup(x *exchange) {
	typ := s.schema.runGroup
	doc, ok := s.readRequestDoc(x, typ, true)
	if !ok {
		return
	}
	doc["status"] = "running"
	doc["endDateTime"] = nil
	if doc["startDateTime"] == nil {
		doc["startDateTime"] = formatTime(x.now)
	}
	s.mu.Lock()
	g, err := s.st.add(doc)
	if err == nil {
		g.life = &lifeState{cfg: s.cfg.lifecycle, created: x.now}
		s.st.creates["runGroups"]++
	}
	s.mu.Unlock()
	if err != nil {
		x.writeError(err)
		return
	}
	id := doc["id"].(string)
	x.w.Header().Set("Location", s.BaseURL()+"/industryData/runGroups/"+url.PathEscape(id))
	s.writeEntity(x, http.StatusCreated, snapshotItem{doc: doc}, typ, nil, "industryData/runGroups")
}

// GET /industryData/runGroups/{id}: each GET counts as a poll of the
// lifecycle.
func (s *Server) getGroup(x *exchange, id string) {
	q, ok := s.query(x, scopeEntity, s.schema.runGroup)
	if !ok {
		return
	}
	it, found := s.group(id, true)
	if !found {
		x.writeError(notFound("runGroup", id))
		return
	}
	s.writeEntity(x, http.StatusOK, it, s.schema.runGroup, q, "industryData/runGroups")
}

// PATCH /industryData/runGroups/{id}: merge semantics. A property in the body
// replaces the stored one, null clears it, undeclared properties are stored;
// changing id or @odata.type is refused.
func (s *Server) patchGroup(x *exchange, id string) {
	typ := s.schema.runGroup
	patch, ok := s.readRequestDoc(x, typ, false)
	if !ok {
		return
	}
	var err error
	s.mu.Lock()
	g, found := s.st.byID[id]
	if found {
		if err = checkImmutable(g.doc, patch, typ); err == nil {
			doc := shallowCopy(g.doc)
			for k, v := range patch {
				if k != "id" && k != "@odata.type" {
					doc[k] = v
				}
			}
			g.doc = doc
		}
	}
	var it snapshotItem
	if found {
		it = snapshotItem{doc: g.doc, runs: g.runs, process: g.process}
	}
	s.mu.Unlock()
	switch {
	case !found:
		x.writeError(notFound("runGroup", id))
	case err != nil:
		x.writeError(err)
	case s.cfg.patchReturns:
		s.writeEntity(x, http.StatusOK, it, typ, nil, "industryData/runGroups")
	default:
		x.writeNoContent()
	}
}

// checkImmutable refuses a PATCH that changes id or the entity's type.
func checkImmutable(stored, patch Document, typ *entityType) error {
	if v, ok := patch["id"]; ok && v != stored["id"] {
		return badRequest(fmt.Sprintf("The property 'id' is read-only and cannot be changed (stored '%v', got '%v').", stored["id"], v))
	}
	if v, ok := patch["@odata.type"]; ok {
		t, isString := v.(string)
		storedType, _ := stored["@odata.type"].(string)
		if !isString || typeName(t) != typeName(storedType) {
			return badRequest(fmt.Sprintf("The @odata.type of an entity cannot be changed (stored '%s', got '%v').", storedType, v))
		}
	}
	return nil
}

// DELETE /industryData/runGroups/{id}
func (s *Server) deleteGroup(x *exchange, id string) {
	if _, ok := s.query(x, scopeNone, s.schema.runGroup); !ok {
		return
	}
	s.mu.Lock()
	removed := s.st.remove(id)
	s.mu.Unlock()
	if !removed {
		x.writeError(notFound("runGroup", id))
		return
	}
	x.writeNoContent()
}

// GET /industryData/runGroups/{id}/getErrorsAndWarningsFile: a primitive
// function result, a signed link to the file host.
func (s *Server) errorsFile(x *exchange, id string) {
	if _, ok := s.query(x, scopeNone, s.schema.runGroup); !ok {
		return
	}
	if _, found := s.group(id, false); !found {
		x.writeError(notFound("runGroup", id))
		return
	}
	x.writeJSON(http.StatusOK, map[string]any{
		"@odata.context": s.BaseURL() + "/$metadata#Edm.String",
		"value":          s.fileURL(id, x.now),
	})
}
