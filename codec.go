package industrydata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/industrydata/industrydata-go/internal/wire"
)

// This file holds the one JSON mechanism every model uses. A model describes its
// properties once, as a table of fields; decoding, encoding, explicit nulls and PATCH
// bodies (only what changed) all follow from that table, so no model carries its own
// copy of that logic.

// field describes one JSON property of a model T.
type field[T any] struct {
	name string
	// readOnly properties (id) are never sent in an update.
	readOnly bool
	// nav marks relationships: decoded when the server expands them, never sent in an update.
	nav bool
	// decode sets the property from a non-null raw value whose bytes the model owns.
	decode func(m *T, v []byte) error
	// encode appends the property's JSON value to b; ok is false when it holds no value.
	encode func(m *T, b []byte) (out []byte, ok bool)
	// clear sets the property to its zero value.
	clear func(m *T)
	// text returns a string property's value, for checks before sending; nil otherwise.
	text func(m *T) string
}

// schema is the table of a model's fields plus where it keeps its wire state.
type schema[T any] struct {
	kind   string // the Graph type name, for error messages
	fields []field[T]
	doc    func(m *T) *document
	extra  func(m *T) *Properties
}

// document is the wire state a model keeps beside its typed fields.
type document struct {
	// raw is the JSON the model was decoded from (a private copy), used to tell what
	// changed since; nil for a value built in code.
	raw []byte
	// nulls has bit i set when field i is null: sent as null, or marked by SetNull.
	nulls uint64
}

// errKeepVerbatim is returned by a field decoder for a value of a legitimate shape the
// field cannot hold: the member is then kept verbatim in Extra rather than rejected.
var errKeepVerbatim = errors.New("keep verbatim")

// find returns the index of the field called name, or -1.
func (s *schema[T]) find(name string) int {
	for i := range s.fields {
		if s.fields[i].name == name {
			return i
		}
	}
	return -1
}

// index is find for a member name as the walker hands it out, without converting it.
func (s *schema[T]) index(name []byte) int {
	for i := range s.fields {
		if s.fields[i].name == string(name) {
			return i
		}
	}
	return -1
}

// invalidJSON returns encoding/json's description of what is wrong with data (what and
// at which offset), or nil when data is valid JSON. The common, valid case costs one fast
// pass of the walker.
func invalidJSON(data []byte) error {
	if wire.Valid(data) == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return errors.New("malformed JSON")
}

// validJSON reports malformed input to a model's UnmarshalJSON before the walker reads it.
func validJSON(data []byte) error {
	if err := invalidJSON(data); err != nil {
		return fmt.Errorf("industrydata: invalid JSON: %w", err)
	}
	return nil
}

// unmarshalJSON is UnmarshalJSON for every model: data may come from a caller directly,
// so it is validated before the walker reads it.
func (s *schema[T]) unmarshalJSON(m *T, data []byte) error {
	if err := validJSON(data); err != nil {
		return err
	}
	return s.unmarshal(m, data)
}

// unmarshal decodes data into m, replacing all its content. data must be valid JSON;
// unmarshal keeps its own copy, so the caller may reuse data.
func (s *schema[T]) unmarshal(m *T, data []byte) error {
	return s.unmarshalLike(m, data, nil)
}

// unmarshalLike is unmarshal for the items of a collection: the names of unknown members
// that m shares with like (the previous item's) reuse like's strings, so a page whose
// items carry the same unknown properties allocates each name once, not once per item.
func (s *schema[T]) unmarshalLike(m *T, data []byte, like []member) error {
	owned := make([]byte, len(data))
	copy(owned, data)
	if err := s.decodeWith(m, owned, like); err != nil {
		return fmt.Errorf("industrydata: decoding %s: %w", s.kind, err)
	}
	return nil
}

// decodeOwned decodes data into m and keeps references into data: data must not change.
func (s *schema[T]) decodeOwned(m *T, data []byte) error {
	if err := s.decodeRaw(m, data); err != nil {
		return fmt.Errorf("industrydata: decoding %s: %w", s.kind, err)
	}
	return nil
}

// decodeRaw is decodeOwned without naming the model in errors, for nested objects
// whose errors the outer property already locates.
func (s *schema[T]) decodeRaw(m *T, data []byte) error {
	return s.decodeWith(m, data, nil)
}

// manyMembers is where linear scans of unknown members give way to a map, so a hostile
// document with thousands of members costs linear, not quadratic, time.
const manyMembers = 32

// sharedName returns name as a string, reusing the string of the member of like so named.
func sharedName(name []byte, like []member) string {
	if len(like) > manyMembers {
		return string(name)
	}
	for i := range like {
		if like[i].name == string(name) {
			return like[i].name
		}
	}
	return string(name)
}

// decodeWith is decodeRaw taking unknown members' names from like where it can.
func (s *schema[T]) decodeWith(m *T, data []byte, like []member) error {
	var zero T
	*m = zero
	d := s.doc(m)
	d.raw = data
	var seen uint64
	var many map[string]struct{} // duplicate check once a document has many unknown members
	err := wire.Members(data, func(name, v []byte) error {
		i := s.index(name)
		if i < 0 {
			ex := s.extra(m)
			if len(ex.list) < manyMembers {
				if _, dup := ex.Get(string(name)); dup {
					return fmt.Errorf("duplicate property %q", name)
				}
			} else {
				if many == nil {
					many = make(map[string]struct{}, 2*manyMembers)
					for _, e := range ex.list {
						many[e.name] = struct{}{}
					}
				}
				if _, dup := many[string(name)]; dup {
					return fmt.Errorf("duplicate property %q", name)
				}
				many[string(name)] = struct{}{}
			}
			if ex.list == nil {
				ex.list = make([]member, 0, 4) // room for the usual few unknown members
			}
			ex.list = append(ex.list, member{name: sharedName(name, like), value: v})
			return nil
		}
		if seen&(1<<i) != 0 {
			return fmt.Errorf("duplicate property %q", name)
		}
		seen |= 1 << i
		if wire.IsNull(v) {
			d.nulls |= 1 << i
			return nil
		}
		err := s.fields[i].decode(m, v)
		if errors.Is(err, errKeepVerbatim) {
			s.extra(m).list = append(s.extra(m).list, member{name: string(name), value: v})
			return nil
		}
		if err != nil {
			return fmt.Errorf("property %q: %w", name, err)
		}
		return nil
	})
	if err != nil {
		*m = zero
	}
	return err
}

// marshal encodes the whole model: every property that holds a value, explicit nulls
// and every kept member. @odata.type and other instance annotations come first, as
// OData requires of request bodies.
func (s *schema[T]) marshal(m *T) []byte {
	return s.encode(m, nil, func(int) bool { return true })
}

// patch encodes an update body: for a model decoded from Graph, only the properties that
// differ from what was decoded (a cleared property is sent as null); for a model built in
// code, every property that holds a value plus explicit nulls. Read-only properties and
// relationships are never included.
func (s *schema[T]) patch(m *T) []byte {
	d := s.doc(m)
	if d.raw == nil {
		return s.createBody(m)
	}
	old := new(T)
	if err := s.decodeOwned(old, d.raw); err != nil {
		return s.createBody(m)
	}
	od := s.doc(old)
	var scratch1, scratch2 []byte
	changed := func(i int) bool {
		if !s.writable(i) {
			return false
		}
		f := &s.fields[i]
		cur, curOK := f.encode(m, scratch1[:0])
		prev, prevOK := f.encode(old, scratch2[:0])
		scratch1, scratch2 = cur, prev
		if curOK || prevOK {
			return curOK != prevOK || !bytes.Equal(cur, prev)
		}
		return d.nulls&(1<<i) != 0 && od.nulls&(1<<i) == 0
	}
	return s.encode(m, s.extra(old), changed)
}

// checkText refuses string properties that are not valid UTF-8 before they are sent:
// encoding would have to replace bytes, and Graph would store something else.
func (s *schema[T]) checkText(m *T) error {
	for i := range s.fields {
		if f := &s.fields[i]; f.text != nil && s.writable(i) && !utf8.ValidString(f.text(m)) {
			return fmt.Errorf("industrydata: %s property %q is not valid UTF-8", s.kind, f.name)
		}
	}
	return nil
}

// writable reports whether field i may be sent in a create or update body.
func (s *schema[T]) writable(i int) bool { return i >= 0 && !s.fields[i].readOnly && !s.fields[i].nav }

// createBody encodes a request body with every writable property that holds a value,
// explicit nulls and the caller's extra members.
func (s *schema[T]) createBody(m *T) []byte { return s.encode(m, nil, s.writable) }

// responseOnly lists the annotations Graph puts in responses that a request body must
// not echo back.
var responseOnly = map[string]bool{
	"@odata.context": true, "@odata.etag": true, "@odata.id": true, "@odata.editLink": true,
	"@odata.readLink": true, "@odata.nextLink": true, "@odata.deltaLink": true, "@odata.count": true,
	"@odata.metadataEtag": true, "@odata.mediaEtag": true,
}

// encode writes the fields include selects. With base non-nil only the extra members
// that differ from base are written, and members base has but m lost are sent as null.
func (s *schema[T]) encode(m *T, base *Properties, include func(i int) bool) []byte {
	d := s.doc(m)
	b := make([]byte, 0, 256)
	b = append(b, '{')
	first := true
	put := func(name string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, name)
		b = append(b, ':')
	}
	var scratch []byte
	writeField := func(i int) {
		if !include(i) {
			return
		}
		f := &s.fields[i]
		val, ok := f.encode(m, scratch[:0])
		scratch = val
		switch {
		case ok:
		case d.nulls&(1<<i) != 0 || base != nil:
			val = append(val[:0], "null"...)
		default:
			return
		}
		put(f.name)
		b = append(b, val...)
	}
	// A request body (include skips read-only fields) carries neither response-only
	// annotations nor extra members that shadow a field or hold a relationship.
	request := !include(s.find("id"))
	writeExtra := func(annotations bool) {
		for _, e := range s.extra(m).list {
			if isAnnotation(e.name) != annotations {
				continue
			}
			if f := s.find(e.name); f >= 0 {
				// A typed field owns this name: an extra member of that name is only kept
				// (a relationship expanded in an unexpected shape) while the field is empty,
				// and never sent in a request.
				if _, set := s.fields[f].encode(m, nil); request || set {
					continue
				}
			}
			if request && responseOnly[e.name] {
				continue
			}
			if base != nil {
				if prev, ok := base.Get(e.name); ok && bytes.Equal(prev, e.value) {
					continue
				}
			}
			put(e.name)
			b = append(b, e.value...)
		}
	}
	typeField := s.find("@odata.type")
	if typeField >= 0 {
		writeField(typeField)
	}
	writeExtra(true)
	for i := range s.fields {
		if i != typeField {
			writeField(i)
		}
	}
	writeExtra(false)
	if base != nil {
		for _, e := range base.list {
			if _, ok := s.extra(m).Get(e.name); !ok {
				put(e.name)
				b = append(b, "null"...)
			}
		}
	}
	return append(b, '}')
}

// rebase makes the current state of m the state later updates are compared with, after
// Graph accepted an update without returning the entity.
func (s *schema[T]) rebase(m *T) {
	d := s.doc(m)
	d.raw = s.marshal(m)
}

// isAnnotation reports whether a member name is an instance annotation (@odata.etag, ...).
func isAnnotation(name string) bool { return strings.HasPrefix(name, "@") }

// has reports whether the property is present: in the decoded document (null
// included), set since, or marked null.
func (s *schema[T]) has(m *T, name string) bool {
	d := s.doc(m)
	i := s.find(name)
	if i < 0 {
		_, ok := s.extra(m).Get(name)
		return ok
	}
	if _, ok := s.fields[i].encode(m, nil); ok || d.nulls&(1<<i) != 0 {
		return true
	}
	found := false
	if d.raw != nil {
		_ = wire.Members(d.raw, func(n, _ []byte) error {
			found = found || string(n) == name
			return nil
		})
	}
	return found
}

// isNull reports whether the property is null: sent as null by Graph and not set
// since, or marked with SetNull.
func (s *schema[T]) isNull(m *T, name string) bool {
	d := s.doc(m)
	if i := s.find(name); i >= 0 {
		_, ok := s.fields[i].encode(m, nil)
		return !ok && d.nulls&(1<<i) != 0
	}
	v, ok := s.extra(m).Get(name)
	return ok && wire.IsNull(v)
}

// setNull clears the named properties and marks them to be sent as null.
func (s *schema[T]) setNull(m *T, names []string) {
	d := s.doc(m)
	for _, name := range names {
		if i := s.find(name); i >= 0 {
			s.fields[i].clear(m)
			d.nulls |= 1 << i
			continue
		}
		s.extra(m).SetRaw(name, json.RawMessage("null"))
	}
}

// lift adapts the fields of an embedded model E to its container T, so a derived type
// (RunGroup) reuses its base type's (Run) table instead of repeating it.
func lift[T, E any](fields []field[E], inner func(*T) *E) []field[T] {
	out := make([]field[T], len(fields))
	for i, f := range fields {
		out[i] = field[T]{
			name: f.name, readOnly: f.readOnly, nav: f.nav,
			decode: func(m *T, v []byte) error { return f.decode(inner(m), v) },
			encode: func(m *T, b []byte) ([]byte, bool) { return f.encode(inner(m), b) },
			clear:  func(m *T) { f.clear(inner(m)) },
		}
		if f.text != nil {
			out[i].text = func(m *T) string { return f.text(inner(m)) }
		}
	}
	return out
}
