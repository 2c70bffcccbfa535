package industrydatatest

import "strings"

type andPred struct{ l, r predicate }
type orPred struct{ l, r predicate }
type notPred struct{ x predicate }
type constPred bool

func (p andPred) match(d Document) bool { return p.l.match(d) && p.r.match(d) }
func (p orPred) match(d Document) bool  { return p.l.match(d) || p.r.match(d) }
func (p notPred) match(d Document) bool { return !p.x.match(d) }
func (p constPred) match(Document) bool { return bool(p) }

// eval reads the operand's value for one document.
func (o operand) eval(d Document) value {
	if o.path == nil {
		return o.lit
	}
	return toValue(lookup(d, o.path), o.kind, o.typed)
}

// cmpPred is a binary comparison. OData's null rules apply: eq and ne treat
// null as a value, ordering operators are false when either side is null.
type cmpPred struct {
	op          string
	left, right operand
}

func (p cmpPred) match(d Document) bool {
	a, b := p.left.eval(d), p.right.eval(d)
	a, b = coerce(a, b), coerce(b, a)
	c, ok := compareValues(a, b)
	switch p.op {
	case "eq":
		return ok && c == 0
	case "ne":
		return !ok || c != 0
	}
	if !ok || a.kind == valNull {
		return false
	}
	switch p.op {
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	}
	return false
}

// inPred is "path in (literal, ...)".
type inPred struct {
	left operand
	list []operand
}

func (p inPred) match(d Document) bool {
	for _, lit := range p.list {
		if (cmpPred{op: "eq", left: p.left, right: lit}).match(d) {
			return true
		}
	}
	return false
}

// funcPred is startswith, endswith or contains; case-sensitive like eq.
type funcPred struct {
	name string
	prop operand
	arg  string
}

func (p funcPred) match(d Document) bool {
	s, ok := lookup(d, p.prop.path).(string)
	if !ok {
		return false
	}
	switch p.name {
	case "startswith":
		return strings.HasPrefix(s, p.arg)
	case "endswith":
		return strings.HasSuffix(s, p.arg)
	}
	return strings.Contains(s, p.arg)
}
