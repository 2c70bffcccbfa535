package industrydatatest

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// queryScope says where a query applies, which decides the options allowed.
type queryScope int

const (
	scopeCollection queryScope = iota // a collection: every option
	scopeEntity                       // a single entity: $select, $expand
	scopeExpand                       // inside $expand(...): no paging, no count
	scopeNone                         // a function call: nothing
)

// queryOptions is a parsed and checked OData query.
type queryOptions struct {
	filter    predicate
	selects   []string // nil: every property
	orderBy   []orderKey
	top       int // -1: none
	skip      int
	count     bool
	expand    []expandItem
	skiptoken string
	hasToken  bool
	binding   string // the query without $skiptoken, canonical, for token binding
}

type orderKey struct {
	prop operand
	desc bool
}

type expandItem struct {
	name string
	typ  *entityType
	opts *queryOptions
}

type rawOption struct{ name, value string }

// splitQuery splits a raw query string into its $-options. Option names are
// not percent-decoded (Graph requires a literal '$'); values are. Other
// parameters are ignored, as Graph ignores custom query options.
func splitQuery(raw string) ([]rawOption, error) {
	var opts []rawOption
	seen := map[string]bool{}
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		name, val, _ := strings.Cut(part, "=")
		if strings.HasPrefix(strings.ToLower(name), "%24") {
			return nil, badRequest(fmt.Sprintf("The query option '%s' has a percent-encoded '$'; option names must start with a literal '$' (write '$%s').", name, name[3:]))
		}
		if !strings.HasPrefix(name, "$") {
			continue
		}
		v, err := url.QueryUnescape(val)
		if err != nil {
			return nil, badRequest(fmt.Sprintf("The value of query option '%s' is not valid percent-encoding: %v.", name, err))
		}
		if seen[name] {
			return nil, badRequest(fmt.Sprintf("Query option '%s' was specified more than once, but it must be specified at most once.", name))
		}
		seen[name] = true
		opts = append(opts, rawOption{name: name, value: v})
	}
	return opts, nil
}

// allowedIn reports whether option name may appear in scope; the error says
// whether the option is unknown or just not supported here.
func allowedIn(name string, scope queryScope, typ *entityType) error {
	var ok bool
	switch name {
	case "$select":
		ok = scope != scopeNone
	case "$expand":
		ok = (scope == scopeCollection || scope == scopeEntity) && len(typ.navs) > 0
	case "$filter", "$orderby", "$top", "$skip":
		ok = scope == scopeCollection || scope == scopeExpand
	case "$count", "$skiptoken":
		ok = scope == scopeCollection
	case "$search", "$format", "$apply", "$compute", "$levels", "$deltatoken", "$index", "$schemaversion", "$id":
	default:
		return badRequest(fmt.Sprintf("The query parameter '%s' is not supported.", name))
	}
	if !ok {
		return badRequest(fmt.Sprintf("Query option '%s' is not allowed on this resource (%s).", name, typ.fullName()))
	}
	return nil
}

// parseOptions checks every option against the entity type.
func parseOptions(opts []rawOption, scope queryScope, typ *entityType) (*queryOptions, error) {
	q := &queryOptions{top: -1}
	var binding []string
	for _, o := range opts {
		if err := allowedIn(o.name, scope, typ); err != nil {
			return nil, err
		}
		if o.name != "$skiptoken" {
			binding = append(binding, o.name+"="+o.value)
		}
		if err := q.set(o, typ); err != nil {
			return nil, err
		}
	}
	slices.Sort(binding)
	q.binding = strings.Join(binding, "\x00")
	return q, nil
}

func (q *queryOptions) set(o rawOption, typ *entityType) error {
	var err error
	switch o.name {
	case "$filter":
		q.filter, err = parseFilter(o.value, typ)
	case "$select":
		q.selects, err = parseSelect(o.value, typ)
	case "$orderby":
		q.orderBy, err = parseOrderBy(o.value, typ)
	case "$top":
		q.top, err = parseCount(o.name, o.value)
	case "$skip":
		q.skip, err = parseCount(o.name, o.value)
	case "$count":
		switch o.value {
		case "true":
			q.count = true
		case "false":
		default:
			err = badRequest(fmt.Sprintf("Invalid value '%s' for $count query option found. Valid values are 'true' and 'false'.", o.value))
		}
	case "$expand":
		q.expand, err = parseExpand(o.value, typ)
	case "$skiptoken":
		q.skiptoken, q.hasToken = o.value, true
	}
	return err
}

func parseCount(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest(fmt.Sprintf("Invalid value '%s' for %s query option found. The %s query option requires a non-negative integer value.", v, name, name))
	}
	return n, nil
}

func parseSelect(v string, typ *entityType) ([]string, error) {
	var out []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		switch _, declared := typ.props[item]; {
		case item == "":
			return nil, badRequest(fmt.Sprintf("Invalid $select '%s': an item is empty.", v))
		case item == "*":
			return nil, nil
		case !declared:
			return nil, badRequest(fmt.Sprintf("Could not find a property named '%s' on type '%s'.", item, typ.fullName()))
		}
		out = append(out, item)
	}
	return out, nil
}

func parseOrderBy(v string, typ *entityType) ([]orderKey, error) {
	var keys []orderKey
	for _, item := range strings.Split(v, ",") {
		fields := strings.Fields(item)
		if len(fields) == 0 || len(fields) > 2 {
			return nil, badRequest(fmt.Sprintf("Invalid $orderby '%s': each item is a property followed by an optional 'asc' or 'desc'.", v))
		}
		prop, what := resolveProperty(typ, fields[0])
		if what != "" {
			return nil, badRequest(fmt.Sprintf("Invalid $orderby '%s': %s.", v, what))
		}
		key := orderKey{prop: prop}
		if len(fields) == 2 {
			switch fields[1] {
			case "asc":
			case "desc":
				key.desc = true
			default:
				return nil, badRequest(fmt.Sprintf("Invalid $orderby '%s': expected 'asc' or 'desc' after '%s', found '%s'.", v, fields[0], fields[1]))
			}
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// parseExpand reads "runs", "runs($select=id;$top=2),process".
func parseExpand(v string, typ *entityType) ([]expandItem, error) {
	parts, err := splitTopLevel(v, ',')
	if err != nil {
		return nil, badRequest(fmt.Sprintf("Invalid $expand '%s': %v.", v, err))
	}
	var items []expandItem
	for _, part := range parts {
		name, inner, nested := strings.Cut(strings.TrimSpace(part), "(")
		name = strings.TrimSpace(name)
		nav, ok := typ.navs[name]
		if !ok {
			return nil, badRequest(fmt.Sprintf("Could not find a navigation property named '%s' on type '%s' (expandable: runs, process).", name, typ.fullName()))
		}
		var raw []rawOption
		if nested {
			if raw, err = nestedOptions(strings.TrimSuffix(inner, ")")); err != nil {
				return nil, badRequest(fmt.Sprintf("Invalid $expand '%s': %v.", v, err))
			}
		}
		opts, err := parseOptions(raw, scopeExpand, nav)
		if err != nil {
			return nil, err
		}
		items = append(items, expandItem{name: name, typ: nav, opts: opts})
	}
	return items, nil
}

// nestedOptions splits "$select=id;$top=2" from inside an $expand item.
func nestedOptions(s string) ([]rawOption, error) {
	parts, err := splitTopLevel(s, ';')
	if err != nil {
		return nil, err
	}
	var out []rawOption
	for _, p := range parts {
		name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.HasPrefix(name, "$") {
			return nil, fmt.Errorf("'%s' is not a query option", p)
		}
		out = append(out, rawOption{name: name, value: val})
	}
	return out, nil
}

// splitTopLevel splits on sep outside parentheses and quoted strings.
func splitTopLevel(s string, sep byte) ([]string, error) {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' at position %d", i)
			}
		case c == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	if depth != 0 || quoted {
		return nil, fmt.Errorf("unbalanced parentheses or quotes")
	}
	return append(parts, s[start:]), nil
}
