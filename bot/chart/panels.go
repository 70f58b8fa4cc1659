package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layout, in points, and type sizes.
const (
	margin    = 12
	titleGap  = 10
	panelGap  = 10
	topShare  = 0.64 // of the height below the title, for the launches
	titleSize = 15
	labelSize = 11
	keySize   = 10
	tickSize  = 10
	noteSize  = 9
	barShare  = 0.62 // of a week's width, for its bar
)

// Colours: muted bars, the reviewed week darker, the target in orange,
// the win rate in green and its 90 days in grey.
var (
	barColour    = color.RGBA{R: 0x9d, G: 0xb4, B: 0xd6, A: 0xff}
	latestColour = color.RGBA{R: 0x2f, G: 0x5c, B: 0x9e, A: 0xff}
	targetColour = color.RGBA{R: 0xe0, G: 0x6c, B: 0x1f, A: 0xff}
	winColour    = color.RGBA{R: 0x2e, G: 0x8b, B: 0x57, A: 0xff}
	greyColour   = color.RGBA{R: 0x70, G: 0x70, B: 0x70, A: 0xff}
	gridColour   = color.RGBA{R: 0xe4, G: 0xe4, B: 0xe4, A: 0xff}
	inkColour    = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
)

// launchesPlot is the upper panel: a bar a week, the reviewed week's
// darker, each with its count, and the tempo target as a dashed line.
func launchesPlot(d Data) (*plot.Plot, []keyEntry, error) {
	p := newPanel(d, "launches")
	top := float64(d.Target)
	values := make(plotter.Values, len(d.Weeks))
	for i, w := range d.Weeks {
		values[i] = float64(w.Launches)
		top = max(top, values[i])
	}
	p.Y.Min, p.Y.Max = 0, math.Max(1, math.Ceil(top*1.2+0.4))
	p.Y.Tick.Marker = integerTicks{}
	p.X.Tick.Label.Color = color.Transparent // the weeks are named under the win rate
	bars, err := addBars(p, values)
	if err != nil {
		return nil, nil, err
	}
	key := []keyEntry{{launchesKey(d), []plot.Thumbnailer{bars}}}
	if d.Target > 0 {
		target := addLevel(p, float64(d.Target), targetColour, 2, 6)
		key = append(key, keyEntry{fmt.Sprintf("target: %d a week", d.Target), []plot.Thumbnailer{target}})
	}
	// The counts go on last, over the target line where they meet it.
	return p, key, addCounts(p, values)
}

// launchesKey names the bars, saying when the last week is not over.
func launchesKey(d Data) string {
	if d.Partial {
		return "launches (" + d.Weeks[len(d.Weeks)-1].Label + " so far)"
	}
	return "launches"
}

// newPanel is a plot with the chart's axes: the weeks along X, a grid
// of horizontal lines and a Y axis labelled yLabel.
func newPanel(d Data, yLabel string) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.Transparent
	p.X.Min, p.X.Max = -0.5, float64(len(d.Weeks))-0.5
	names := make([]string, len(d.Weeks))
	for i, w := range d.Weeks {
		names[i] = w.Label
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(d.Weeks))-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Label = textStyle(tickSize, false)
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label = textStyle(tickSize, false)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Label.Text = yLabel
	p.Y.Label.TextStyle.Font = chartFont(labelSize, false)
	p.Y.Label.TextStyle.Color = inkColour
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.LineStyle.Color, a.Tick.LineStyle.Color = greyColour, greyColour
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = gridColour
	p.Add(grid)
	return p
}

// addBars draws values as bars, the last one darker, and returns the
// bars of the reviewed week's colour for the key.
func addBars(p *plot.Plot, values plotter.Values) (*plotter.BarChart, error) {
	w := barWidth(len(values))
	bars, err := plotter.NewBarChart(values, w)
	if err != nil {
		return nil, err
	}
	bars.Color, bars.LineStyle.Width = barColour, 0
	last := make(plotter.Values, len(values))
	last[len(values)-1] = values[len(values)-1]
	latest, err := plotter.NewBarChart(last, w)
	if err != nil {
		return nil, err
	}
	latest.Color, latest.LineStyle.Width = latestColour, 0
	p.Add(bars, latest)
	return latest, nil
}

// barWidth is a bar's width for n weeks across the data area.
func barWidth(n int) vg.Length {
	area := width - 2*margin - 60 // less the Y axis, roughly
	return area / vg.Length(n) * barShare
}

// addCounts writes each week's count just above its bar.
func addCounts(p *plot.Plot, values plotter.Values) error {
	xys := make(plotter.XYs, len(values))
	labels := make([]string, len(values))
	for i, v := range values {
		xys[i] = plotter.XY{X: float64(i), Y: v}
		labels[i] = strconv.Itoa(int(v))
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = textStyle(tickSize, i == len(values)-1)
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
	}
	l.Offset = vg.Point{Y: 2}
	p.Add(l)
	return nil
}

// addLevel draws a dashed horizontal line at y across the panel, of
// the given colour, width and dash, in points.
func addLevel(p *plot.Plot, y float64, c color.Color, w, dash float64) *plotter.Function {
	line := plotter.NewFunction(func(float64) float64 { return y })
	line.Color, line.Width, line.Dashes = c, vg.Points(w), []vg.Length{vg.Points(dash), vg.Points(dash * 2 / 3)}
	p.Add(line)
	return line
}

// note is one label at (x, y) in colour, aligned on that point as said.
func note(x, y float64, s string, c color.Color, xa text.XAlignment, ya text.YAlignment) plot.Plotter {
	l, _ := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{s}}) // one finite point cannot fail
	l.TextStyle[0] = textStyle(noteSize, false)
	l.TextStyle[0].Color, l.TextStyle[0].XAlign, l.TextStyle[0].YAlign = c, xa, ya
	return l
}

// textStyle is the chart's type at size points, bold or regular.
func textStyle(size vg.Length, bold bool) text.Style {
	return text.Style{Color: inkColour, Font: chartFont(size, bold), Handler: plot.DefaultTextHandler}
}

// chartFont is Liberation Sans, embedded with gonum/plot, at size points.
func chartFont(size vg.Length, bold bool) font.Font {
	f := font.From(font.Font{Typeface: "Liberation", Variant: "Sans"}, size)
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// integerTicks marks whole numbers only, at most six of them, a step of
// 1, 2 or 5 times a power of ten apart: counts of launches have no halves.
type integerTicks struct{}

// Ticks implements plot.Ticker.
func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	step, steps := 1.0, []float64{2, 2.5, 2} // 1, 2, 5, 10, 20, 50, …
	for i := 0; (hi-lo)/step > 6; i++ {
		step *= steps[i%3]
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ticks
}
