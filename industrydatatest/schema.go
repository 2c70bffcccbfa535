package industrydatatest

import "strings"

// propKind is the EDM type of a declared property; it decides how $filter and
// $orderby compare values and which literals a comparison accepts.
type propKind int

const (
	kindString propKind = iota
	kindDateTime
	kindEnum
	kindComplex
)

func (k propKind) edmName() string {
	switch k {
	case kindDateTime:
		return "Edm.DateTimeOffset"
	case kindEnum:
		return "enum"
	case kindComplex:
		return "complex"
	default:
		return "Edm.String"
	}
}

// entityType describes one entity set item type: its declared properties,
// enum members, navigation properties and the @odata.type names accepted in
// request bodies.
type entityType struct {
	name     string // e.g. runGroup
	props    map[string]propKind
	enums    map[string][]string // enum property -> members in declaration order
	navs     map[string]*entityType
	accepted []string // type names (last dotted segment) a body may declare
}

// qualified is the @odata.type the server writes for new entities.
func (t *entityType) qualified() string { return "#microsoft.graph." + t.name }

// fullName is the name used in error messages, like Graph's.
func (t *entityType) fullName() string { return "microsoft.graph." + t.name }

func (t *entityType) isEnumMember(prop, v string) bool {
	for _, m := range t.enums[prop] {
		if m == v {
			return true
		}
	}
	return false
}

// acceptsType reports whether an @odata.type value names a type this
// collection holds; the namespace is ignored, as both appear on the wire.
func (t *entityType) acceptsType(odataType string) bool {
	name := typeName(odataType)
	for _, a := range t.accepted {
		if a == name {
			return true
		}
	}
	return false
}

// typeName is the last segment of an @odata.type: "#microsoft.graph.runGroup"
// and "#microsoft.industryData.runGroup" both name runGroup.
func typeName(odataType string) string {
	name := strings.TrimPrefix(odataType, "#")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// schema holds the three item types this API serves.
type schema struct {
	runGroup, run, process *entityType
}

func newSchema() *schema {
	runStatus := []string{"running", "failed", "completed", "completedWithErrors", "completedWithWarnings", "unknownFutureValue"}
	runProps := func() map[string]propKind {
		return map[string]propKind{
			"id": kindString, "displayName": kindString,
			"startDateTime": kindDateTime, "endDateTime": kindDateTime,
			"status": kindEnum, "blockingError": kindComplex, "statistics": kindComplex,
		}
	}
	process := &entityType{
		name: "runProcess",
		props: map[string]propKind{
			"id": kindString, "eTag": kindString, "displayName": kindString, "readinessStatus": kindEnum,
		},
		enums:    map[string][]string{"readinessStatus": {"notReady", "ready", "failed", "deleted", "expired", "unknownFutureValue"}},
		accepted: []string{"runProcess", "process"},
	}
	run := &entityType{
		name:     "run",
		props:    runProps(),
		enums:    map[string][]string{"status": runStatus},
		accepted: []string{"run", "runGroup"},
	}
	group := &entityType{
		name:     "runGroup",
		props:    runProps(),
		enums:    map[string][]string{"status": runStatus},
		navs:     map[string]*entityType{"runs": run, "process": process},
		accepted: []string{"runGroup"},
	}
	return &schema{runGroup: group, run: run, process: process}
}
