package industrydata

import (
	"context"
)

// ReadinessStatus is the readiness of a process. It is an evolvable enum: a member this
// SDK does not know is kept verbatim.
type ReadinessStatus string

// The readiness statuses Graph documents. The draft runProcess documentation lists
// "deleted"; the shipped beta metadata lists "disabled" in its place, so both are named.
const (
	ReadinessStatusNotReady           ReadinessStatus = "notReady"
	ReadinessStatusReady              ReadinessStatus = "ready"
	ReadinessStatusFailed             ReadinessStatus = "failed"
	ReadinessStatusDeleted            ReadinessStatus = "deleted"
	ReadinessStatusDisabled           ReadinessStatus = "disabled"
	ReadinessStatusExpired            ReadinessStatus = "expired"
	ReadinessStatusUnknownFutureValue ReadinessStatus = "unknownFutureValue"
)

// IsKnown reports whether s is one of the statuses this SDK documents.
func (s ReadinessStatus) IsKnown() bool {
	switch s {
	case ReadinessStatusNotReady, ReadinessStatusReady, ReadinessStatusFailed, ReadinessStatusDeleted,
		ReadinessStatusDisabled, ReadinessStatusExpired, ReadinessStatusUnknownFutureValue:
		return true
	}
	return false
}

// Process is the process that caused a run to exist (the draft API's runProcess).
type Process struct {
	// ODataType is the @odata.type Graph sent, such as "#microsoft.graph.runProcess".
	ODataType string
	// ID identifies the process. Read-only: never sent in an update.
	ID string
	// ETag is the process's entity tag.
	ETag string
	// DisplayName is the name of the process.
	DisplayName string
	// ReadinessStatus says whether the process can run; unknown members are kept.
	ReadinessStatus ReadinessStatus
	// Extra holds properties and annotations the SDK has no field for.
	Extra Properties
	doc   document
}

var processSchema = &schema[Process]{kind: "process", doc: func(p *Process) *document { return &p.doc }, extra: func(p *Process) *Properties { return &p.Extra }}

func init() {
	processSchema.fields = []field[Process]{
		stringField("@odata.type", func(p *Process) *string { return &p.ODataType }),
		readOnly(stringField("id", func(p *Process) *string { return &p.ID })),
		stringField("eTag", func(p *Process) *string { return &p.ETag }),
		stringField("displayName", func(p *Process) *string { return &p.DisplayName }),
		stringField("readinessStatus", func(p *Process) *ReadinessStatus { return &p.ReadinessStatus }),
	}
}

// UnmarshalJSON decodes a process, keeping every property it has no field for.
func (p *Process) UnmarshalJSON(data []byte) error { return processSchema.unmarshalJSON(p, data) }

// MarshalJSON encodes the process with the members kept in Extra.
func (p Process) MarshalJSON() ([]byte, error) { return processSchema.marshal(&p), nil }

// Has reports whether the property was in the decoded document (null included) or set since.
func (p *Process) Has(property string) bool { return processSchema.has(p, property) }

// IsNull reports whether the property is null (sent as null and not set since, or SetNull).
func (p *Process) IsNull(property string) bool { return processSchema.isNull(p, property) }

// SetNull clears the named properties and marks them to be sent as null.
func (p *Process) SetNull(properties ...string) { processSchema.setNull(p, properties) }

// ProcessCollection addresses the process collection of a run group
// (/industryData/runGroups/{id}/process).
type ProcessCollection struct{ col collection[Process] }

// List returns a query over the processes (GET .../process).
func (pc ProcessCollection) List() Query[Process] { return pc.col.list() }

// Add adds a process to the run group (POST .../process). A request that may have
// reached Graph without an answer is not retried: its error wraps ErrOutcomeUnknown.
func (pc ProcessCollection) Add(ctx context.Context, p *Process) (*Process, error) {
	return pc.col.create(ctx, p)
}
