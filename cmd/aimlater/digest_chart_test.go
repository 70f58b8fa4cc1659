package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// chartWidth and chartHeight are the chart's size in pixels; minChart and
// maxChart bound its PNG's size in bytes: far from either is a broken
// picture (an empty one, or one that lost its compression).
const (
	chartWidth, chartHeight = 1200, 750
	minChart, maxChart      = 20 << 10, 250 << 10
)

// checkChartPNG fails t unless data is the chart's PNG: its size in
// pixels, its bytes within range.
func checkChartPNG(t *testing.T, data []byte) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	if cfg.Width != chartWidth || cfg.Height != chartHeight {
		t.Errorf("chart is %d×%d, want %d×%d", cfg.Width, cfg.Height, chartWidth, chartHeight)
	}
	if len(data) < minChart || len(data) > maxChart {
		t.Errorf("chart is %d bytes, want %d to %d", len(data), minChart, maxChart)
	}
}

// TestDigestChartFlag checks that `aimlater digest --chart FILE` prints
// the digest and writes its chart.
func TestDigestChartFlag(t *testing.T) {
	path := newDigestFixture(t)
	out := filepath.Join(t.TempDir(), "chart.png")
	code, stdout, stderr := runDigest(t, digestEnv(path), "--channel", "C1", "--week", digestWeek, "--chart", out)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	mustContain(t, stdout, "Week 2026-W48 digest", "Chart written to "+out+" (")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkChartPNG(t, data)
	if dir := os.Getenv("AIMLATER_CHART_OUT"); dir != "" { // to look at it
		_ = os.WriteFile(filepath.Join(dir, "digest-chart.png"), data, 0o644)
	}
}

// TestConsoleDigestWritesChart checks that the console's digest, whose
// chart a terminal cannot show, leaves it in "charts" beside the database
// and says where.
func TestConsoleDigestWritesChart(t *testing.T) {
	pinConsoleClock(t)
	env := consoleEnv(t)
	code, out, stderr := runConsole(t, env, "new Try LinkedIn ads\ndigest\n")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	path := filepath.Join(filepath.Dir(env["AIMLATER_DB"]), "charts", "C1-launches-2026-W48.png")
	mustContain(t, out, "→ file in its thread:", "launches-2026-W48.png · Launches per week, W37–W48", "→ chart written to "+path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkChartPNG(t, data)
}
