package industrydatatest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// tokKind classifies a $filter token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokNumber
	tokDateTime
	tokGUID
	tokEnum // qualified enum literal: microsoft.graph.runStatus'failed'
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	text string // identifier, decoded string, or literal source
	pos  int    // byte offset in the filter text
	num  float64
	at   time.Time
}

// isGUID reports whether s is an unquoted GUID literal (8-4-4-4-12 hex).
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !isDigit(c) && !(c|0x20 >= 'a' && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}

// isNumber reports whether s is an OData numeric literal: an optional sign,
// digits, an optional fraction and exponent, an optional type suffix.
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimRight(s, "LlMmDdFf")
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	whole, frac, hasFrac := strings.Cut(mant, ".")
	if !allDigits(whole) || (hasFrac && !allDigits(frac)) {
		return false
	}
	if hasExp {
		exp = strings.TrimLeft(exp, "+-")
		return allDigits(exp)
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// lexFilter splits a $filter expression into tokens.
func lexFilter(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(':
			toks = append(toks, token{kind: tokLParen, text: "(", pos: i})
			i++
		case c == ')':
			toks = append(toks, token{kind: tokRParen, text: ")", pos: i})
			i++
		case c == ',':
			toks = append(toks, token{kind: tokComma, text: ",", pos: i})
			i++
		case c == '\'':
			s, next, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokString, text: s, pos: i})
			i = next
		case isDigit(c) || (c == '-' && i+1 < len(src) && isDigit(src[i+1])):
			t, next, err := lexLiteral(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = next
		case isIdentStart(c):
			t, next, err := lexWord(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = next
		default:
			return nil, filterErr(src, i, fmt.Sprintf("unexpected character '%c'", c))
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(src)}), nil
}

// lexString reads a single-quoted literal starting at src[start]; an embedded
// quote is written twice.
func lexString(src string, start int) (string, int, error) {
	var b strings.Builder
	for i := start + 1; i < len(src); i++ {
		if src[i] != '\'' {
			b.WriteByte(src[i])
			continue
		}
		if i+1 < len(src) && src[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i + 1, nil
	}
	return "", 0, filterErr(src, start, "unterminated string literal (an embedded quote must be doubled: 'O''Brien')")
}

// lexLiteral reads an unquoted number, DateTimeOffset or GUID literal.
func lexLiteral(src string, start int) (token, int, error) {
	end := start + 1
	for end < len(src) && isLiteralChar(src[end]) {
		end++
	}
	text := src[start:end]
	t := token{text: text, pos: start}
	switch {
	case isGUID(text):
		t.kind = tokGUID
	case isNumber(text):
		f, err := strconv.ParseFloat(strings.TrimRight(text, "LlMmDdFf"), 64)
		if err != nil {
			return token{}, 0, filterErr(src, start, fmt.Sprintf("'%s' is not a valid number", text))
		}
		t.kind, t.num = tokNumber, f
	default:
		at, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return token{}, 0, filterErr(src, start, fmt.Sprintf("'%s' is not a valid literal (DateTimeOffset literals look like 2026-01-02T12:00:00Z)", text))
		}
		t.kind, t.at = tokDateTime, at
	}
	return t, end, nil
}

// lexWord reads an identifier or property path, a GUID that starts with a
// letter, or a qualified enum literal.
func lexWord(src string, start int) (token, int, error) {
	if end := start + 36; end <= len(src) && isGUID(src[start:end]) &&
		(end == len(src) || !isIdentChar(src[end])) {
		return token{kind: tokGUID, text: src[start:end], pos: start}, end, nil
	}
	end := start + 1
	for end < len(src) && isIdentChar(src[end]) {
		end++
	}
	word := src[start:end]
	if end < len(src) && src[end] == '\'' {
		member, next, err := lexString(src, end)
		if err != nil {
			return token{}, 0, err
		}
		return token{kind: tokEnum, text: member, pos: start}, next, nil
	}
	return token{kind: tokIdent, text: word, pos: start}, end, nil
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c == '@' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '.' || c == '/' }
func isLiteralChar(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') || c == ':' || c == '.' || c == '-' || c == '+'
}

// filterErr is a 400 that names what is wrong and where, the way Graph words
// its filter errors.
func filterErr(src string, pos int, what string) error {
	return badRequest(fmt.Sprintf("Invalid filter clause: %s at position %d in '%s'.", what, pos, src))
}
