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

// chartsOf returns the files a message shares in its thread: a digest's
// chart. A payload that does not decode has none.
func chartsOf(m experiments.OutboxMessage) []outbox.File {
	p, err := outbox.Decode(m)
	if err != nil {
		return nil
	}
	return p.ThreadFiles
}

// writeChart writes f's bytes to path and says so on w.
func writeChart(w io.Writer, path string, f outbox.File) error {
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		return fmt.Errorf("write chart: %w", err)
	}
	_, err := fmt.Fprintf(w, "Chart written to %s (%s).\n", path, chartSize(f))
	return err
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
// thread, since a terminal cannot show them: into a directory of the
// session's own under the system's temporary directory, printing each path.
func (c *console) saveCharts(m experiments.OutboxMessage) error {
	for _, f := range chartsOf(m) {
		if c.chartDir == "" {
			dir, err := os.MkdirTemp("", "aimlater-charts-")
			if err != nil {
				return fmt.Errorf("chart directory: %w", err)
			}
			c.chartDir = dir
		}
		if err := writeChart(c.out, filepath.Join(c.chartDir, f.Name), f); err != nil {
			return err
		}
	}
	return nil
}
