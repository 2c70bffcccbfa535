package industrydatatest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"
)

// Document is a stored entity as generic JSON: the server works on these, not
// on the SDK's structs, so that it checks the SDK instead of mirroring it.
// Numbers are json.Number once stored.
type Document = map[string]any

// Timestamp layouts the server writes: entities carry UTC with seven
// fractional digits, Graph's innerError.date carries no zone.
const (
	entityTimeLayout     = "2006-01-02T15:04:05.0000000Z"
	innerErrorTimeLayout = "2006-01-02T15:04:05"
)

func formatTime(t time.Time) string { return t.UTC().Format(entityTimeLayout) }

// newGUID returns a random (version 4) GUID in its canonical lower-case form.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// cloneDocument returns a deep copy with every number as json.Number, by a
// round trip through JSON; it fails when the value cannot be encoded.
func cloneDocument(doc Document) (Document, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("document is not valid JSON: %w", err)
	}
	out, err := decodeObject(raw)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mustClone copies a document the server itself stored (and so knows to be
// encodable).
func mustClone(doc Document) Document {
	out, err := cloneDocument(doc)
	if err != nil {
		panic("industrydatatest: stored document no longer encodes: " + err.Error())
	}
	return out
}

// decodeObject decodes a JSON object, keeping numbers exact.
func decodeObject(raw []byte) (Document, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("body is not a JSON object: %w", err)
	}
	if doc == nil {
		return nil, fmt.Errorf("body is not a JSON object: got null")
	}
	if dec.More() {
		return nil, fmt.Errorf("body holds data after the JSON object")
	}
	return doc, nil
}

// shallowCopy copies the top level of a stored document so that one property
// can be replaced without touching the stored (immutable) value.
func shallowCopy(doc Document) Document {
	out := make(Document, len(doc)+2)
	for k, v := range doc {
		out[k] = v
	}
	return out
}
