package industrydatatest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// preferences are the parts of the Prefer header(s) the server honours.
type preferences struct {
	maxPageSize    int // 0: not asked
	unknownMembers bool
}

func parsePrefer(h http.Header) preferences {
	var p preferences
	for _, line := range h.Values("Prefer") {
		for _, pref := range strings.Split(line, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(pref), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "odata.maxpagesize":
				if n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`)); err == nil && n > 0 {
					p.maxPageSize = n
				}
			case "include-unknown-enum-members":
				p.unknownMembers = true
			}
		}
	}
	return p
}

// applyPreferences answers the Preference-Applied header and returns the
// page size to use.
func (s *Server) applyPreferences(x *exchange, p preferences, paged bool) int {
	var applied []string
	size := s.cfg.pageSize
	if paged && p.maxPageSize > 0 {
		size = min(p.maxPageSize, MaxPageSize)
		applied = append(applied, "odata.maxpagesize="+strconv.Itoa(size))
	}
	if p.unknownMembers {
		applied = append(applied, "include-unknown-enum-members")
	}
	if len(applied) > 0 {
		x.w.Header().Set("Preference-Applied", strings.Join(applied, ","))
	}
	return size
}

// listRequest is a collection GET being answered.
type listRequest struct {
	x          *exchange
	typ        *entityType
	contextURL string // e.g. industryData/runGroups
	items      []snapshotItem
	q          *queryOptions
}

// serveList filters, sorts, counts, pages and projects a collection.
func (s *Server) serveList(lr listRequest) {
	x, q := lr.x, lr.q
	prefs := parsePrefer(x.r.Header)
	pageSize := s.applyPreferences(x, prefs, true)
	matched := filterItems(lr.items, q.filter)
	sortItems(matched, q.orderBy)

	offset := q.skip
	if q.hasToken {
		var err error
		if offset, err = s.decodeSkipToken(q.skiptoken, x.r.URL.EscapedPath(), q.binding); err != nil {
			x.writeError(err)
			return
		}
	}
	end := len(matched)
	if q.top >= 0 {
		end = min(end, q.skip+q.top)
	}
	offset = min(offset, max(end, 0))
	pageEnd := min(offset+pageSize, end)

	values := make([]any, 0, pageEnd-offset)
	for _, it := range matched[offset:pageEnd] {
		values = append(values, project(it, lr.typ, q, prefs.unknownMembers))
	}
	body := map[string]any{
		"@odata.context": s.contextURL(lr.contextURL, q.selects, false),
		"value":          values,
	}
	if q.count {
		body["@odata.count"] = len(matched)
	}
	if pageEnd < end {
		body["@odata.nextLink"] = s.nextLink(x, s.encodeSkipToken(pageEnd, x.r.URL.EscapedPath(), q.binding))
	}
	x.writeJSON(http.StatusOK, body)
}

func filterItems(items []snapshotItem, f predicate) []snapshotItem {
	if f == nil {
		return slices.Clone(items)
	}
	out := make([]snapshotItem, 0, len(items))
	for _, it := range items {
		if f.match(it.doc) {
			out = append(out, it)
		}
	}
	return out
}

// sortItems orders by the $orderby keys, stable so that ties keep insertion
// order (and paging stays deterministic).
func sortItems(items []snapshotItem, keys []orderKey) {
	if len(keys) == 0 {
		return
	}
	type keyed struct {
		it   snapshotItem
		vals []value
	}
	ks := make([]*keyed, len(items))
	for i, it := range items {
		ks[i] = &keyed{it: it, vals: make([]value, len(keys))}
		for j, k := range keys {
			ks[i].vals[j] = k.prop.eval(it.doc)
		}
	}
	slices.SortStableFunc(ks, func(a, b *keyed) int {
		for j, k := range keys {
			c := sortCompare(a.vals[j], b.vals[j])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range ks {
		items[i] = ks[i].it
	}
}

// project shapes one item for the response: $select, $expand and the
// evolvable-enum rule (members unknown to a client that did not send
// Prefer: include-unknown-enum-members read as unknownFutureValue).
func project(it snapshotItem, typ *entityType, q *queryOptions, unknownMembers bool) Document {
	out := make(Document, len(it.doc)+1)
	for k, v := range it.doc {
		if q == nil || q.selects == nil || strings.HasPrefix(k, "@") || slices.Contains(q.selects, k) {
			out[k] = v
		}
	}
	if !unknownMembers {
		for prop := range typ.enums {
			if v, ok := out[prop].(string); ok && !typ.isEnumMember(prop, v) {
				out[prop] = "unknownFutureValue"
			}
		}
	}
	if q == nil {
		return out
	}
	for _, e := range q.expand {
		out[e.name] = expandNav(it, e, unknownMembers)
	}
	return out
}

// expandNav applies the nested options of one $expand item.
func expandNav(it snapshotItem, e expandItem, unknownMembers bool) []any {
	docs := it.runs
	if e.name == "process" {
		docs = it.process
	}
	items := make([]snapshotItem, len(docs))
	for i, d := range docs {
		items[i] = snapshotItem{doc: d}
	}
	items = filterItems(items, e.opts.filter)
	sortItems(items, e.opts.orderBy)
	start := min(e.opts.skip, len(items))
	end := len(items)
	if e.opts.top >= 0 {
		end = min(end, start+e.opts.top)
	}
	out := make([]any, 0, end-start)
	for _, n := range items[start:end] {
		out = append(out, project(n, e.typ, e.opts, unknownMembers))
	}
	return out
}

// contextURL builds @odata.context: <base>/$metadata#<path>[(<select>)][/$entity].
func (s *Server) contextURL(path string, selects []string, entity bool) string {
	u := s.BaseURL() + "/$metadata#" + path
	if selects != nil {
		u += "(" + strings.Join(selects, ",") + ")"
	}
	if entity {
		u += "/$entity"
	}
	return u
}
