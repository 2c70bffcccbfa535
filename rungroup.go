package industrydata

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
