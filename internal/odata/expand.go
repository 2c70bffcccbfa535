package odata

import (
	"fmt"
	"strconv"
	"strings"
)

// maxExpandDepth bounds $expand nesting; Graph itself allows far less, and the bound keeps a
// hostile or runaway string from recursing without limit.
const maxExpandDepth = 8

// validateExpandItem accepts "*", "nav" or "nav(options)" where options are nested system
// query options separated by ';' ("runs($select=id,status;$top=5)").
func validateExpandItem(item string, depth int) error {
	if depth > maxExpandDepth {
		return fmt.Errorf("$expand is nested deeper than %d levels", maxExpandDepth)
	}
	if item == "*" {
		return nil
	}
	name, opts, hasOpts := strings.Cut(item, "(")
	if err := ValidateProperty(name); err != nil {
		return err
	}
	if !hasOpts {
		return nil
	}
	inner, ok := strings.CutSuffix(opts, ")")
	if !ok {
		return fmt.Errorf("nested options of %q must end with ')'", name)
	}
	if err := CheckBalanced(inner); err != nil {
		return fmt.Errorf("nested options of %q: %w", name, err)
	}
	if inner == "" {
		return fmt.Errorf("nested options of %q are empty", name)
	}
	parts, err := splitTopLevel(inner, ';')
	if err != nil {
		return fmt.Errorf("nested options of %q: %w", name, err)
	}
	for _, opt := range parts {
		if err := validateNestedOption(opt, depth); err != nil {
			return fmt.Errorf("nested options of %q: %w", name, err)
		}
	}
	return nil
}

// validateNestedOption checks one "$name=value" inside an expand item's parentheses.
func validateNestedOption(opt string, depth int) error {
	key, val, ok := strings.Cut(opt, "=")
	if !ok || val == "" {
		return fmt.Errorf("option %q must have the form $name=value", opt)
	}
	switch key {
	case "$select":
		return eachTopLevel(val, ',', validateSelectItem)
	case "$orderby":
		return eachTopLevel(val, ',', validateOrderByItem)
	case "$expand":
		return eachTopLevel(val, ',', func(s string) error { return validateExpandItem(s, depth+1) })
	case "$filter", "$search":
		return CheckBalanced(val)
	case "$top", "$skip":
		return validateCount(key, val)
	case "$levels":
		if val == "max" {
			return nil
		}
		return validateCount(key, val)
	case "$count":
		if val != "true" && val != "false" {
			return fmt.Errorf("$count must be true or false, not %q", val)
		}
		return nil
	}
	return fmt.Errorf("unknown nested option %q", key)
}

// eachTopLevel splits list at sep outside literals and parentheses and checks every item.
func eachTopLevel(list string, sep byte, check func(string) error) error {
	items, err := splitTopLevel(list, sep)
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := check(it); err != nil {
			return err
		}
	}
	return nil
}

// validateCount accepts a non-negative decimal integer.
func validateCount(key, val string) error {
	for i := 0; i < len(val); i++ {
		if val[i] < '0' || val[i] > '9' {
			return fmt.Errorf("%s must be a non-negative integer, not %q", key, val)
		}
	}
	if _, err := strconv.ParseInt(val, 10, 64); err != nil {
		return fmt.Errorf("%s %q is out of range", key, val)
	}
	return nil
}
