package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/industrydata/industrydata-go"
)

// reportFailure prints what went wrong and, for a Graph error, the code and the ids
// Microsoft support asks for.
func reportFailure(w io.Writer, err error) {
	fmt.Fprintf(w, "quickstart: %v\n", err)
	var gerr *industrydata.Error
	var terr *industrydata.TokenError
	switch {
	case errors.As(err, &gerr):
		fmt.Fprintf(w, "  Graph error code: %s (HTTP %d)\n", orNone(gerr.Code), gerr.StatusCode)
		fmt.Fprintf(w, "  request-id:        %s\n", orNone(gerr.RequestID))
		fmt.Fprintf(w, "  client-request-id: %s\n", orNone(gerr.ClientRequestID))
		if !gerr.Date.IsZero() {
			fmt.Fprintf(w, "  date:              %s\n", gerr.Date.Format("2006-01-02T15:04:05Z"))
		}
	case errors.As(err, &terr):
		fmt.Fprintf(w, "  no access token: %s (HTTP %d): %s\n", orNone(terr.Code), terr.StatusCode, terr.Description)
		fmt.Fprintln(w, "  check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET")
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "  interrupted")
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
