package industrydatatest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Lifecycle says how a run group created through POST moves from running to
// a terminal status, so that code that waits for a run can be tested. The
// group turns terminal when either limit is reached; with both zero it turns
// terminal on the first read. On the transition the server sets status, fills
// endDateTime and statistics, and for "failed" also blockingError; the
// errors-and-warnings file then lists what the run reported.
//
// Seeded run groups are stored as given and do not follow a lifecycle; use
// [Server.Finish] to end one.
type Lifecycle struct {
	// Polls is how many GETs of the run group answer running; the next one
	// answers the final status. Zero: polls do not count.
	Polls int
	// After is how long (on the server clock, see WithClock) the group stays
	// running. Zero: time does not count.
	After time.Duration
	// Final is the terminal status: completed (the default when empty),
	// failed, completedWithErrors, completedWithWarnings, or any other string
	// to test how a client copes with an enum member it does not know.
	Final string
}

// DefaultLifecycle is two polls answering running, then completed.
func DefaultLifecycle() Lifecycle { return Lifecycle{Polls: 2, Final: "completed"} }

func (l Lifecycle) validate() error {
	switch {
	case l.Polls < 0:
		return fmt.Errorf("a negative Polls (%d) is not allowed", l.Polls)
	case l.After < 0:
		return fmt.Errorf("a negative After (%v) is not allowed", l.After)
	case l.Final == "running":
		return errors.New("the Final status must be terminal, not running")
	}
	return nil
}

func (l Lifecycle) final() string {
	if l.Final == "" {
		return "completed"
	}
	return l.Final
}

// lifeState is a created group's progress; guarded by Server.mu.
type lifeState struct {
	cfg     Lifecycle
	polls   int
	created time.Time
	done    bool
}

// advance moves a group to its final status when its lifecycle is due; poll
// counts a GET of the group. The caller holds s.mu.
func (s *Server) advance(g *groupRecord, now time.Time, poll bool) {
	l := g.life
	if l == nil || l.done {
		return
	}
	c := l.cfg
	due := (c.Polls == 0 && c.After == 0) ||
		(c.Polls > 0 && l.polls >= c.Polls) ||
		(c.After > 0 && !now.Before(l.created.Add(c.After)))
	if poll {
		l.polls++
	}
	if due {
		finish(g, c.final(), now)
	}
}

// Finish ends a run group now with the given terminal status, filling
// endDateTime, statistics and (for failed) blockingError as a lifecycle would.
// It works on seeded groups too.
func (s *Server) Finish(id, status string) error {
	if status == "" || status == "running" {
		return fmt.Errorf("industrydatatest: Finish(%q): status must be terminal, got %q", id, status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.byID[id]
	if !ok {
		return fmt.Errorf("industrydatatest: Finish: no run group with id %q", id)
	}
	finish(g, status, s.cfg.now())
	return nil
}

// finish replaces the group's document with its terminal form; the caller
// holds s.mu.
func finish(g *groupRecord, status string, now time.Time) {
	id, _ := g.doc["id"].(string)
	o := outcomeFor(status, id)
	doc := shallowCopy(g.doc)
	doc["status"] = status
	doc["endDateTime"] = formatTime(now)
	doc["statistics"] = o.statistics(status)
	if o.blocking != nil {
		doc["blockingError"] = o.blocking
	}
	g.doc = doc
	g.issues = o.issues
	if g.life != nil {
		g.life.done = true
	}
}

// issue is one row of the errors-and-warnings file.
type issue struct{ severity, code, message, target string }

// outcome is what a finished run reports.
type outcome struct {
	errors, warnings int
	issues           []issue
	blocking         map[string]any
}

func outcomeFor(status, id string) outcome {
	var o outcome
	target := "runGroups/" + id + "/roster.csv"
	switch status {
	case "failed":
		o.errors = 1
		o.issues = []issue{{"error", "MissingRequiredColumn", "Column 'role' is missing; no record could be processed.", target}}
		o.blocking = map[string]any{
			"@odata.type": "#microsoft.graph.publicError",
			"code":        "InvalidSourceData",
			"message":     "The run stopped: the source file is missing a required column.",
			"target":      target,
			"details": []any{map[string]any{
				"@odata.type": "#microsoft.graph.publicErrorDetail",
				"code":        "MissingRequiredColumn", "message": "Column 'role' is missing.", "target": target,
			}},
			"innerError": map[string]any{
				"@odata.type": "#microsoft.graph.publicInnerError",
				"code":        "SchemaValidation", "message": "Header row has 7 of 8 required columns.", "target": target,
			},
		}
	case "completedWithErrors":
		o.errors, o.warnings = 2, 1
		o.issues = []issue{
			{"error", "InvalidValue", "Row 14: 'grade' must be a number.", target},
			{"error", "DuplicateKey", "Row 31: sourcedId 'st-0031' appears twice.", target},
			{"warning", "UnknownColumn", "Column 'nickname' is not used.", target},
		}
	case "completedWithWarnings":
		o.warnings = 2
		o.issues = []issue{
			{"warning", "UnknownColumn", "Column 'nickname' is not used.", target},
			{"warning", "EmptyValue", "Row 7: 'email' is empty.", target},
		}
	}
	return o
}

// statistics is a weakly typed runStatistics shaped like the shipped
// industryDataRunStatistics.
func (o outcome) statistics(status string) map[string]any {
	n := func(i int) json.Number { return json.Number(strconv.Itoa(i)) }
	return map[string]any{
		"@odata.type": "#microsoft.graph.runStatistics",
		"status":      status,
		"inboundTotals": map[string]any{
			"errors": n(o.errors), "warnings": n(o.warnings),
			"people": n(42), "groups": n(7), "memberships": n(84), "organizations": n(1),
		},
		"activityStatistics": []any{
			map[string]any{"role": "student", "count": n(30)},
			map[string]any{"role": "teacher", "count": n(12)},
		},
	}
}
