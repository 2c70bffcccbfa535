package industrydata

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/industrydata/industrydata-go/internal/wire"
)

// readBody returns a success body whole and closes it. send's transport already read
// it (inside the retry loop, up to the client's response size limit); a body that
// arrives otherwise is read here under the same limit, so a runaway response is an
// error rather than an unbounded allocation.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	if b, ok := resp.Body.(*bufferedBody); ok && b.Len() == len(b.data) {
		return b.data, nil
	}
	data, err := readLimited(resp.Body, c.maxResponseBytes, resp.ContentLength)
	if err != nil {
		return nil, fmt.Errorf("industrydata: %s %s: %w", resp.Request.Method, redactURL(resp.Request.URL), err)
	}
	return data, nil
}

// decodePage reads a collection response: {"value": [...], "@odata.nextLink", "@odata.count"}.
func decodePage[T any](s *schema[T], body []byte) (*Page[T], error) {
	if err := checkEmpty(body); err != nil {
		return nil, err
	}
	p := &Page[T]{}
	sawValue, sawNext, sawCount := false, false, false
	err := wire.CheckedMembers(body, func(name, v []byte) error {
		// A second envelope member would silently merge or override the first.
		dup := func(seen *bool) error {
			if *seen {
				return fmt.Errorf("duplicate member %q", name)
			}
			*seen = true
			return nil
		}
		switch string(name) {
		case "value":
			if err := dup(&sawValue); err != nil {
				return err
			}
			var like []member
			err := wire.Elements(v, func(i int, ev []byte) error {
				item := new(T)
				if err := s.unmarshalLike(item, ev, like); err != nil {
					return fmt.Errorf("value[%d]: %w", i, err)
				}
				like = s.extra(item).list
				p.Items = append(p.Items, item)
				return nil
			})
			if err != nil && !strings.HasPrefix(err.Error(), "value[") {
				err = fmt.Errorf("value: %w", err)
			}
			return err
		case "@odata.nextLink":
			if err := dup(&sawNext); err != nil {
				return err
			}
			if wire.IsNull(v) {
				return nil
			}
			link, err := decodeString(v)
			if err != nil {
				return fmt.Errorf("@odata.nextLink: %w", err)
			}
			p.NextLink = link
		case "@odata.count":
			if err := dup(&sawCount); err != nil {
				return err
			}
			n, err := strconv.ParseInt(string(v), 10, 64)
			if err != nil {
				return fmt.Errorf("@odata.count: want an integer, got %s", clip(v))
			}
			p.count, p.hasCount = n, true
		}
		return nil
	})
	if err != nil {
		return nil, notJSON(body, err)
	}
	if !sawValue {
		return nil, errors.New(`response is not a collection: no "value" array`)
	}
	return p, nil
}

// decodeEntity reads a single-entity response into a new T.
func decodeEntity[T any](s *schema[T], body []byte) (*T, error) {
	if err := checkBody(body); err != nil {
		return nil, err
	}
	body = unwrapValue(body)
	m := new(T)
	if err := s.unmarshal(m, body); err != nil {
		return nil, err
	}
	return m, nil
}

// unwrapValue returns the object inside {"value": {...}} (with only annotations beside
// it), the shape the draft runGroup documentation shows for a single entity; any other
// body is returned unchanged.
func unwrapValue(body []byte) []byte {
	var inner []byte
	others := false
	_ = wire.Members(body, func(name, v []byte) error {
		switch {
		case string(name) == "value" && len(v) > 0 && v[0] == '{':
			inner = v
		case len(name) == 0 || name[0] != '@':
			others = true
		}
		return nil
	})
	if inner == nil || others {
		return body
	}
	return inner
}

// decodeString reads a primitive-valued function result: {"value": "..."}.
func decodeStringValue(body []byte) (string, error) {
	if err := checkBody(body); err != nil {
		return "", err
	}
	var value *string
	err := wire.Members(body, func(name, v []byte) error {
		if string(name) != "value" {
			return nil
		}
		if value != nil {
			return errors.New(`duplicate member "value"`)
		}
		s, err := decodeString(v)
		if err != nil {
			return fmt.Errorf("value: %w", err)
		}
		value = &s
		return nil
	})
	if err != nil {
		return "", err
	}
	if value == nil {
		return "", errors.New(`response has no "value" string`)
	}
	return *value, nil
}

// checkBody rejects bodies that are not a JSON document, saying what arrived instead.
func checkBody(body []byte) error {
	if err := checkEmpty(body); err != nil {
		return err
	}
	return notJSON(body, nil)
}

// checkEmpty rejects an empty body. Whether it is JSON, the decoders check with the
// walker (wire.CheckedMembers, wire.Valid), faster than json.Valid and, for a page, in
// the same pass that walks it.
func checkEmpty(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("response body is empty, want JSON")
	}
	return nil
}

// notJSON returns err, the error of decoding body, unless body is not JSON at all: then
// the error says so and shows what arrived instead (an HTML error page, a cut-off body).
func notJSON(body []byte, err error) error {
	if bad := invalidJSON(body); bad != nil {
		return fmt.Errorf("response is not valid JSON (%v), starts with %q", bad, excerpt(body[:min(len(body), 64)]))
	}
	return err
}

// redactString is redactURL for a URL string.
func redactString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return redactURL(u)
}
