package industrydatatest

import "fmt"

// SeedRunGroups stores run groups as given (a deep copy), for a test's
// setup. A document without an id gets a fresh GUID and one without
// @odata.type gets #microsoft.graph.runGroup; nothing else is added, so a
// test can seed any state, including unknown statuses or properties. Seeded
// groups do not follow the lifecycle and do not count as creates. It returns
// the ids in order and fails on a duplicate id, a document that cannot be
// encoded as JSON, or an @odata.type that is not a runGroup.
func (s *Server) SeedRunGroups(docs ...Document) ([]string, error) {
	prepared, err := prepareSeeds(docs, s.schema.runGroup)
	if err != nil {
		return nil, fmt.Errorf("industrydatatest: SeedRunGroups: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(prepared))
	for i, doc := range prepared {
		if _, err := s.st.add(doc); err != nil {
			return ids, fmt.Errorf("industrydatatest: SeedRunGroups: document %d: %w", i, err)
		}
		ids = append(ids, doc["id"].(string))
	}
	return ids, nil
}

// SeedRuns appends runs to a run group's runs navigation, as given; an item
// may be a nested runGroup (@odata.type #microsoft.graph.runGroup).
func (s *Server) SeedRuns(groupID string, docs ...Document) ([]string, error) {
	return s.seedNav(groupID, "runs", docs)
}

// SeedProcess appends runProcess items to a run group's process navigation,
// as given.
func (s *Server) SeedProcess(groupID string, docs ...Document) ([]string, error) {
	return s.seedNav(groupID, "process", docs)
}

func (s *Server) seedNav(groupID, name string, docs []Document) ([]string, error) {
	prepared, err := prepareSeeds(docs, s.schema.runGroup.navs[name])
	if err != nil {
		return nil, fmt.Errorf("industrydatatest: seeding %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[groupID]
	if !ok {
		return nil, fmt.Errorf("industrydatatest: seeding %s: no run group with id %q", name, groupID)
	}
	ids := make([]string, 0, len(prepared))
	for _, doc := range prepared {
		appendNav(g, name, doc)
		ids = append(ids, doc["id"].(string))
	}
	return ids, nil
}

func prepareSeeds(docs []Document, typ *entityType) ([]Document, error) {
	out := make([]Document, 0, len(docs))
	for i, d := range docs {
		doc, err := cloneDocument(d)
		if err == nil {
			err = prepareNew(doc, typ, true)
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		out = append(out, doc)
	}
	return out, nil
}

// RunGroup returns a copy of a stored run group as the server holds it (no
// projection, unknown enum members kept), or false.
func (s *Server) RunGroup(id string) (Document, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[id]
	if !ok {
		return nil, false
	}
	return mustClone(g.doc), true
}

// RunGroups returns copies of every stored run group in insertion order.
func (s *Server) RunGroups() []Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Document, len(s.st.order))
	for i, g := range s.st.order {
		out[i] = mustClone(g.doc)
	}
	return out
}

// Runs returns copies of a run group's runs, or false for an unknown group.
func (s *Server) Runs(groupID string) ([]Document, bool) { return s.navCopy(groupID, "runs") }

// Process returns copies of a run group's process items, or false for an
// unknown group.
func (s *Server) Process(groupID string) ([]Document, bool) { return s.navCopy(groupID, "process") }

func (s *Server) navCopy(groupID, name string) ([]Document, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[groupID]
	if !ok {
		return nil, false
	}
	docs := g.runs
	if name == "process" {
		docs = g.process
	}
	out := make([]Document, len(docs))
	for i, d := range docs {
		out[i] = mustClone(d)
	}
	return out, true
}
