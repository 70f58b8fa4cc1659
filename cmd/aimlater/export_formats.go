package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// jsonExport streams a JSON array, one element at a time: experiments with
// their check-ins nested, or with checkIns set the check-ins as rows.
type jsonExport struct {
	w        io.Writer
	checkIns bool
	count    int
}

func (j *jsonExport) write(r exportRecord) error {
	if !j.checkIns {
		return j.add(r)
	}
	for _, row := range r.checkInRows() {
		if err := j.add(row); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonExport) add(v any) error {
	b, err := json.Marshal(v)
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

// csvTable writes rows whose cells a spreadsheet shows as text, never runs.
type csvTable struct{ w *csv.Writer }

func newCSVTable(w io.Writer, header []string) csvTable {
	t := csvTable{w: csv.NewWriter(w)}
	_ = t.w.Write(header) // errors surface at Flush in close
	return t
}

func (t csvTable) row(cells ...string) error {
	for i, c := range cells {
		cells[i] = spreadsheetSafe(c)
	}
	return t.w.Write(cells)
}

func (t csvTable) close() error {
	t.w.Flush()
	return t.w.Error()
}

// plainNumber is a cell a spreadsheet reads as a number: signed, with
// decimals or a percent sign, never a formula.
var plainNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?%?$`)

// spreadsheetSafe prefixes with ' a cell that a spreadsheet would run as a
// formula (it starts with =, +, -, @, a tab or a carriage return), so that
// a title such as =HYPERLINK(…) is shown, not run. Plain numbers such as
// -3 or +20% stay numbers.
func spreadsheetSafe(cell string) string {
	if cell == "" || plainNumber.MatchString(cell) {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// csvExperiments writes one row an experiment, with the number of its
// check-ins; `--table checkins` has the check-ins themselves. Who
// launched, decided and last edited come last, then the lever (added
// later, so the columns before it keep their places).
type csvExperiments struct{ csvTable }

var csvExperimentsHeader = []string{"number", "team", "channel", "owner", "title", "hypothesis", "metric", "target",
	"deadline", "goal", "ice", "status", "decision", "learning", "parent",
	"created_at", "launched_at", "decided_at", "check_in_count",
	"launched_by", "decided_by", "edited_by", "edited_at", "lever"}

func newCSVExperiments(w io.Writer) csvExperiments {
	return csvExperiments{newCSVTable(w, csvExperimentsHeader)}
}

func (c csvExperiments) write(r exportRecord) error {
	parent := ""
	if r.Parent != 0 {
		parent = strconv.Itoa(r.Parent)
	}
	return c.row(strconv.Itoa(r.Number), r.Team, r.Channel, r.Owner, r.Title, r.Hypothesis,
		r.Metric, r.Target, r.Deadline, r.Goal, r.ICE, r.Status, r.Decision, r.Learning, parent,
		r.CreatedAt, r.LaunchedAt, r.DecidedAt, strconv.Itoa(len(r.CheckIns)),
		r.LaunchedBy, r.DecidedBy, r.EditedBy, r.EditedAt, r.Lever)
}

// csvCheckIns writes one row a check-in, oldest first within each
// experiment, naming the experiment by team and number.
type csvCheckIns struct{ csvTable }

var csvCheckInsHeader = []string{"number", "team", "channel", "at", "author", "value", "on_track", "note"}

func newCSVCheckIns(w io.Writer) csvCheckIns {
	return csvCheckIns{newCSVTable(w, csvCheckInsHeader)}
}

func (c csvCheckIns) write(r exportRecord) error {
	for _, x := range r.checkInRows() {
		value := ""
		if x.Value != nil {
			value = strconv.FormatFloat(*x.Value, 'f', -1, 64)
		}
		err := c.row(strconv.Itoa(x.Number), x.Team, x.Channel, x.At, x.Author, value, strconv.FormatBool(x.OnTrack), x.Note)
		if err != nil {
			return err
		}
	}
	return nil
}
