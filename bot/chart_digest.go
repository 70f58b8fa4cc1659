package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/chart"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
)

// digestPosts is the digest as digestMessages queues it, followed in its
// thread by its chart: the chart's data, which the sender draws just
// before the upload (drawing here cost a tick several times the rest of
// the digest, and stored the PNG twice). A chart whose data cannot be
// encoded is logged and left out: the digest goes without it.
func (a *App) digestPosts(r digestReport) []experiments.OutboxMessage {
	f, err := chartFile(r.Week, chartData(r))
	if err != nil {
		a.log.Error("digest chart left out", "team", r.Team, "channel", r.Channel, "week", r.Week, "err", err)
		return digestMessages(r)
	}
	return digestMessages(r, f)
}

// chartData is what the digest's chart shows, every number from the
// digest's own metrics of its one reviewed week: the launches, decisions
// and keeps of its ChartWeeks weeks, the channel's tempo target and the
// 90-day win rate.
func chartData(r digestReport) chart.Data {
	d := chart.Data{
		Title:   chartTitle(r),
		Target:  r.Settings.TempoTarget,
		WinRate: r.WinRate, Decided: r.Decided,
		Partial: r.Reviewed.Partial(),
	}
	for _, w := range r.Weeks {
		d.Weeks = append(d.Weeks, chart.Week{Label: fmt.Sprintf("W%02d", w.Week),
			Launches: w.Launches, Decisions: w.Decisions, Keeps: w.Keeps})
	}
	return d
}

// chartTitle is "Launches per week, W37–W48". The bot knows channels by
// ID only (their names need a scope it does not ask for), and the chart
// is shared in the channel's own thread, so it names no channel.
func chartTitle(r digestReport) string {
	if len(r.Weeks) == 0 {
		return "Launches per week"
	}
	return fmt.Sprintf("Launches per week, W%02d–W%02d", r.Weeks[0].Week, r.Weeks[len(r.Weeks)-1].Week)
}

// chartFile is the chart as the digest's thread file: named after the
// reviewed week (the one file of that name in the digest's thread, which
// is how the sender finds it after a crash), with the numbers in words
// for screen readers, and d to draw when it is sent.
func chartFile(week string, d chart.Data) (outbox.File, error) {
	data, err := json.Marshal(d)
	if err != nil {
		return outbox.File{}, fmt.Errorf("digest chart: %w", err)
	}
	return outbox.File{Name: "launches-" + week + ".png", Title: d.Title, AltText: chartAltText(d), Chart: data}, nil
}

// DrawnFile returns f with its bytes: its chart drawn (chart.RenderJSON),
// for the console and `aimlater digest --chart`, which show the chart
// where the sender would upload it. A file with bytes comes back as it is.
func DrawnFile(f outbox.File) (outbox.File, error) {
	if len(f.Data) > 0 || len(f.Chart) == 0 {
		return f, nil
	}
	png, err := chart.RenderJSON(f.Chart)
	if err != nil {
		return f, err
	}
	f.Data = png
	return f, nil
}

// chartAltText says what the chart shows, week by week.
func chartAltText(d chart.Data) string {
	launches := make([]string, len(d.Weeks))
	var rates []string
	for i, w := range d.Weeks {
		launches[i] = fmt.Sprintf("%s %d", w.Label, w.Launches)
		if w.Decisions > 0 {
			rates = append(rates, fmt.Sprintf("%s %d of %d", w.Label, w.Keeps, w.Decisions))
		}
	}
	s := fmt.Sprintf("%s. Launches: %s; target %d a week.", d.Title, strings.Join(launches, ", "), d.Target)
	if len(rates) > 0 {
		s += " Decisions kept: " + strings.Join(rates, ", ") + "."
	}
	if d.Decided > 0 {
		s += " " + winRate(d.WinRate, d.Decided) + " over 90 days."
	}
	return s
}

// plainFile says what a file is for a terminal: "launches-2026-W48.png ·
// Launches per week, W37–W48". Not its size: pixels, and so bytes, may
// differ from platform to platform.
func plainFile(f outbox.File) string { return f.Name + " · " + f.Title }

// DigestChart returns the chart of a channel's digest as of at, in the
// channel's zone, as it would follow the digest, drawn; ok is false for a
// channel with no experiments.
func (a *App) DigestChart(ctx context.Context, team, channel string, at time.Time) (f outbox.File, ok bool, err error) {
	r, ok, err := a.loadDigest(ctx, team, channel, at, nil)
	if err != nil || !ok {
		return f, ok, err
	}
	if f, err = chartFile(r.Week, chartData(r)); err == nil {
		f, err = DrawnFile(f)
	}
	if err != nil {
		return f, false, fmt.Errorf("digest chart: %w", err)
	}
	return f, true, nil
}
