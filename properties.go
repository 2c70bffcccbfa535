package industrydata

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"
)

// Properties holds the JSON members of a Graph object that the SDK has no field for:
// properties Graph added after this SDK was released, and instance annotations such as
// @odata.etag. They are kept verbatim, in the order received, and sent back unchanged,
// so reading and writing an object through the SDK never drops data.
//
// The zero value is empty and ready to use.
type Properties struct {
	list []member
}

type member struct {
	name  string
	value json.RawMessage
}

// Len returns the number of members.
func (p *Properties) Len() int { return len(p.list) }

// Get returns the raw JSON value of the member name.
func (p *Properties) Get(name string) (json.RawMessage, bool) {
	for _, m := range p.list {
		if m.name == name {
			return m.value, true
		}
	}
	return nil, false
}

// Decode unmarshals the member name into v. It reports an error when the member is
// absent or does not fit v.
func (p *Properties) Decode(name string, v any) error {
	raw, ok := p.Get(name)
	if !ok {
		return fmt.Errorf("industrydata: property %q is not present", name)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("industrydata: property %q: %w", name, err)
	}
	return nil
}

// Set stores v, encoded as JSON, under name, replacing any member of that name.
func (p *Properties) Set(name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("industrydata: property %q: %w", name, err)
	}
	p.put(name, raw)
	return nil
}

// SetRaw stores a raw JSON value under name. It rejects a value that is not valid JSON,
// so a bad value is caught here rather than by Graph.
func (p *Properties) SetRaw(name string, v json.RawMessage) error {
	if !json.Valid(v) {
		return fmt.Errorf("industrydata: property %q: value is not valid JSON", name)
	}
	p.put(name, append(json.RawMessage(nil), v...))
	return nil
}

// put and Delete write a fresh slice: a model copied by assignment shares its
// Properties' backing array, and a change to the copy must not show in the original.
func (p *Properties) put(name string, raw json.RawMessage) {
	list := make([]member, len(p.list), len(p.list)+1)
	copy(list, p.list)
	for i := range list {
		if list[i].name == name {
			list[i].value = raw
			p.list = list
			return
		}
	}
	p.list = append(list, member{name: name, value: raw})
}

// Delete removes the member name. In an update of an object read from Graph, a
// removed member is sent as null.
func (p *Properties) Delete(name string) {
	for i := range p.list {
		if p.list[i].name == name {
			p.list = append(slices.Clip(p.list[:i:i]), p.list[i+1:]...)
			return
		}
	}
}

// All iterates over the members in order. The values are the stored bytes: do not modify them.
func (p *Properties) All() iter.Seq2[string, json.RawMessage] {
	return func(yield func(string, json.RawMessage) bool) {
		for _, m := range p.list {
			if !yield(m.name, m.value) {
				return
			}
		}
	}
}
