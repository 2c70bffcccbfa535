package odata

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Query holds OData system query options. The zero value means "no options".
type Query struct {
	// Select lists the properties to return ("*" or property paths).
	Select []string
	// Filter is an already-rendered $filter expression.
	Filter string
	// OrderBy lists sort keys, each "prop", "prop asc" or "prop desc".
	OrderBy []string
	// Top is sent as $top only when HasTop is set, so that $top=0 can be asked for.
	Top int
	// HasTop says Top is set.
	HasTop bool
	// Skip is sent as $skip only when it is greater than zero.
	Skip int
	// Count asks for @odata.count with $count=true.
	Count bool
	// Expand lists navigation properties, optionally with nested options
	// ("runs" or "runs($select=id,status)").
	Expand []string
	// Search is the $search phrase; Encode adds the double quotes and escapes.
	Search string
}

// Encode renders the options as a URL query string without the leading '?', or "" when no
// option is set.
//
// Options always appear in the same order ($select, $expand, $filter, $search, $orderby,
// $top, $skip, $count) so that equal queries give equal URLs. Option names keep a literal
// '$', because Graph does not decode names. Values are percent-encoded byte by byte: a
// space becomes %20 (never '+', which Graph may read as a plus sign), and '+', '&', '#', '%',
// ';' and '"' are always encoded so they survive inside string literals, while the
// characters OData expressions are made of ($ ' ( ) , : = / @ * !) stay readable.
//
// Encode does not check the options; call Validate first.
func (q Query) Encode() string {
	var b strings.Builder
	add := func(name, value string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name)
		b.WriteByte('=')
		writeQueryValue(&b, value)
	}
	if len(q.Select) > 0 {
		add("$select", strings.Join(q.Select, ","))
	}
	if len(q.Expand) > 0 {
		add("$expand", strings.Join(q.Expand, ","))
	}
	if q.Filter != "" {
		add("$filter", q.Filter)
	}
	if q.Search != "" {
		add("$search", quoteSearch(q.Search))
	}
	if len(q.OrderBy) > 0 {
		add("$orderby", strings.Join(q.OrderBy, ","))
	}
	if q.HasTop {
		add("$top", strconv.Itoa(q.Top))
	}
	if q.Skip > 0 {
		add("$skip", strconv.Itoa(q.Skip))
	}
	if q.Count {
		add("$count", "true")
	}
	return b.String()
}

// Validate checks every option before anything is sent, so that a mistake is reported with
// the entry that caused it instead of as a 400 from Graph, and so that no entry can change
// the meaning of another. Errors wrap ErrInvalidQuery (and ErrInvalidProperty for a bad name).
func (q Query) Validate() error {
	for i, s := range q.Select {
		if err := validateSelectItem(s); err != nil {
			return fmt.Errorf("%w: $select entry %d %q: %w", ErrInvalidQuery, i, s, err)
		}
	}
	for i, s := range q.Expand {
		if err := validateExpandItem(s, 1); err != nil {
			return fmt.Errorf("%w: $expand entry %d %q: %w", ErrInvalidQuery, i, s, err)
		}
	}
	if err := validateExpression(q.Filter); err != nil {
		return fmt.Errorf("%w: $filter: %w", ErrInvalidQuery, err)
	}
	if !utf8.ValidString(q.Search) {
		return fmt.Errorf("%w: $search: not valid UTF-8", ErrInvalidQuery)
	}
	for i, s := range q.OrderBy {
		if err := validateOrderByItem(s); err != nil {
			return fmt.Errorf("%w: $orderby entry %d %q: %w", ErrInvalidQuery, i, s, err)
		}
	}
	if q.HasTop && q.Top < 0 {
		return fmt.Errorf("%w: $top must not be negative, got %d", ErrInvalidQuery, q.Top)
	}
	if q.Skip < 0 {
		return fmt.Errorf("%w: $skip must not be negative, got %d", ErrInvalidQuery, q.Skip)
	}
	return nil
}

// validateExpression checks that a rendered filter is valid UTF-8 with balanced
// parentheses and literals.
func validateExpression(expr string) error {
	if !utf8.ValidString(expr) {
		return fmt.Errorf("not valid UTF-8")
	}
	return CheckBalanced(expr)
}

// writeQueryValue percent-encodes one query value (see Encode for the rules).
func writeQueryValue(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keepInQuery(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0F])
	}
}

// keepInQuery reports whether c may stay unencoded in a query value: RFC 3986 unreserved
// characters plus the delimiters OData expressions use, none of which separates or ends a
// query parameter.
func keepInQuery(c byte) bool {
	if isUnreserved(c) {
		return true
	}
	switch c {
	case '$', '\'', '(', ')', ',', ':', '=', '/', '@', '*', '!':
		return true
	}
	return false
}

// isUnreserved reports whether c is an RFC 3986 unreserved character.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
