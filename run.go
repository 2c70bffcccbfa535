package industrydata

import (
	"context"
	"strings"
	"time"
)

// RunStatus is the status of a run or run group. It is an evolvable enum: Graph may add
// members, and a status this SDK does not know is kept verbatim rather than rejected.
type RunStatus string

// The run statuses Graph documents.
const (
	RunStatusRunning               RunStatus = "running"
	RunStatusFailed                RunStatus = "failed"
	RunStatusCompleted             RunStatus = "completed"
	RunStatusCompletedWithErrors   RunStatus = "completedWithErrors"
	RunStatusCompletedWithWarnings RunStatus = "completedWithWarnings"
	RunStatusUnknownFutureValue    RunStatus = "unknownFutureValue"
)

// runStatuses are the documented statuses, decoded without allocating.
var runStatuses = []RunStatus{
	RunStatusRunning, RunStatusFailed, RunStatusCompleted, RunStatusCompletedWithErrors,
	RunStatusCompletedWithWarnings, RunStatusUnknownFutureValue,
}

// runODataTypes are the @odata.type values of runs and run groups Graph sends.
var runODataTypes = []string{
	"#microsoft.graph.runGroup", "#microsoft.industryData.runGroup",
	"#microsoft.graph.run", "#microsoft.industryData.run",
}

// IsTerminal reports whether a run with this status has finished: failed or any of the
// completed statuses. Running, empty and unknown statuses are not terminal, so code
// that waits keeps waiting rather than mistaking a new status for an end.
func (s RunStatus) IsTerminal() bool {
	switch s {
	case RunStatusFailed, RunStatusCompleted, RunStatusCompletedWithErrors, RunStatusCompletedWithWarnings:
		return true
	}
	return false
}

// IsKnown reports whether s is one of the statuses this SDK documents.
func (s RunStatus) IsKnown() bool {
	switch s {
	case RunStatusRunning, RunStatusFailed, RunStatusCompleted, RunStatusCompletedWithErrors,
		RunStatusCompletedWithWarnings, RunStatusUnknownFutureValue:
		return true
	}
	return false
}

// Run is one execution of an industry data flow (Graph's run resource).
//
// Fields hold Graph's values; a zero field means the property was absent or null
// (use Has and IsNull to tell which). Properties the SDK has no field for are kept in
// Extra and written back unchanged.
type Run struct {
	// ODataType is the @odata.type Graph sent, such as "#microsoft.graph.runGroup",
	// kept as received. A run whose type names a runGroup can be read with AsRunGroup.
	ODataType string
	// ID identifies the run. Read-only: never sent in an update.
	ID string
	// DisplayName is the name of the run.
	DisplayName string
	// StartDateTime is when the run started.
	StartDateTime time.Time
	// EndDateTime is when the run finished; zero while the run is still in progress
	// (Graph sends null).
	EndDateTime time.Time
	// Status is the current status of the run.
	Status RunStatus
	// BlockingError describes a critical failure of the run, or is nil.
	BlockingError *PublicError
	// Statistics is the run's weakly typed statistics log.
	Statistics RunStatistics
	// Process is the process that caused this run to exist, when Graph expands it. Where
	// Graph expands process as a collection (the run-groups API lists and adds process
	// items), the array is kept verbatim in Extra["process"].
	Process *Process
	// Extra holds properties and annotations the SDK has no field for.
	Extra Properties

	// subRuns holds the runs of a run group read through the base type.
	subRuns []*Run
	doc     document
}

var runSchema = &schema[Run]{kind: "run", doc: func(r *Run) *document { return &r.doc }, extra: func(r *Run) *Properties { return &r.Extra }}

func init() {
	runSchema.fields = runFields(true)
}

// runFields is Run's property table; withRuns adds the runs a run group carries, which a
// base-typed Run keeps aside for AsRunGroup.
func runFields(withRuns bool) []field[Run] {
	fs := []field[Run]{
		stringField("@odata.type", func(r *Run) *string { return &r.ODataType }, runODataTypes...),
		readOnly(stringField("id", func(r *Run) *string { return &r.ID })),
		stringField("displayName", func(r *Run) *string { return &r.DisplayName }),
		timeField("startDateTime", func(r *Run) *time.Time { return &r.StartDateTime }),
		timeField("endDateTime", func(r *Run) *time.Time { return &r.EndDateTime }),
		stringField("status", func(r *Run) *RunStatus { return &r.Status }, runStatuses...),
		objectField("blockingError", publicErrorSchema, func(r *Run) **PublicError { return &r.BlockingError }),
		statisticsField("statistics", func(r *Run) *RunStatistics { return &r.Statistics }),
		nav(relationField("process", processSchema, func(r *Run) **Process { return &r.Process })),
	}
	if withRuns {
		fs = append(fs, nav(listField("runs", runSchema, func(r *Run) *[]*Run { return &r.subRuns })))
	}
	return fs
}

func readOnly[T any](f field[T]) field[T] { f.readOnly = true; return f }
func nav[T any](f field[T]) field[T]      { f.nav = true; return f }

// UnmarshalJSON decodes a run, keeping every property it has no field for.
func (r *Run) UnmarshalJSON(data []byte) error {
	return runSchema.unmarshalJSON(r, data)
}

// MarshalJSON encodes the run with every property it holds, explicit nulls and the
// members kept in Extra.
func (r Run) MarshalJSON() ([]byte, error) { return runSchema.marshal(&r), nil }

// Has reports whether the property (by its Graph name) was in the document the run was
// decoded from, null included, or has been set or marked null since.
func (r *Run) Has(property string) bool { return runSchema.has(r, property) }

// IsNull reports whether the property is null: Graph sent null and it was not set since,
// or SetNull marked it.
func (r *Run) IsNull(property string) bool { return runSchema.isNull(r, property) }

// SetNull clears the named properties (Graph names, e.g. "endDateTime") and marks them to
// be sent as JSON null, in updates and in MarshalJSON.
func (r *Run) SetNull(properties ...string) { runSchema.setNull(r, properties) }

// AsRunGroup returns the run as a RunGroup when its @odata.type names a runGroup, as items
// of a runs collection can. The result has its own Extra, but shares nested values
// (BlockingError, Process, the runs) with r.
func (r *Run) AsRunGroup() (*RunGroup, bool) {
	if typeName(r.ODataType) != "runGroup" {
		return nil, false
	}
	g := &RunGroup{Run: *r, Runs: r.subRuns}
	g.Run.subRuns = nil
	g.Run.Extra.list = append([]member(nil), r.Extra.list...)
	return g, true
}

// typeName returns the type name of an @odata.type value, without '#' and namespace:
// both "#microsoft.graph.runGroup" and "#microsoft.industryData.runGroup" name runGroup.
func typeName(odataType string) string {
	name := strings.TrimPrefix(odataType, "#")
	return name[strings.LastIndexByte(name, '.')+1:]
}

// RunCollection addresses the runs of a run group (/industryData/runGroups/{id}/runs).
type RunCollection struct{ col collection[Run] }

// List returns a query over the runs (GET .../runs). Items whose @odata.type names a
// runGroup can be read with AsRunGroup.
func (rc RunCollection) List() Query[Run] { return rc.col.list() }

// Create creates a run in the run group (POST .../runs). A create that may have reached
// Graph without an answer is not retried: its error wraps ErrOutcomeUnknown.
func (rc RunCollection) Create(ctx context.Context, r *Run) (*Run, error) {
	return rc.col.create(ctx, r)
}
