package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// sample is a busy quarter: launches every week but one, decisions in
// most, the reviewed week under way.
func sample() Data {
	d := Data{Title: "Launches per week, W37–W48", Target: 3, WinRate: 0.4, Decided: 10, Partial: true}
	launches := []int{1, 3, 2, 0, 4, 5, 2, 3, 1, 6, 2, 4}
	decisions := []int{0, 1, 2, 0, 1, 3, 0, 2, 1, 2, 0, 3}
	keeps := []int{0, 1, 1, 0, 0, 2, 0, 1, 1, 0, 0, 2}
	for i := range launches {
		d.Weeks = append(d.Weeks, Week{Label: fmt.Sprintf("W%02d", 37+i),
			Launches: launches[i], Decisions: decisions[i], Keeps: keeps[i]})
	}
	return d
}

// quiet is sample with nothing launched or decided.
func quiet() Data {
	d := sample()
	d.WinRate, d.Decided, d.Partial = 0, 0, false
	for i := range d.Weeks {
		d.Weeks[i] = Week{Label: d.Weeks[i].Label}
	}
	return d
}

// busy is sample with launches in the dozens, across a new year.
func busy() Data {
	d := sample()
	for i := range d.Weeks {
		d.Weeks[i].Label = fmt.Sprintf("W%02d", (46+i)%52+1)
		d.Weeks[i].Launches = 4 * i
	}
	return d
}

// TestRender checks that every kind of quarter draws as a 1200×750 PNG
// of a sensible size.
func TestRender(t *testing.T) {
	for name, d := range map[string]Data{"sample": sample(), "quiet": quiet(), "busy": busy()} {
		t.Run(name, func(t *testing.T) {
			data, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if cfg.Width != 1200 || cfg.Height != 750 {
				t.Errorf("size %d×%d, want 1200×750", cfg.Width, cfg.Height)
			}
			if len(data) < 20<<10 || len(data) > 250<<10 {
				t.Errorf("%d bytes, want 20 to 250 KB", len(data))
			}
		})
	}
	if _, err := Render(Data{Title: "nothing"}); err == nil {
		t.Error("Render with no weeks succeeded, want an error")
	}
}

// TestRenderGolden compares the sample's PNG byte for byte with the
// golden one. The bytes are stable from run to run on linux/amd64, where
// the golden was made; other platforms may round differently, so there
// the data golden (bot's chart_data.golden) and TestRender stand alone.
func TestRenderGolden(t *testing.T) {
	if runtime.GOOS+"/"+runtime.GOARCH != "linux/amd64" {
		t.Skip("the golden PNG is linux/amd64's")
	}
	got, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "sample.png")
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (go test ./bot/chart -update writes it): %v", err)
	}
	if !bytes.Equal(got, want) {
		out := filepath.Join(t.TempDir(), "sample.png")
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("PNG differs from %s; look at %s (go test ./bot/chart -update accepts it)", path, out)
	}
}

// TestRenderJSON checks that a Data drawn from its JSON, as the sender
// draws a queued digest's chart, is the very PNG Render draws from it,
// and that data that does not decode is an error.
func TestRenderJSON(t *testing.T) {
	for name, d := range map[string]Data{"sample": sample(), "busy": busy()} {
		raw, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := RenderJSON(raw)
		want, _ := Render(d)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: RenderJSON = %d bytes, %v; want Render's %d", name, len(got), err, len(want))
		}
	}
	if _, err := RenderJSON([]byte("not json")); err == nil {
		t.Error("RenderJSON of not JSON succeeded, want an error")
	}
}

// TestIntegerTicks checks the launches axis: whole numbers, 1, 2 or 5
// times a power of ten apart, at most six steps.
func TestIntegerTicks(t *testing.T) {
	for _, tt := range []struct {
		hi   float64
		want []float64
	}{
		{1, []float64{0, 1}},
		{4, []float64{0, 1, 2, 3, 4}},
		{8, []float64{0, 2, 4, 6, 8}},
		{14, []float64{0, 5, 10}},
		{53, []float64{0, 10, 20, 30, 40, 50}},
		{120, []float64{0, 20, 40, 60, 80, 100, 120}},
		{130, []float64{0, 50, 100}},
	} {
		var got []float64
		for _, tick := range (integerTicks{}).Ticks(0, tt.hi) {
			got = append(got, tick.Value)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ticks of 0–%v = %v, want %v", tt.hi, got, tt.want)
		}
	}
}

// BenchmarkRender measures drawing the digest's chart: both panels, the
// key, and the PNG encoding, which is most of it. It reports the PNG's
// size.
//
//	go test -run '^$' -bench Render ./bot/chart
func BenchmarkRender(b *testing.B) {
	d := sample()
	var size int
	b.ReportAllocs()
	for b.Loop() {
		data, err := Render(d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "PNG-bytes")
}
