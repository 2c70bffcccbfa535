package odata

import "fmt"

// scanTopLevel walks expr and calls atTop for every byte that is outside string literals and
// parentheses. Single-quoted literals write an embedded quote as two quotes
// (toggling in and out handles that);
// double-quoted ones (search phrases) use a backslash escape. It fails on a ')' without its
// '(', an unclosed '(' or an unterminated literal: any of those would let one part of an
// expression swallow or escape from the part around it.
func scanTopLevel(expr string, atTop func(i int)) error {
	depth := 0
	var quote byte
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case quote == '"' && c == '\\':
			i++ // the escaped byte cannot end the phrase
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				return fmt.Errorf("')' at offset %d has no matching '('", i)
			}
			depth--
		case depth == 0 && atTop != nil:
			atTop(i)
		}
	}
	if quote != 0 {
		return fmt.Errorf("unterminated %c-quoted literal", quote)
	}
	if depth != 0 {
		return fmt.Errorf("%d unclosed '('", depth)
	}
	return nil
}

// CheckBalanced reports whether parentheses and string literals in expr are balanced, so that
// the expression can be combined with others without changing their grouping.
func CheckBalanced(expr string) error {
	return scanTopLevel(expr, nil)
}

// splitTopLevel splits s at every sep that is outside literals and parentheses.
func splitTopLevel(s string, sep byte) ([]string, error) {
	var parts []string
	start := 0
	err := scanTopLevel(s, func(i int) {
		if s[i] == sep {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	})
	if err != nil {
		return nil, err
	}
	return append(parts, s[start:]), nil
}
