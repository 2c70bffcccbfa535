package industrydatatest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// readBody decodes a JSON object request body after checking its
// Content-Type, dropping instance annotations other than @odata.type (they
// describe the payload, they are not data).
func readBody(x *exchange) (Document, error) {
	ct := strings.ToLower(x.r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ct, "application/json") {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "UnsupportedMediaType",
			message: fmt.Sprintf("A JSON body needs Content-Type: application/json; got %q.", x.r.Header.Get("Content-Type"))}
	}
	doc, err := decodeObject(x.body)
	if err != nil {
		return nil, badRequest("Unable to read JSON request payload: " + err.Error() + ".")
	}
	for k := range doc {
		if strings.HasPrefix(k, "@") && k != "@odata.type" {
			delete(doc, k)
		}
	}
	return doc, nil
}

// validateProps checks the declared properties of a request body against
// their EDM types; undeclared properties are kept as they are (the server
// stores them, so a client's round trip of unknown properties can be checked).
func validateProps(doc Document, typ *entityType) error {
	for name, kind := range typ.props {
		v, present := doc[name]
		if !present || v == nil {
			continue
		}
		if err := checkValue(name, kind, v, typ); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(name string, kind propKind, v any, typ *entityType) error {
	wrongType := func(want string) error {
		return badRequest(fmt.Sprintf("Property '%s' on type '%s' must be %s; got %s.", name, typ.fullName(), want, jsonKind(v)))
	}
	switch kind {
	case kindString:
		if _, ok := v.(string); !ok {
			return wrongType("a string")
		}
	case kindDateTime:
		s, ok := v.(string)
		if !ok {
			return wrongType("a DateTimeOffset string")
		}
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return badRequest(fmt.Sprintf("Cannot convert the literal '%s' to the expected type 'Edm.DateTimeOffset' (property '%s').", s, name))
		}
	case kindEnum:
		s, ok := v.(string)
		if !ok {
			return wrongType("an enum member string")
		}
		if !typ.isEnumMember(name, s) {
			return badRequest(fmt.Sprintf("The value '%s' is not a member of the enum of property '%s' (members: %s).", s, name, strings.Join(typ.enums[name], ", ")))
		}
	case kindComplex:
		if _, ok := v.(map[string]any); !ok {
			return wrongType("an object")
		}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	}
	return "a number"
}

// readRequestDoc is the start of every write: it refuses query options, reads the JSON
// body and checks it against typ (and, for a new entity, prepares its server-owned
// properties). On failure it has written Graph's error and reports false.
func (s *Server) readRequestDoc(x *exchange, typ *entityType, isNew bool) (Document, bool) {
	if _, ok := s.query(x, scopeNone, typ); !ok {
		return nil, false
	}
	doc, err := readBody(x)
	if err == nil {
		err = validateProps(doc, typ)
	}
	if err == nil && isNew {
		err = prepareNew(doc, typ, false)
	}
	if err != nil {
		x.writeError(err)
		return nil, false
	}
	return doc, true
}
