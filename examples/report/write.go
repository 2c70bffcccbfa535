package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// write encodes the report in the configured format to the output file or to stdout.
// The report is encoded in full first, so a failure never leaves half a file behind.
func write(rep report, cfg config, stdout io.Writer) error {
	var b bytes.Buffer
	var err error
	if cfg.format == "json" {
		err = writeJSON(&b, rep)
	} else {
		err = writeCSV(&b, rep.RunGroups)
	}
	if err != nil {
		return fmt.Errorf("encoding the report: %w", err)
	}
	if cfg.output == "" {
		_, err = stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(cfg.output, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

func writeJSON(w io.Writer, rep report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

var csvHeader = []string{
	"id", "displayName", "status", "startDateTime", "endDateTime",
	"blockingErrorCode", "blockingErrorMessage", "blockingErrorDetailCodes",
	"errors", "warnings", "people",
}

func writeCSV(w io.Writer, rows []row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{
			r.ID, r.DisplayName, r.Status, r.StartDateTime.Format(time.RFC3339), timeCell(r.EndDateTime),
			r.BlockingErrorCode, r.BlockingErrorMessage, strings.Join(r.BlockingErrorDetailCodes, ";"),
			intCell(r.Errors), intCell(r.Warnings), intCell(r.People),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func timeCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

func intCell(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
