package industrydatatest

import (
	"fmt"
	"slices"
)

// The store keeps documents immutable: a write replaces a group's document or
// appends to a slice, it never edits a map in place. A request can therefore
// take a snapshot under the lock and filter, sort and encode it without the
// lock.

// groupRecord is one stored run group with its navigations.
type groupRecord struct {
	seq     uint64
	doc     Document
	runs    []Document
	process []Document
	life    *lifeState // nil for seeded run groups
	issues  []issue    // rows of the errors-and-warnings file
	file    []byte     // a file set by the test, replacing the generated one
}

// store is the server's data; every field is guarded by Server.mu.
type store struct {
	seq     uint64
	order   []*groupRecord
	byID    map[string]*groupRecord
	creates map[string]int // committed creates per collection path
}

func newStore() *store {
	return &store{byID: map[string]*groupRecord{}, creates: map[string]int{}}
}

func (st *store) add(doc Document) (*groupRecord, error) {
	id, _ := doc["id"].(string)
	if _, dup := st.byID[id]; dup {
		return nil, fmt.Errorf("a run group with id %q already exists", id)
	}
	st.seq++
	g := &groupRecord{seq: st.seq, doc: doc}
	st.order = append(st.order, g)
	st.byID[id] = g
	return g, nil
}

func (st *store) remove(id string) bool {
	g, ok := st.byID[id]
	if !ok {
		return false
	}
	delete(st.byID, id)
	st.order = slices.DeleteFunc(slices.Clone(st.order), func(r *groupRecord) bool { return r == g })
	return true
}

// snapshotItem is a read-only view of one group for a collection request.
type snapshotItem struct {
	doc     Document
	runs    []Document
	process []Document
}

// snapshot returns every group in insertion order after bringing
// time-based lifecycles up to date.
func (s *Server) snapshot() []snapshotItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.now()
	items := make([]snapshotItem, 0, len(s.st.order))
	for _, g := range s.st.order {
		s.advance(g, now, false)
		items = append(items, snapshotItem{doc: g.doc, runs: slices.Clip(g.runs), process: slices.Clip(g.process)})
	}
	return items
}

// group returns a stored group's snapshot, counting a poll when asked.
func (s *Server) group(id string, poll bool) (snapshotItem, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[id]
	if !ok {
		return snapshotItem{}, false
	}
	s.advance(g, s.cfg.now(), poll)
	return snapshotItem{doc: g.doc, runs: slices.Clip(g.runs), process: slices.Clip(g.process)}, true
}

// prepareNew fills the server-owned properties of a new document: id and
// @odata.type. An id already in doc is kept when keepID is set (seeding).
func prepareNew(doc Document, typ *entityType, keepID bool) error {
	if t, ok := doc["@odata.type"]; ok {
		ts, isString := t.(string)
		if !isString || !typ.acceptsType(ts) {
			return badRequest(fmt.Sprintf("@odata.type %v is not a %s; this collection holds %v", t, typ.fullName(), typ.accepted))
		}
	} else {
		doc["@odata.type"] = typ.qualified()
	}
	if id, ok := doc["id"].(string); !keepID || !ok || id == "" {
		doc["id"] = newGUID()
	}
	return nil
}
