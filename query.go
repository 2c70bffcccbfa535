package industrydata

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/industrydata/industrydata-go/internal/odata"
)

// Query is a list request on a Graph collection of T (run groups, runs or process).
//
// A Query is an immutable value: every method returns a new Query and leaves its
// receiver unchanged, so a Query can be stored, shared between goroutines and run any
// number of times without one call leaking into another.
//
// Nothing is sent until a terminal method runs: All (every item), Pages (page by page)
// or Page (one page). Invalid options (a bad property name in Select, a Filter built with
// an error) are reported by the terminal before any request is sent.
type Query[T any] struct {
	c        *Client
	url      string // the collection's URL, without query
	schema   *schema[T]
	opts     odata.Query
	filter   Filter
	header   http.Header
	pageSize int
	resume   string
	err      error
}

// Page is one page of a collection.
type Page[T any] struct {
	// Items are the page's items, in the order Graph sent them.
	Items []*T
	// NextLink is the @odata.nextLink to the following page, or "" on the last page.
	// Save it to continue later with Query.Resume.
	NextLink string
	count    int64
	hasCount bool
}

// Count returns @odata.count, the number of items matching the query across all pages,
// when the query asked for it with Count.
func (p *Page[T]) Count() (int64, bool) { return p.count, p.hasCount }

func newQuery[T any](c *Client, url string, s *schema[T], err error) Query[T] {
	return Query[T]{c: c, url: url, schema: s, err: err}
}

// Select asks Graph to return only the named properties ($select).
func (q Query[T]) Select(properties ...string) Query[T] {
	q.opts.Select = append(slices.Clip(q.opts.Select), properties...)
	return q
}

// Filter restricts the items to those matching f ($filter). A later Filter replaces an
// earlier one; combine expressions with And and Or.
func (q Query[T]) Filter(f Filter) Query[T] {
	q.filter = f
	return q
}

// OrderBy sorts the items ($orderby). Each key is a property name optionally followed by
// " asc" or " desc", e.g. OrderBy("startDateTime desc", "displayName").
func (q Query[T]) OrderBy(keys ...string) Query[T] {
	q.opts.OrderBy = append(slices.Clip(q.opts.OrderBy), keys...)
	return q
}

// Top limits the number of items to n ($top). All yields at most n items even when
// Graph keeps offering further pages (on some Graph APIs $top only sets the page size).
// Pages and Page return pages as Graph sends them, and a Resume-d query does not know
// how many items came before, so neither applies the cap themselves.
func (q Query[T]) Top(n int) Query[T] {
	if n < 0 {
		q.err = errors.Join(q.err, fmt.Errorf("industrydata: Top(%d): must not be negative", n))
	}
	q.opts.Top, q.opts.HasTop = n, true
	return q
}

// Skip skips the first n items ($skip).
func (q Query[T]) Skip(n int) Query[T] {
	if n < 0 {
		q.err = errors.Join(q.err, fmt.Errorf("industrydata: Skip(%d): must not be negative", n))
	}
	q.opts.Skip = n
	return q
}

// Count asks Graph for the total number of matching items ($count=true), reported by
// Page.Count.
func (q Query[T]) Count() Query[T] {
	q.opts.Count = true
	return q
}

// Expand asks Graph to include related items ($expand), e.g. Expand("runs") on run groups
// or Expand("runs($select=id,status)").
func (q Query[T]) Expand(relations ...string) Query[T] {
	q.opts.Expand = append(slices.Clip(q.opts.Expand), relations...)
	return q
}

// Search restricts the items to those matching a free-text phrase ($search). The phrase
// is quoted and escaped for you.
func (q Query[T]) Search(phrase string) Query[T] {
	q.opts.Search = phrase
	return q
}

// PageSize asks Graph for pages of at most n items (Prefer: odata.maxpagesize=n). Graph
// may send smaller pages; it never changes which items are returned.
func (q Query[T]) PageSize(n int) Query[T] {
	if n <= 0 {
		q.err = errors.Join(q.err, fmt.Errorf("industrydata: PageSize(%d): must be positive", n))
	}
	q.pageSize = n
	return q
}

// Header sets a request header sent with every page of the query, not only the first
// (Graph does not carry headers such as ConsistencyLevel in its next links).
func (q Query[T]) Header(key, value string) Query[T] {
	if err := checkHeader(key, value); err != nil {
		q.err = errors.Join(q.err, fmt.Errorf("industrydata: Header(%q): %w", key, err))
		return q
	}
	h := q.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	q.header = h
	return q
}

// Resume continues a listing from a NextLink saved from an earlier Page: the first request
// goes to that link (checked to be on the client's Graph host), with this query's
// headers. The query options are already part of the link, so other options are ignored.
func (q Query[T]) Resume(nextLink string) Query[T] {
	q.resume = nextLink
	if nextLink == "" {
		q.err = errors.Join(q.err, errors.New("industrydata: Resume: the next link is empty"))
	}
	return q
}

// firstURL validates the query and renders the URL of its first page.
func (q *Query[T]) firstURL() (string, error) {
	if q.err != nil {
		return "", q.err
	}
	if q.resume != "" {
		link, err := odata.CheckNextLink(q.resume, q.c.base, "")
		if err != nil {
			return "", fmt.Errorf("industrydata: Resume: %w", err)
		}
		return link, nil
	}
	opts := q.opts
	if err := q.filter.Err(); err != nil {
		return "", err
	}
	opts.Filter = q.filter.String()
	if err := opts.Validate(); err != nil {
		return "", fmt.Errorf("industrydata: %w", err)
	}
	if enc := opts.Encode(); enc != "" {
		return q.url + "?" + enc, nil
	}
	return q.url, nil
}

func (q *Query[T]) requestHeader() http.Header {
	h := q.header.Clone()
	if q.pageSize > 0 {
		if h == nil {
			h = http.Header{}
		}
		h.Add("Prefer", "odata.maxpagesize="+strconv.Itoa(q.pageSize))
	}
	return h
}

// Page fetches the first page of the query (or the page Resume points at).
func (q Query[T]) Page(ctx context.Context) (*Page[T], error) {
	u, err := q.firstURL()
	if err != nil {
		return nil, err
	}
	return q.fetch(ctx, u)
}

func (q *Query[T]) fetch(ctx context.Context, u string) (*Page[T], error) {
	resp, err := q.c.send(ctx, &outgoing{method: http.MethodGet, url: u, header: q.requestHeader()})
	if err != nil {
		return nil, err
	}
	body, err := q.c.readBody(resp)
	if err != nil {
		return nil, err
	}
	p, err := decodePage(q.schema, body)
	if err != nil {
		return nil, fmt.Errorf("industrydata: GET %s: %w", redactString(u), err)
	}
	return p, nil
}

// Pages iterates over the pages of the query, following @odata.nextLink, and holds one page
// at a time. On an error it yields the error once and stops; pages already yielded stay
// valid. Breaking out of the loop sends no further request.
func (q Query[T]) Pages(ctx context.Context) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		u, err := q.firstURL()
		if err != nil {
			yield(nil, err)
			return
		}
		// Every link followed, so a service that cycles (A, B, A) is stopped as surely
		// as one that repeats the same link.
		followed := map[string]struct{}{u: {}}
		for {
			p, err := q.fetch(ctx, u)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(p, nil) || p.NextLink == "" {
				return
			}
			next, err := odata.CheckNextLink(p.NextLink, q.c.base, u)
			if _, again := followed[next]; err == nil && again {
				err = errors.New("odata: invalid nextLink: the service returned a link it had already returned")
			}
			if err != nil {
				yield(nil, fmt.Errorf("industrydata: not following @odata.nextLink: %w", err))
				return
			}
			followed[next] = struct{}{}
			u = next
		}
	}
}

// All iterates over every item of the query across pages, in order, holding one page in
// memory at a time. With Top(n) it yields at most n items. On an error it yields the error
// once and stops, so no item is lost or repeated before it; breaking out of the loop sends
// no further request.
func (q Query[T]) All(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		limit, limited := q.opts.Top, q.opts.HasTop && q.resume == ""
		n := 0
		if limited && limit == 0 {
			return
		}
		for p, err := range q.Pages(ctx) {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, item := range p.Items {
				if !yield(item, nil) {
					return
				}
				if n++; limited && n >= limit {
					return
				}
			}
		}
	}
}

// checkHeader rejects a header name that is not an HTTP token and a value with control
// characters (a CR LF would smuggle in another header), before anything is sent.
func checkHeader(key, value string) error {
	if key == "" {
		return errors.New("empty header name")
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return fmt.Errorf("header name has invalid character %q at offset %d", c, i)
		}
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return fmt.Errorf("header value has control character %q at offset %d", c, i)
		}
	}
	return nil
}
