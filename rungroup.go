package industrydata

import (
	"context"
	"fmt"
	"github.com/industrydata/industrydata-go/internal/odata"
	"io"
	"net/http"
	"net/url"
	"slices"
)

// RunGroup is a composite run holding the data of all its subordinate flows (Graph's
// runGroup, derived from run). It has every property of Run, plus the runs that belong
// to it when Graph expands them ($expand=runs).
type RunGroup struct {
	Run
	// Runs are the runs of the group, present when Graph expands them. Items whose
	// @odata.type names a runGroup can be read with (*Run).AsRunGroup.
	Runs []*Run
}

var runGroupSchema = &schema[RunGroup]{kind: "runGroup", doc: func(g *RunGroup) *document { return &g.Run.doc }, extra: func(g *RunGroup) *Properties { return &g.Extra }}

func init() {
	base := func(g *RunGroup) *Run { return &g.Run }
	runGroupSchema.fields = append(lift(runFields(false), base),
		nav(listField("runs", runSchema, func(g *RunGroup) *[]*Run { return &g.Runs })))
}

// AsRunGroup returns g itself: a RunGroup is already one. (Without this method the
// embedded Run's AsRunGroup would be promoted and lose Runs.)
func (g *RunGroup) AsRunGroup() (*RunGroup, bool) { return g, true }

// UnmarshalJSON decodes a run group, keeping every property it has no field for.
func (g *RunGroup) UnmarshalJSON(data []byte) error {
	return runGroupSchema.unmarshalJSON(g, data)
}

// MarshalJSON encodes the run group with every property it holds, explicit nulls and the
// members kept in Extra.
func (g RunGroup) MarshalJSON() ([]byte, error) { return runGroupSchema.marshal(&g), nil }

// Has reports whether the property was in the decoded document (null included) or set since.
func (g *RunGroup) Has(property string) bool { return runGroupSchema.has(g, property) }

// IsNull reports whether the property is null (sent as null and not set since, or SetNull).
func (g *RunGroup) IsNull(property string) bool { return runGroupSchema.isNull(g, property) }

// SetNull clears the named properties (Graph names, e.g. "endDateTime") and marks them to
// be sent as JSON null, in updates and in MarshalJSON.
func (g *RunGroup) SetNull(properties ...string) { runGroupSchema.setNull(g, properties) }

// RunGroupCollection addresses the run groups collection (/industryData/runGroups).
// Get one from Client.RunGroups.
type RunGroupCollection struct{ col collection[RunGroup] }

// RunGroups addresses the run groups collection.
func (c *Client) RunGroups() RunGroupCollection {
	return RunGroupCollection{collection[RunGroup]{c, c.baseURL + "/industryData/runGroups", runGroupSchema, nil}}
}

// List returns a query over the run groups (GET /industryData/runGroups).
func (rc RunGroupCollection) List() Query[RunGroup] { return rc.col.list() }

// Create creates a run group (POST /industryData/runGroups) and returns it as Graph
// stored it, with its server-assigned id. The id of g is not sent. A create that may have
// reached Graph without an answer is not retried: its error wraps ErrOutcomeUnknown.
func (rc RunGroupCollection) Create(ctx context.Context, g *RunGroup) (*RunGroup, error) {
	return rc.col.create(ctx, g)
}

// ByID addresses one run group. The id is path-escaped: it always names exactly one run
// group, whatever characters it holds. An empty id makes every call fail before sending.
func (rc RunGroupCollection) ByID(id string) RunGroupItem {
	u, err := itemURL(rc.col.url, "run group", id)
	return RunGroupItem{c: rc.col.c, url: u, err: err}
}

// RunGroupItem addresses one run group (/industryData/runGroups/{id}). It is an
// immutable value: Select and Expand return a new RunGroupItem.
type RunGroupItem struct {
	c    *Client
	url  string
	opts odata.Query
	err  error
}

// Select makes Get return only the named properties ($select).
func (g RunGroupItem) Select(properties ...string) RunGroupItem {
	g.opts.Select = append(slices.Clip(g.opts.Select), properties...)
	return g
}

// Expand makes Get include related items ($expand), e.g. Expand("runs").
func (g RunGroupItem) Expand(relations ...string) RunGroupItem {
	g.opts.Expand = append(slices.Clip(g.opts.Expand), relations...)
	return g
}

// Get reads the run group (GET /industryData/runGroups/{id}).
func (g RunGroupItem) Get(ctx context.Context) (*RunGroup, error) {
	rg, _, err := g.get(ctx)
	return rg, err
}

func (g RunGroupItem) get(ctx context.Context) (*RunGroup, http.Header, error) {
	if g.err != nil {
		return nil, nil, g.err
	}
	if err := g.opts.Validate(); err != nil {
		return nil, nil, fmt.Errorf("industrydata: %w", err)
	}
	u := g.url
	if enc := g.opts.Encode(); enc != "" {
		u += "?" + enc
	}
	return getEntity(ctx, g.c, u, runGroupSchema)
}

// Update sends the changes made to rg (PATCH /industryData/runGroups/{id}): for a run
// group read from Graph, only the properties changed since it was read, with cleared ones
// sent as null; for one built in code, the properties that hold a value and those marked
// with SetNull. The id is never sent. When nothing changed, no request is made. On success
// rg holds the updated state, and later updates are compared with it.
func (g RunGroupItem) Update(ctx context.Context, rg *RunGroup) error {
	if g.err != nil {
		return g.err
	}
	return updateEntity(ctx, g.c, g.url, runGroupSchema, rg)
}

// Delete deletes the run group (DELETE /industryData/runGroups/{id}).
func (g RunGroupItem) Delete(ctx context.Context) error {
	if g.err != nil {
		return g.err
	}
	return deleteEntity(ctx, g.c, g.url)
}

// ErrorsAndWarningsFile returns the URL of the run group's errors-and-warnings file
// (GET /industryData/runGroups/{id}/getErrorsAndWarningsFile). The URL is pre-signed: it
// grants access by itself, so treat it as a secret. DownloadErrorsAndWarningsFile fetches
// the file.
func (g RunGroupItem) ErrorsAndWarningsFile(ctx context.Context) (string, error) {
	if g.err != nil {
		return "", g.err
	}
	resp, err := g.c.send(ctx, &outgoing{method: http.MethodGet, url: g.url + "/getErrorsAndWarningsFile"})
	if err != nil {
		return "", err
	}
	body, err := g.c.readBody(resp)
	if err != nil {
		return "", err
	}
	v, err := decodeStringValue(body)
	if err != nil {
		return "", fmt.Errorf("industrydata: getErrorsAndWarningsFile: %w", err)
	}
	return v, nil
}

// DownloadErrorsAndWarningsFile streams the run group's errors-and-warnings file to w and
// returns the number of bytes written. The file is fetched from the pre-signed URL Graph
// returns, without the Graph token: that URL belongs to a storage service, not to Graph.
func (g RunGroupItem) DownloadErrorsAndWarningsFile(ctx context.Context, w io.Writer) (int64, error) {
	link, err := g.ErrorsAndWarningsFile(ctx)
	if err != nil {
		return 0, err
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return 0, fmt.Errorf("industrydata: getErrorsAndWarningsFile returned a URL that is not an absolute https URL (%s)", redactString(link))
	}
	resp, err := g.c.send(ctx, &outgoing{method: http.MethodGet, url: link, anonymous: true})
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("industrydata: downloading errors-and-warnings file from %s: %w", redactURL(u), err)
	}
	return n, nil
}

// Runs addresses the runs of the run group (/industryData/runGroups/{id}/runs).
func (g RunGroupItem) Runs() RunCollection {
	return RunCollection{collection[Run]{g.c, g.url + "/runs", runSchema, g.err}}
}

// Process addresses the process collection of the run group
// (/industryData/runGroups/{id}/process). The resource documentation lists process as a
// single relationship and also as a collection with list and add operations; the SDK
// follows the operations and treats it as a collection.
func (g RunGroupItem) Process() ProcessCollection {
	return ProcessCollection{collection[Process]{g.c, g.url + "/process", processSchema, g.err}}
}
