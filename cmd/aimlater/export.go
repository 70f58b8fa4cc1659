package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

const exportHint = "aimlater export [--format csv|json] [--channel C]"

// cmdExport writes every experiment with its check-ins and decision to
// stdout, as CSV (one row an experiment) or JSON (an array).
func cmdExport(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("export")
	format := fs.String("format", "csv", "csv or json")
	channel := fs.String("channel", "", "only this channel ID")
	if err := parseFlags(fs, args, exportHint); err != nil {
		return err
	}
	var w exportWriter
	switch *format {
	case "csv":
		w = newCSVExport(env.stdout)
	case "json":
		w = newJSONExport(env.stdout)
	default:
		return usagef("export: unknown format %q (usage: %s)", *format, exportHint)
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
	goals := goalNumbers{db: db, cache: map[int64]string{}}
	err = db.ExportExperiments(ctx, filter, func(e experiments.Experiment, cs []experiments.CheckIn) error {
		return w.write(newExportRecord(e, goals.ref(ctx, e.GoalID), cs))
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return w.close()
}

// goalNumbers turns goal IDs into their G<N> references, asking the
// database once per goal.
type goalNumbers struct {
	db    *storage.DB
	cache map[int64]string
}

func (g goalNumbers) ref(ctx context.Context, id int64) string {
	if id == 0 {
		return ""
	}
	if ref, ok := g.cache[id]; ok {
		return ref
	}
	goal, err := g.db.FindGoalByID(ctx, id)
	ref := goal.Ref()
	if err != nil {
		ref = ""
	}
	g.cache[id] = ref
	return ref
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
	ICE        string          `json:"ice,omitempty"`
	Status     string          `json:"status"`
	Decision   string          `json:"decision,omitempty"`
	Learning   string          `json:"learning,omitempty"`
	Parent     int64           `json:"parent_id,omitempty"`
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

func newExportRecord(e experiments.Experiment, goal string, cs []experiments.CheckIn) exportRecord {
	r := exportRecord{
		Number: e.Number, Team: e.Team, Channel: e.Channel, Owner: e.Owner,
		Title: e.Title, Hypothesis: e.Hypothesis, Metric: e.Metric,
		Target: e.Target.String(), Deadline: e.Deadline.String(), Goal: goal,
		ICE: e.ICE.String(), Status: string(e.Status), Decision: string(e.Decision),
		Learning: e.Learning, Parent: e.ParentID,
		CreatedAt: stamp(e.CreatedAt), LaunchedAt: stamp(e.LaunchedAt), DecidedAt: stamp(e.DecidedAt),
		LaunchedBy: e.LaunchedBy, DecidedBy: e.DecidedBy, EditedBy: e.EditedBy, EditedAt: stamp(e.EditedAt),
		CheckIns: make([]exportCheckIn, 0, len(cs)),
	}
	for _, c := range cs {
		r.CheckIns = append(r.CheckIns, exportCheckIn{At: stamp(c.At), Author: c.Author, Value: c.Value, Note: c.Note, OnTrack: c.OnTrack})
	}
	return r
}

// stamp formats a time as RFC 3339 in UTC, or "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

type exportWriter interface {
	write(exportRecord) error
	close() error
}

// jsonExport streams a JSON array, one record at a time.
type jsonExport struct {
	w     io.Writer
	count int
}

func newJSONExport(w io.Writer) *jsonExport { return &jsonExport{w: w} }

func (j *jsonExport) write(r exportRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.count == 0 {
		sep = "[\n"
	}
	j.count++
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}

func (j *jsonExport) close() error {
	end := "\n]\n"
	if j.count == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

// csvExport writes one row an experiment; its check-ins go, oldest first,
// into one readable column so the file opens cleanly in a spreadsheet. Who
// launched, decided and last edited come last, after the columns older
// exports had, so scripts that read columns by position keep working.
type csvExport struct{ w *csv.Writer }

var csvHeader = []string{"number", "team", "channel", "owner", "title", "hypothesis", "metric", "target",
	"deadline", "goal", "ice", "status", "decision", "learning", "parent_id",
	"created_at", "launched_at", "decided_at", "check_in_count", "check_ins",
	"launched_by", "decided_by", "edited_by", "edited_at"}

func newCSVExport(w io.Writer) *csvExport {
	c := &csvExport{w: csv.NewWriter(w)}
	_ = c.w.Write(csvHeader) // errors surface at Flush in close
	return c
}

func (c *csvExport) write(r exportRecord) error {
	parent := ""
	if r.Parent != 0 {
		parent = strconv.FormatInt(r.Parent, 10)
	}
	return c.w.Write([]string{strconv.Itoa(r.Number), r.Team, r.Channel, r.Owner, r.Title, r.Hypothesis,
		r.Metric, r.Target, r.Deadline, r.Goal, r.ICE, r.Status, r.Decision, r.Learning, parent,
		r.CreatedAt, r.LaunchedAt, r.DecidedAt, strconv.Itoa(len(r.CheckIns)), joinCheckIns(r.CheckIns),
		r.LaunchedBy, r.DecidedBy, r.EditedBy, r.EditedAt})
}

func (c *csvExport) close() error {
	c.w.Flush()
	return c.w.Error()
}

// joinCheckIns renders check-ins as "AT AUTHOR value=V on-track: note | …".
func joinCheckIns(cs []exportCheckIn) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		s := c.At + " " + c.Author
		if c.Value != nil {
			s += " value=" + strconv.FormatFloat(*c.Value, 'f', -1, 64)
		}
		if c.OnTrack {
			s += " on-track"
		} else {
			s += " off-track"
		}
		if c.Note != "" {
			s += ": " + c.Note
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " | ")
}
