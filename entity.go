package industrydata

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/industrydata/industrydata-go/internal/odata"
)

// The generic single-entity operations every builder uses: one code path per HTTP verb,
// whatever the resource.

// createEntity POSTs v to a collection and returns the entity Graph created.
func createEntity[T any](ctx context.Context, c *Client, url string, s *schema[T], v *T) (*T, error) {
	if v == nil {
		return nil, fmt.Errorf("industrydata: create %s: nil %s", s.kind, s.kind)
	}
	if err := s.checkText(v); err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, &outgoing{method: http.MethodPost, url: url, body: s.createBody(v)})
	if err != nil {
		return nil, err
	}
	return readEntity(c, s, resp)
}

// getEntity GETs one entity; the response header is returned for Retry-After.
func getEntity[T any](ctx context.Context, c *Client, url string, s *schema[T]) (*T, http.Header, error) {
	resp, err := c.send(ctx, &outgoing{method: http.MethodGet, url: url})
	if err != nil {
		return nil, nil, err
	}
	m, err := readEntity(c, s, resp)
	return m, resp.Header, err
}

// updateEntity PATCHes what changed in v. Graph answers 204, or 200 with the entity
// (the draft documentation shows both); either way v then holds the updated state and
// its change tracking starts afresh, so a second Update sends nothing new.
func updateEntity[T any](ctx context.Context, c *Client, url string, s *schema[T], v *T) error {
	if v == nil {
		return fmt.Errorf("industrydata: update %s: nil %s", s.kind, s.kind)
	}
	if err := s.checkText(v); err != nil {
		return err
	}
	body := s.patch(v)
	if string(body) == "{}" {
		return nil // nothing changed: a request would only cost a round trip
	}
	resp, err := c.send(ctx, &outgoing{method: http.MethodPatch, url: url, body: body})
	if err != nil {
		return err
	}
	answer, err := c.readBody(resp)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(answer)) == 0 { // 204, or a 200/202 without a body
		s.rebase(v)
		return nil
	}
	updated, err := decodeEntity(s, answer)
	if err != nil {
		return fmt.Errorf("industrydata: PATCH %s: %w", redactString(url), err)
	}
	*v = *updated
	return nil
}

// deleteEntity DELETEs one entity.
func deleteEntity(ctx context.Context, c *Client, url string) error {
	resp, err := c.send(ctx, &outgoing{method: http.MethodDelete, url: url})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func readEntity[T any](c *Client, s *schema[T], resp *http.Response) (*T, error) {
	body, err := c.readBody(resp)
	if err != nil {
		return nil, err
	}
	m, err := decodeEntity(s, body)
	if err != nil {
		return nil, fmt.Errorf("industrydata: %s %s: %w", resp.Request.Method, redactURL(resp.Request.URL), err)
	}
	return m, nil
}

// itemURL is the URL of one item of a collection, or an error for an id that cannot
// address exactly one item. The id is path-escaped, so "a/b" or ".." stay one segment.
func itemURL(collection, kind, id string) (string, error) {
	seg, err := odata.PathSegment(id)
	if err != nil {
		return "", fmt.Errorf("industrydata: %s id: %w", kind, err)
	}
	return collection + "/" + seg, nil
}

// collection is what the three collection builders share: where the collection is, how
// its items decode, and an error (a bad parent id) that every call reports unsent.
type collection[T any] struct {
	c      *Client
	url    string
	schema *schema[T]
	err    error
}

func (col collection[T]) list() Query[T] { return newQuery(col.c, col.url, col.schema, col.err) }

func (col collection[T]) create(ctx context.Context, v *T) (*T, error) {
	if col.err != nil {
		return nil, col.err
	}
	return createEntity(ctx, col.c, col.url, col.schema, v)
}
