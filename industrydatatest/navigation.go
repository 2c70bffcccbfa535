package industrydatatest

import (
	"crypto/rand"
	"net/http"
	"net/url"
)

// The runs and process navigations of a run group. The seed lists process
// both as a single relationship and as a collection ("List process", "Add
// process"); the server serves it as a collection of runProcess items.

func navContext(groupID, name string) string {
	return "industryData/runGroups('" + groupID + "')/" + name
}

// GET /industryData/runGroups/{id}/runs and .../process
func (s *Server) listNav(x *exchange, groupID, name string, typ *entityType) {
	q, ok := s.query(x, scopeCollection, typ)
	if !ok {
		return
	}
	g, found := s.group(groupID, false)
	if !found {
		x.writeError(notFound("runGroup", groupID))
		return
	}
	docs := navDocs(g, name)
	items := make([]snapshotItem, len(docs))
	for i, d := range docs {
		items[i] = snapshotItem{doc: d}
	}
	s.serveList(listRequest{x: x, typ: typ, contextURL: navContext(groupID, name), items: items, q: q})
}

// POST /industryData/runGroups/{id}/runs and .../process: stored as given,
// with a server-assigned id (and eTag for process items).
func (s *Server) createNav(x *exchange, groupID, name string, typ *entityType) {
	doc, ok := s.readRequestDoc(x, typ, true)
	if !ok {
		return
	}
	if name == "process" {
		doc["eTag"] = newETag()
	}
	s.mu.Lock()
	g, found := s.st.byID[groupID]
	if found {
		appendNav(g, name, doc)
		s.st.creates["runGroups/"+groupID+"/"+name]++
	}
	s.mu.Unlock()
	if !found {
		x.writeError(notFound("runGroup", groupID))
		return
	}
	id := doc["id"].(string)
	x.w.Header().Set("Location", s.BaseURL()+"/industryData/runGroups/"+url.PathEscape(groupID)+"/"+name+"/"+url.PathEscape(id))
	s.writeEntity(x, http.StatusCreated, snapshotItem{doc: doc}, typ, nil, navContext(groupID, name))
}

// GET /industryData/runGroups/{id}/runs/{runId} and .../process/{processId};
// the Location of a created item points here.
func (s *Server) getNavItem(x *exchange, groupID, name string, typ *entityType, itemID string) {
	q, ok := s.query(x, scopeEntity, typ)
	if !ok {
		return
	}
	g, found := s.group(groupID, false)
	if !found {
		x.writeError(notFound("runGroup", groupID))
		return
	}
	for _, d := range navDocs(g, name) {
		if d["id"] == itemID {
			s.writeEntity(x, http.StatusOK, snapshotItem{doc: d}, typ, q, navContext(groupID, name))
			return
		}
	}
	x.writeError(notFound(typ.name, itemID))
}

func navDocs(g snapshotItem, name string) []Document {
	if name == "process" {
		return g.process
	}
	return g.runs
}

// appendNav adds an item to a navigation; the caller holds s.mu.
func appendNav(g *groupRecord, name string, doc Document) {
	if name == "process" {
		g.process = append(g.process, doc)
	} else {
		g.runs = append(g.runs, doc)
	}
}

// newETag makes a weak entity tag like the ones Graph puts on runProcess.
func newETag() string { return `W/"` + rand.Text() + `"` }
