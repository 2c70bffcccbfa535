package industrydatatest

import (
	"fmt"
	"strings"
)

// The server's own $filter parser: written against the OData grammar, not
// shared with the SDK, so that it catches what the SDK gets wrong.
//
//	or    := and ("or" and)*
//	and   := unary ("and" unary)*
//	unary := "not" unary | cmp
//	cmp   := term [(eq|ne|gt|ge|lt|le) term | "in" "(" literal ("," literal)* ")"]
//	term  := "(" or ")" | func "(" path "," string ")" | path | literal

// predicate is a compiled boolean $filter expression.
type predicate interface {
	match(doc Document) bool
}

// operand is one side of a comparison: a property path or a literal.
type operand struct {
	path  []string // nil for a literal
	kind  propKind // declared kind of the path's property
	typed bool     // false below a complex property, where values are dynamic
	lit   value
	pos   int
}

// opName is the OData operator kind of a comparison keyword, or "" when the
// word is not one.
func opName(op string) string {
	switch op {
	case "eq":
		return "Equal"
	case "ne":
		return "NotEqual"
	case "gt":
		return "GreaterThan"
	case "ge":
		return "GreaterThanOrEqual"
	case "lt":
		return "LessThan"
	case "le":
		return "LessThanOrEqual"
	}
	return ""
}

type filterParser struct {
	src  string
	toks []token
	i    int
	typ  *entityType
}

// parseFilter compiles a $filter expression against an entity type; errors are
// 400s saying what is wrong and where.
func parseFilter(src string, typ *entityType) (predicate, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	p := &filterParser{src: src, toks: toks, typ: typ}
	if p.peek().kind == tokEOF {
		return nil, filterErr(src, 0, "the expression is empty")
	}
	pred, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errAt(t, fmt.Sprintf("unexpected '%s' (missing 'and' or 'or'?)", t.text))
	}
	return pred, nil
}

func (p *filterParser) peek() token { return p.toks[p.i] }
func (p *filterParser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *filterParser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tokIdent && t.text == w
}

func (p *filterParser) errAt(t token, what string) error { return filterErr(p.src, t.pos, what) }

func (p *filterParser) parseOr() (predicate, error) {
	left, err := p.parseAnd()
	for err == nil && p.isWord("or") {
		p.next()
		var right predicate
		if right, err = p.parseAnd(); err == nil {
			left = orPred{left, right}
		}
	}
	return left, err
}

func (p *filterParser) parseAnd() (predicate, error) {
	left, err := p.parseUnary()
	for err == nil && p.isWord("and") {
		p.next()
		var right predicate
		if right, err = p.parseUnary(); err == nil {
			left = andPred{left, right}
		}
	}
	return left, err
}

func (p *filterParser) parseUnary() (predicate, error) {
	if p.isWord("not") {
		p.next()
		inner, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return notPred{inner}, nil
	}
	return p.parseComparison()
}

func (p *filterParser) parseComparison() (predicate, error) {
	start := p.peek()
	if start.kind == tokLParen {
		p.next()
		inner, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if t := p.next(); t.kind != tokRParen {
			return nil, p.errAt(t, "expected ')' to close the '(' at position "+fmt.Sprint(start.pos))
		}
		return inner, nil
	}
	if start.kind == tokIdent && p.toks[p.i+1].kind == tokLParen {
		return p.parseFunction()
	}
	left, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == tokIdent && opName(t.text) != "" {
		p.next()
		right, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		return p.comparison(t, left, right)
	}
	if p.isWord("in") {
		return p.parseIn(left)
	}
	if left.path == nil && left.lit.kind == valBool {
		return constPred(left.lit.b), nil
	}
	if t.kind != tokEOF && t.kind != tokRParen && !p.isWord("and") && !p.isWord("or") {
		return nil, p.errAt(t, fmt.Sprintf("expected a comparison operator (eq, ne, gt, ge, lt, le, in) after '%s', found unexpected '%s'", start.text, t.text))
	}
	return nil, p.errAt(start, fmt.Sprintf("'%s' is not a boolean expression (expected a comparison such as eq, or a function)", start.text))
}

// parseOperand reads a property path or a literal.
func (p *filterParser) parseOperand() (operand, error) {
	t := p.next()
	switch t.kind {
	case tokString, tokEnum:
		return operand{lit: value{kind: valString, s: t.text, enum: t.kind == tokEnum}, pos: t.pos}, nil
	case tokNumber:
		return operand{lit: value{kind: valNumber, f: t.num}, pos: t.pos}, nil
	case tokDateTime:
		return operand{lit: value{kind: valTime, t: t.at}, pos: t.pos}, nil
	case tokGUID:
		return operand{lit: value{kind: valGUID, s: strings.ToLower(t.text)}, pos: t.pos}, nil
	case tokIdent:
		switch t.text {
		case "null":
			return operand{lit: value{kind: valNull}, pos: t.pos}, nil
		case "true", "false":
			return operand{lit: value{kind: valBool, b: t.text == "true"}, pos: t.pos}, nil
		}
		return p.resolvePath(t)
	case tokEOF:
		return operand{}, p.errAt(t, "the expression ends where a property or literal was expected")
	default:
		return operand{}, p.errAt(t, fmt.Sprintf("unexpected '%s' where a property or literal was expected", t.text))
	}
}

// resolvePath checks a property path against the entity type; below a
// complex property the path is open and its values are typed at run time.
func (p *filterParser) resolvePath(t token) (operand, error) {
	if opName(t.text) != "" || t.text == "and" || t.text == "or" || t.text == "not" || t.text == "in" {
		return operand{}, p.errAt(t, fmt.Sprintf("unexpected operator '%s' where a property or literal was expected", t.text))
	}
	o, what := resolveProperty(p.typ, t.text)
	if what != "" {
		return operand{}, p.errAt(t, what)
	}
	o.pos = t.pos
	return o, nil
}

// resolveProperty checks a property path ("status", "statistics/errors")
// against an entity type; what describes the problem, or is empty.
func resolveProperty(typ *entityType, text string) (o operand, what string) {
	segs := strings.Split(text, "/")
	for _, s := range segs {
		if s == "" {
			return operand{}, fmt.Sprintf("'%s' is not a valid property path", text)
		}
	}
	kind, ok := typ.props[segs[0]]
	if !ok {
		return operand{}, fmt.Sprintf("could not find a property named '%s' on type '%s'", segs[0], typ.fullName())
	}
	if len(segs) > 1 && kind != kindComplex {
		return operand{}, fmt.Sprintf("property '%s' is %s and has no property '%s'", segs[0], kind.edmName(), segs[1])
	}
	return operand{path: segs, kind: kind, typed: len(segs) == 1}, ""
}

// comparison type-checks a binary comparison and compiles it.
func (p *filterParser) comparison(op token, left, right operand) (predicate, error) {
	if left.path == nil && right.path != nil {
		left, right = right, left
		op.text = flipOp(op.text)
	}
	if left.path != nil && right.path == nil {
		if err := p.checkLiteral(op, left, &right); err != nil {
			return nil, err
		}
	}
	return cmpPred{op: op.text, left: left, right: right}, nil
}

// checkLiteral enforces the EDM type rules Graph applies: DateTimeOffset
// properties take unquoted DateTimeOffset literals, strings take quoted
// literals, enums take one of their members.
func (p *filterParser) checkLiteral(op token, prop operand, lit *operand) error {
	if !prop.typed || lit.lit.kind == valNull {
		if prop.kind == kindComplex && prop.typed && op.text != "eq" && op.text != "ne" {
			return p.errAt(op, fmt.Sprintf("complex property '%s' can only be compared with null using eq or ne", prop.path[0]))
		}
		return nil
	}
	want := prop.kind
	ok := false
	switch want {
	case kindString:
		ok = lit.lit.kind == valString && !lit.lit.enum
	case kindDateTime:
		ok = lit.lit.kind == valTime
	case kindEnum:
		ok = lit.lit.kind == valString
		if ok && !p.typ.isEnumMember(prop.path[0], lit.lit.s) {
			return filterErr(p.src, lit.pos, fmt.Sprintf("the string '%s' is not a valid enumeration type constant for property '%s'", lit.lit.s, prop.path[0]))
		}
	case kindComplex:
		return p.errAt(op, fmt.Sprintf("complex property '%s' can only be compared with null", prop.path[0]))
	}
	if !ok {
		return p.errAt(op, fmt.Sprintf("a binary operator with incompatible types was detected: found operand types '%s' and '%s' for operator kind '%s'",
			want.edmName(), lit.lit.edmName(), opName(op.text)))
	}
	return nil
}

func (p *filterParser) parseIn(left operand) (predicate, error) {
	inTok := p.next()
	if left.path == nil {
		return nil, p.errAt(inTok, "the left side of 'in' must be a property")
	}
	if t := p.next(); t.kind != tokLParen {
		return nil, p.errAt(t, "expected '(' after 'in'")
	}
	var list []operand
	for {
		lit, err := p.parseOperand()
		if err != nil {
			return nil, err
		}
		if lit.path != nil {
			return nil, filterErr(p.src, lit.pos, "the list after 'in' may hold only literals")
		}
		if err := p.checkLiteral(token{text: "eq", pos: inTok.pos}, left, &lit); err != nil {
			return nil, err
		}
		list = append(list, lit)
		t := p.next()
		if t.kind == tokRParen {
			return inPred{left: left, list: list}, nil
		}
		if t.kind != tokComma {
			return nil, p.errAt(t, "expected ',' or ')' in the list after 'in'")
		}
	}
}

// parseFunction reads startswith, endswith or contains(path, 'literal').
func (p *filterParser) parseFunction() (predicate, error) {
	name := p.next()
	switch name.text {
	case "startswith", "endswith", "contains":
	default:
		return nil, p.errAt(name, fmt.Sprintf("unknown function '%s' (supported: startswith, endswith, contains)", name.text))
	}
	p.next() // (
	prop, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	if prop.path == nil || (prop.typed && prop.kind != kindString && prop.kind != kindEnum) {
		return nil, filterErr(p.src, prop.pos, fmt.Sprintf("the first argument of %s must be a string property", name.text))
	}
	if t := p.next(); t.kind != tokComma {
		return nil, p.errAt(t, fmt.Sprintf("%s takes two arguments; expected ','", name.text))
	}
	lit, err := p.parseOperand()
	if err != nil {
		return nil, err
	}
	if lit.path != nil || lit.lit.kind != valString {
		return nil, filterErr(p.src, lit.pos, fmt.Sprintf("the second argument of %s must be a quoted string literal", name.text))
	}
	if t := p.next(); t.kind != tokRParen {
		return nil, p.errAt(t, fmt.Sprintf("expected ')' to close %s", name.text))
	}
	return funcPred{name: name.text, prop: prop, arg: lit.lit.s}, nil
}

func flipOp(op string) string {
	switch op {
	case "gt":
		return "lt"
	case "lt":
		return "gt"
	case "ge":
		return "le"
	case "le":
		return "ge"
	}
	return op
}
