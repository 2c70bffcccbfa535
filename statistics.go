package industrydata

import (
	"encoding/json"
	"errors"
	"fmt"
)

// RunStatistics is a run's statistics log. Graph types it weakly (its shape varies by
// flow and grows over time), so the SDK keeps the whole object as received and offers
// typed views of the parts whose shape Graph documents, plus Decode into a caller's own
// type for everything else.
//
// The zero value means "no statistics". A RunStatistics is immutable: its accessors
// never expose the stored bytes for writing.
type RunStatistics struct {
	raw json.RawMessage
}

// NewRunStatistics builds statistics from any value that encodes to a JSON object, for
// creating or updating a run.
func NewRunStatistics(v any) (RunStatistics, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return RunStatistics{}, fmt.Errorf("industrydata: statistics: %w", err)
	}
	if len(raw) == 0 || raw[0] != '{' {
		return RunStatistics{}, errors.New("industrydata: statistics must encode to a JSON object")
	}
	return RunStatistics{raw: raw}, nil
}

// IsZero reports whether there are no statistics.
func (s RunStatistics) IsZero() bool { return len(s.raw) == 0 }

// JSON returns a copy of the statistics object as Graph sent it.
func (s RunStatistics) JSON() json.RawMessage { return append(json.RawMessage(nil), s.raw...) }

// Decode unmarshals the whole statistics object into v (a struct or map of the caller's).
func (s RunStatistics) Decode(v any) error {
	if s.IsZero() {
		return errors.New("industrydata: no statistics to decode")
	}
	if err := json.Unmarshal(s.raw, v); err != nil {
		return fmt.Errorf("industrydata: decoding statistics: %w", err)
	}
	return nil
}

// Get returns the raw value of one member of the statistics object.
func (s RunStatistics) Get(name string) (json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if s.IsZero() || json.Unmarshal(s.raw, &m) != nil {
		return nil, false
	}
	v, ok := m[name]
	return v, ok
}

// KnownStatistics is the part of the statistics whose shape Graph documents (the
// industryDataRunStatistics of the shipped runs API). Members absent from the log are
// zero.
type KnownStatistics struct {
	// RunID identifies the run the statistics belong to.
	RunID string `json:"runId"`
	// Status is the run's status as the statistics recorded it.
	Status RunStatus `json:"status"`
	// InboundTotals aggregates the inbound flows, or is nil.
	InboundTotals *InboundTotals `json:"inboundTotals"`
	// ActivityStatistics has one entry per activity of the run.
	ActivityStatistics []ActivityStatistics `json:"activityStatistics"`
}

// InboundTotals aggregates what the inbound flows of a run read.
type InboundTotals struct {
	// Errors and Warnings count the problems the flows reported.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Groups, Memberships, Organizations and People count what was read.
	Groups        int `json:"groups"`
	Memberships   int `json:"memberships"`
	Organizations int `json:"organizations"`
	People        int `json:"people"`
	// MatchedPeopleByRole counts people matched to existing accounts, per role.
	MatchedPeopleByRole []RoleCount `json:"matchedPeopleByRole"`
	// UnmatchedPeopleByRole counts people no account matched, per role.
	UnmatchedPeopleByRole []RoleCount `json:"unmatchedPeopleByRole"`
}

// RoleCount counts people of one role.
type RoleCount struct {
	// Role is the role, such as "student" or "teacher".
	Role string `json:"role"`
	// Count is the number of people in it.
	Count int `json:"count"`
}

// ActivityStatistics is the statistics entry of one activity of the run. Members that
// only some activity types carry are in Raw.
type ActivityStatistics struct {
	// ActivityID identifies the activity.
	ActivityID string `json:"activityId"`
	// DisplayName is the activity's name.
	DisplayName string `json:"displayName"`
	// Status is the activity's status (an industryDataActivityStatus, kept as sent).
	Status string `json:"status"`
	// Raw is the whole entry as Graph sent it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps the whole entry in Raw besides the typed members.
func (a *ActivityStatistics) UnmarshalJSON(data []byte) error {
	type plain ActivityStatistics
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*a = ActivityStatistics(p)
	a.Raw = append(json.RawMessage(nil), data...)
	return nil
}

// Known decodes the documented part of the statistics. A member of the wrong shape is
// an error naming it; unknown members are ignored here (they stay in the log).
func (s RunStatistics) Known() (KnownStatistics, error) {
	var k KnownStatistics
	if s.IsZero() {
		return k, nil
	}
	if err := json.Unmarshal(s.raw, &k); err != nil {
		return KnownStatistics{}, fmt.Errorf("industrydata: decoding statistics: %w", err)
	}
	return k, nil
}

// statisticsField is the statistics property: the object is kept as its own bytes.
func statisticsField[T any](name string, p func(*T) *RunStatistics) field[T] {
	return field[T]{
		name: name,
		decode: func(m *T, v []byte) error {
			if v[0] != '{' {
				return fmt.Errorf("want a JSON object, got %s", clip(v))
			}
			*p(m) = RunStatistics{raw: v}
			return nil
		},
		encode: func(m *T, b []byte) ([]byte, bool) {
			s := *p(m)
			return append(b, s.raw...), !s.IsZero()
		},
		clear: func(m *T) { *p(m) = RunStatistics{} },
	}
}
