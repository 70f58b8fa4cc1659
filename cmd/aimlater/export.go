package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

const exportHint = "aimlater export [--format csv|json] [--table experiments|checkins] [--channel C]"

// The tables export writes: one row an experiment, or one a check-in.
const (
	tableExperiments = "experiments"
	tableCheckIns    = "checkins"
)

// cmdExport writes every experiment with its decision, or every check-in,
// to stdout as CSV or JSON. JSON's experiments hold their check-ins; CSV's
// cannot, so they are a table of their own.
func cmdExport(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("export")
	format := fs.String("format", "csv", "csv or json")
	table := fs.String("table", tableExperiments, "experiments (one row each) or checkins (one row a check-in, with its experiment's number)")
	channel := fs.String("channel", "", "only this channel ID")
	if err := parseFlags(fs, args, exportHint); err != nil {
		return err
	}
	w, err := newExportWriter(env.stdout, *format, *table)
	if err != nil {
		return err
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	var filter storage.ExportFilter
	if *channel != "" {
		filter.Channel = channel
	}
	err = db.ExportExperiments(ctx, filter, func(x storage.ExportedExperiment) error {
		return w.write(newExportRecord(x))
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return w.close()
}

// exportWriter writes the records of one table in one format.
type exportWriter interface {
	write(exportRecord) error
	close() error
}

// newExportWriter returns the writer of table in format on w.
func newExportWriter(w io.Writer, format, table string) (exportWriter, error) {
	checkIns := table == tableCheckIns
	if !checkIns && table != tableExperiments {
		return nil, usagef("export: unknown table %q (usage: %s)", table, exportHint)
	}
	switch {
	case format == "csv" && checkIns:
		return newCSVCheckIns(w), nil
	case format == "csv":
		return newCSVExperiments(w), nil
	case format == "json":
		return &jsonExport{w: w, checkIns: checkIns}, nil
	}
	return nil, usagef("export: unknown format %q (usage: %s)", format, exportHint)
}

// exportRecord is one experiment as exported, with stable field names.
type exportRecord struct {
	Number     int             `json:"number"`
	Team       string          `json:"team"`
	Channel    string          `json:"channel"`
	Owner      string          `json:"owner"`
	Title      string          `json:"title"`
	Hypothesis string          `json:"hypothesis,omitempty"`
	Metric     string          `json:"metric,omitempty"`
	Target     string          `json:"target,omitempty"`
	Deadline   string          `json:"deadline,omitempty"`
	Goal       string          `json:"goal,omitempty"`
	Lever      string          `json:"lever,omitempty"`
	ICE        string          `json:"ice,omitempty"`
	Status     string          `json:"status"`
	Decision   string          `json:"decision,omitempty"`
	Learning   string          `json:"learning,omitempty"`
	Parent     int             `json:"parent,omitempty"` // the number of the experiment it iterates on
	CreatedAt  string          `json:"created_at"`
	LaunchedAt string          `json:"launched_at,omitempty"`
	DecidedAt  string          `json:"decided_at,omitempty"`
	LaunchedBy string          `json:"launched_by,omitempty"`
	DecidedBy  string          `json:"decided_by,omitempty"`
	EditedBy   string          `json:"edited_by,omitempty"`
	EditedAt   string          `json:"edited_at,omitempty"`
	CheckIns   []exportCheckIn `json:"check_ins"`
}

type exportCheckIn struct {
	At      string   `json:"at"`
	Author  string   `json:"author"`
	Value   *float64 `json:"value,omitempty"`
	Note    string   `json:"note,omitempty"`
	OnTrack bool     `json:"on_track"`
}

// exportCheckInRow is a check-in of the checkins table: it names its
// experiment, as a row of its own must.
type exportCheckInRow struct {
	Number  int    `json:"number"`
	Team    string `json:"team"`
	Channel string `json:"channel"`
	exportCheckIn
}

func newExportRecord(x storage.ExportedExperiment) exportRecord {
	e := x.Experiment
	var goal string
	if x.GoalNumber != 0 {
		goal = experiments.Goal{Number: x.GoalNumber}.Ref()
	}
	r := exportRecord{
		Number: e.Number, Team: e.Team, Channel: e.Channel, Owner: e.Owner,
		Title: e.Title, Hypothesis: e.Hypothesis, Metric: e.Metric,
		Target: e.Target.String(), Deadline: e.Deadline.String(), Goal: goal, Lever: e.Lever,
		ICE: e.ICE.String(), Status: string(e.Status), Decision: string(e.Decision),
		Learning: e.Learning, Parent: x.ParentNumber,
		CreatedAt: stamp(e.CreatedAt), LaunchedAt: stamp(e.LaunchedAt), DecidedAt: stamp(e.DecidedAt),
		LaunchedBy: e.LaunchedBy, DecidedBy: e.DecidedBy, EditedBy: e.EditedBy, EditedAt: stamp(e.EditedAt),
		CheckIns: make([]exportCheckIn, 0, len(x.CheckIns)),
	}
	for _, c := range x.CheckIns {
		r.CheckIns = append(r.CheckIns, exportCheckIn{At: stamp(c.At), Author: c.Author, Value: c.Value, Note: c.Note, OnTrack: c.OnTrack})
	}
	return r
}

// checkInRows returns r's check-ins as rows of the checkins table.
func (r exportRecord) checkInRows() []exportCheckInRow {
	rows := make([]exportCheckInRow, 0, len(r.CheckIns))
	for _, c := range r.CheckIns {
		rows = append(rows, exportCheckInRow{Number: r.Number, Team: r.Team, Channel: r.Channel, exportCheckIn: c})
	}
	return rows
}

// stamp formats a time as RFC 3339 in UTC, or "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
