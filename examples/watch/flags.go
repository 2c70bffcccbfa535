package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/industrydata/industrydata-go"
)

// config is what the command line asked for.
type config struct {
	id       string
	timeout  time.Duration
	interval time.Duration
	offline  bool
	final    industrydata.RunStatus // with -offline: the demo run group's final status
	demoTime time.Duration          // with -offline: how long the demo run group runs
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var final string
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.id, "id", "", "the run group to watch (required unless -offline)")
	fs.DurationVar(&cfg.timeout, "timeout", time.Hour, "give up after this long and exit 3 (0: no limit)")
	fs.DurationVar(&cfg.interval, "interval", time.Minute, "the longest pause between polls")
	fs.BoolVar(&cfg.offline, "offline", false, "watch a demo run group on the in-memory Graph server")
	fs.StringVar(&final, "demo-final", "", "with -offline: the status the demo run group ends in (default completed)")
	fs.DurationVar(&cfg.demoTime, "demo-time", 3*time.Second, "with -offline: how long the demo run group runs")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: watch -id RUN_GROUP_ID [-timeout 1h] [-interval 1m]\n       watch -offline [-demo-final completedWithWarnings] [-demo-time 3s]")
		fmt.Fprintln(fs.Output(), "exit status: 0 completed, 1 completedWithWarnings, 2 failed or completedWithErrors, 3 error or timeout")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, fmt.Errorf("invalid command line: %w", err)
	}
	cfg.final = industrydata.RunStatus(final)
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected argument %q; pass the run group with -id", fs.Arg(0))
	case cfg.offline && cfg.id != "":
		return cfg, errors.New("-id and -offline exclude each other: -offline watches a demo run group it creates")
	case !cfg.offline && cfg.id == "":
		return cfg, errors.New("-id is required (or -offline for a demo on the in-memory server)")
	case !cfg.offline && (final != "" || isSet(fs, "demo-time")):
		return cfg, errors.New("-demo-final and -demo-time apply only with -offline")
	case final != "" && !cfg.final.IsTerminal():
		return cfg, fmt.Errorf("-demo-final %q is not a terminal status; use completed, completedWithWarnings, completedWithErrors or failed", final)
	case cfg.demoTime < 0:
		return cfg, fmt.Errorf("-demo-time %v is negative", cfg.demoTime)
	case cfg.timeout < 0:
		return cfg, fmt.Errorf("-timeout %v is negative", cfg.timeout)
	case cfg.interval <= 0:
		return cfg, fmt.Errorf("-interval %v must be positive", cfg.interval)
	}
	if cfg.final == "" {
		cfg.final = industrydata.RunStatusCompleted
	}
	return cfg, nil
}

// isSet reports whether the command line set the flag name.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
