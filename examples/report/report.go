package main

import (
	"context"
	"time"

	"github.com/industrydata/industrydata-go"
)

// report is the whole document the program writes.
type report struct {
	GeneratedAt time.Time `json:"generatedAt"`
	Since       time.Time `json:"since"`
	Hours       int       `json:"hours"`
	RunGroups   []row     `json:"runGroups"`
}

// row is one run group that did not complete cleanly.
type row struct {
	ID                       string     `json:"id"`
	DisplayName              string     `json:"displayName"`
	Status                   string     `json:"status"`
	StartDateTime            time.Time  `json:"startDateTime"`
	EndDateTime              *time.Time `json:"endDateTime"`
	BlockingErrorCode        string     `json:"blockingErrorCode,omitempty"`
	BlockingErrorMessage     string     `json:"blockingErrorMessage,omitempty"`
	BlockingErrorDetailCodes []string   `json:"blockingErrorDetailCodes,omitempty"`
	// Errors, Warnings and People come from the statistics; nil when not reported.
	Errors   *int `json:"errors"`
	Warnings *int `json:"warnings"`
	People   *int `json:"people"`
}

// notClean lists the run groups started since since whose status is neither completed
// nor running, newest first. The filter runs on Graph, so only matching run groups are
// transferred, and only the properties the report needs.
func notClean(ctx context.Context, c *industrydata.Client, since time.Time) ([]row, error) {
	q := c.RunGroups().List().
		Filter(industrydata.And(
			industrydata.Ge("startDateTime", since),
			industrydata.Ne("status", industrydata.RunStatusCompleted),
			industrydata.Ne("status", industrydata.RunStatusRunning),
		)).
		Select("id", "displayName", "status", "startDateTime", "endDateTime", "blockingError", "statistics").
		OrderBy("startDateTime desc")
	rows := []row{}
	for rg, err := range q.All(ctx) {
		if err != nil {
			return nil, err
		}
		rows = append(rows, toRow(rg))
	}
	return rows, nil
}

func toRow(rg *industrydata.RunGroup) row {
	r := row{ID: rg.ID, DisplayName: rg.DisplayName, Status: string(rg.Status), StartDateTime: rg.StartDateTime.UTC()}
	if !rg.EndDateTime.IsZero() {
		end := rg.EndDateTime.UTC()
		r.EndDateTime = &end
	}
	if be := rg.BlockingError; be != nil {
		r.BlockingErrorCode, r.BlockingErrorMessage = be.Code, be.Message
		for _, d := range be.Details {
			r.BlockingErrorDetailCodes = append(r.BlockingErrorDetailCodes, d.Code)
		}
	}
	// Statistics are weakly typed: a shape the SDK does not know leaves the counts empty
	// rather than failing the whole report.
	if k, err := rg.Statistics.Known(); err == nil && k.InboundTotals != nil {
		in := k.InboundTotals
		r.Errors, r.Warnings, r.People = &in.Errors, &in.Warnings, &in.People
	}
	return r
}
