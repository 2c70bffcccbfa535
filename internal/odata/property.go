package odata

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxIdentifier is the OData limit on the length of one identifier, in characters.
const maxIdentifier = 128

// ValidateProperty accepts a property name or a property path (a/b) and nothing else, so
// that a name interpolated into $filter, $select or $orderby can never smuggle in an
// operator, a literal or a second clause.
//
// Each path segment is an OData identifier (a letter or '_' followed by letters, digits or
// '_', at most 128 characters) or a namespace-qualified type cast made of such identifiers
// joined by '.' (microsoft.graph.runGroup). A segment may not be a keyword or literal such as
// and, eq, not, null or true, which the service would read as syntax rather than a property.
// Spaces, quotes, parentheses, '$' (system names) and '@' (parameter aliases and
// annotations) are rejected; use a raw filter for what this does not cover.
func ValidateProperty(name string) error {
	if name == "" {
		return fmt.Errorf("%w: the name is empty", ErrInvalidProperty)
	}
	if !utf8.ValidString(name) {
		return fmt.Errorf("%w %q: not valid UTF-8", ErrInvalidProperty, name)
	}
	offset := 0
	for seg := range strings.SplitSeq(name, "/") {
		if err := validateSegment(seg, offset); err != nil {
			return fmt.Errorf("%w %q: %s", ErrInvalidProperty, name, err)
		}
		offset += len(seg) + 1
	}
	return nil
}

// validateSegment checks one path segment that starts at offset in the whole name.
func validateSegment(seg string, offset int) error {
	if seg == "" {
		return fmt.Errorf("empty path segment at offset %d", offset)
	}
	if isKeyword(seg) {
		return fmt.Errorf("%q is an OData keyword or literal, not a property", seg)
	}
	for part := range strings.SplitSeq(seg, ".") {
		if err := validateIdentifier(part, offset); err != nil {
			return err
		}
		offset += len(part) + 1
	}
	return nil
}

// validateIdentifier checks one OData identifier that starts at offset in the whole name.
func validateIdentifier(id string, offset int) error {
	if id == "" {
		return fmt.Errorf("empty identifier at offset %d", offset)
	}
	n := 0
	for i, r := range id {
		ok := r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))
		if !ok {
			return fmt.Errorf("character %q at offset %d is not allowed", r, offset+i)
		}
		n++
	}
	if n > maxIdentifier {
		return fmt.Errorf("identifier at offset %d is longer than %d characters", offset, maxIdentifier)
	}
	return nil
}

// isKeyword reports whether s would be read as an operator, literal or sort direction.
// OData keywords are lower case, but services differ in case sensitivity, so any case is
// refused.
func isKeyword(s string) bool {
	switch strings.ToLower(s) {
	case "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "has", "in",
		"add", "sub", "mul", "div", "divby", "mod",
		"true", "false", "null", "inf", "nan", "asc", "desc":
		return true
	}
	return false
}

// validateSelectItem accepts "*" or a property path.
func validateSelectItem(item string) error {
	if item == "*" {
		return nil
	}
	return ValidateProperty(item)
}

// validateOrderByItem accepts "prop", "prop asc" or "prop desc" (exactly one space).
func validateOrderByItem(item string) error {
	prop, dir, hasDir := strings.Cut(item, " ")
	if err := ValidateProperty(prop); err != nil {
		return err
	}
	if hasDir && dir != "asc" && dir != "desc" {
		return fmt.Errorf("sort direction %q must be asc or desc", dir)
	}
	return nil
}
