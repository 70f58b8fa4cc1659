package bot

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/chart"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
)

// chartReport is a digest of a channel reviewed on Thursday 26 November
// 2026 (week 48 under way) in Rome, with launches and decisions spread
// over the chart's twelve weeks and one launch just before them.
func chartReport(t *testing.T) digestReport {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var f experiments.Facts
	for _, s := range []string{"2026-09-06 23:59", "2026-09-07 00:00", "2026-10-01 10:00", "2026-10-02 10:00",
		"2026-11-16 09:00", "2026-11-23 09:00", "2026-11-26 09:00"} {
		f.Launches = append(f.Launches, experiments.LaunchFact{CreatedAt: at(s), LaunchedAt: at(s)})
	}
	for _, d := range []struct {
		verdict experiments.Decision
		at      string
	}{{experiments.DecisionKeep, "2026-09-10 12:00"}, {experiments.DecisionKill, "2026-10-20 12:00"},
		{experiments.DecisionIterate, "2026-10-21 12:00"}, {experiments.DecisionKeep, "2026-11-24 12:00"},
		{experiments.DecisionKeep, "2026-11-27 12:00"}} { // after the review: not counted
		f.Decisions = append(f.Decisions, experiments.DecisionFact{Decision: d.verdict, DecidedAt: at(d.at)})
	}
	w := experiments.ReviewedWeek(at("2026-11-26 10:00"), loc)
	return digestReport{Digest: experiments.Summarize(f, w), Team: "T1", Channel: "C1"}
}

// TestChartDataGolden pins what the digest's chart shows, from the
// digest's own metrics: the twelve ISO weeks ending with the reviewed one,
// each week's launches, decisions and keeps, the tempo target and the
// 90-day win rate. The pixels are bot/chart's business; this is the data.
func TestChartDataGolden(t *testing.T) {
	r := chartReport(t)
	d := chartData(r)
	got, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	alt := chartAltText(d)
	checkGolden(t, "chart_data.golden", string(got)+"\n\nalt text:\n"+alt+"\n")
	last := d.Weeks[len(d.Weeks)-1]
	if last.Launches != r.Shipped() || d.Target != r.Measures.TempoTarget || !d.Partial {
		t.Errorf("last week %+v, target %d, partial %v; want the digest's %d launches, its target %d, under way",
			last, d.Target, d.Partial, r.Shipped(), r.Measures.TempoTarget)
	}
}

// TestDigestPostsCarryTheChart checks that the digest's one post carries
// its chart as a thread file named by the reviewed week: the chart's data,
// not a PNG, which DrawnFile draws as chart.Render draws that data.
func TestDigestPostsCarryTheChart(t *testing.T) {
	a := NewApp(Stores{}, nil, time.UTC)
	r := chartReport(t)
	msgs := a.digestPosts(r)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want the digest alone", len(msgs))
	}
	p, err := outbox.Decode(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ThreadFiles) != 1 {
		t.Fatalf("thread files = %d, want the chart", len(p.ThreadFiles))
	}
	f := p.ThreadFiles[0]
	if f.Name != "launches-2026-W48.png" || f.Title != "Launches per week, W37–W48" ||
		len(f.Data) != 0 || !strings.Contains(f.AltText, "W48 2;") {
		t.Errorf("chart file = %s %q, alt %q, %d bytes; want the W48 chart, undrawn", f.Name, f.Title, f.AltText, len(f.Data))
	}
	var d chart.Data
	if err := json.Unmarshal(f.Chart, &d); err != nil || !reflect.DeepEqual(d, chartData(r)) {
		t.Errorf("chart data = %+v, %v; want the digest's chartData", d, err)
	}
	drawn, err := DrawnFile(f)
	want, _ := chart.Render(chartData(r))
	if err != nil || !bytes.Equal(drawn.Data, want) || !strings.HasPrefix(string(want), "\x89PNG\r\n\x1a\n") {
		t.Errorf("DrawnFile = %d bytes, %v; want chart.Render's %d-byte PNG", len(drawn.Data), err, len(want))
	}
	if _, err := DrawnFile(outbox.File{Name: "x.png", Chart: []byte(`{"Title":"none"}`)}); err == nil {
		t.Error("a chart with no weeks drew")
	}
}
