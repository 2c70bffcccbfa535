package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/industrydata/industrydata-go"
)

// describe adds the Graph error code and the ids Microsoft support asks for, or the
// identity platform's verdict on the credentials.
func describe(w io.Writer, err error) {
	var gerr *industrydata.Error
	var terr *industrydata.TokenError
	switch {
	case errors.As(err, &gerr):
		fmt.Fprintf(w, "  Graph error code: %s (HTTP %d)\n", orNone(gerr.Code), gerr.StatusCode)
		fmt.Fprintf(w, "  request-id:        %s\n", orNone(gerr.RequestID))
		fmt.Fprintf(w, "  client-request-id: %s\n", orNone(gerr.ClientRequestID))
	case errors.As(err, &terr):
		fmt.Fprintf(w, "  no access token: %s (HTTP %d): %s\n", orNone(terr.Code), terr.StatusCode, terr.Description)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
