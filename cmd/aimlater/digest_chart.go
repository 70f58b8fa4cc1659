package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
)

// chartsOf returns the files a message shares in its thread (a digest's
// chart) and the channel it goes to. A payload that does not decode has
// none.
func chartsOf(m experiments.OutboxMessage) (string, []outbox.File) {
	p, err := outbox.Decode(m)
	if err != nil {
		return "", nil
	}
	return p.Channel, p.ThreadFiles
}

// writeChart writes f's bytes to path, its chart drawn now if it is one,
// and says so on w.
func writeChart(w io.Writer, path string, f outbox.File) error {
	f, err := saveFile(path, f)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Chart written to %s (%s).\n", path, chartSize(f))
	return err
}

// saveFile writes f to path, drawing its chart first (see bot.DrawnFile),
// and returns it drawn.
func saveFile(path string, f outbox.File) (outbox.File, error) {
	f, err := bot.DrawnFile(f)
	if err != nil {
		return f, fmt.Errorf("draw chart: %w", err)
	}
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		return f, fmt.Errorf("write chart: %w", err)
	}
	return f, nil
}

// chartSize is a file's size for people: "61 KB".
func chartSize(f outbox.File) string { return fmt.Sprintf("%d KB", (len(f.Data)+512)/1024) }

// saveDigestChart writes the chart of the digest `aimlater digest` prints
// to path, drawn from the same reviewed week.
func saveDigestChart(ctx context.Context, env *environment, app *bot.App, ch experiments.ChannelSettings, at time.Time, path string) error {
	f, ok, err := app.DigestChart(ctx, ch.Team, ch.Channel, at)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if !ok {
		return fmt.Errorf("digest: no experiments in channel %s: nothing to chart", ch.Channel)
	}
	return writeChart(env.stdout, path, f)
}

// saveCharts writes the charts a message the console shows shares in its
// thread, which a terminal cannot show, and prints each path: into
// "charts" beside the console's database, named by channel and week, so
// that the same week's chart is rewritten rather than piled up, and the
// path is the same from run to run.
func (c *console) saveCharts(m experiments.OutboxMessage) error {
	channel, files := chartsOf(m)
	if len(files) == 0 {
		return nil
	}
	dir, err := c.chartsDir()
	if err != nil {
		return err
	}
	for _, f := range files {
		f, err := bot.DrawnFile(f)
		if err != nil { // the chart alone is lost, as in Slack
			fmt.Fprintf(c.out, "→ chart %s not drawn: %v\n", f.Name, err)
			continue
		}
		path := filepath.Join(dir, channel+"-"+f.Name)
		if _, err := saveFile(path, f); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "→ chart written to %s\n", path)
	}
	return nil
}

// chartsDir returns, made if need be, the directory of the console's
// charts: "charts" beside its database, or a temporary one for a console
// that names no database file.
func (c *console) chartsDir() (string, error) {
	if c.chartDir != "" {
		return c.chartDir, nil
	}
	var err error
	if c.dbPath == "" {
		c.chartDir, err = os.MkdirTemp("", "aimlater-charts-")
	} else {
		c.chartDir = filepath.Join(filepath.Dir(c.dbPath), "charts")
		err = os.MkdirAll(c.chartDir, 0o755)
	}
	if err != nil {
		return "", fmt.Errorf("chart directory: %w", err)
	}
	return c.chartDir, nil
}
