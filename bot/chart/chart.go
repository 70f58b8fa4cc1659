// Package chart draws the weekly digest's chart: launches per ISO week as
// bars against the tempo target, and the win rate of each week's decisions
// in a panel below. It knows nothing of Slack or the domain: the bot fills
// a Data from the digest's own metrics, and Render turns it into a PNG with
// gonum.org/v1/plot, whose fonts (Liberation, from go-fonts) are embedded,
// so the picture does not depend on the host's fonts.
package chart

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Data is everything the chart shows, all of one digest's reviewed week.
type Data struct {
	Title string // "#growth · launches per week, W37–W48"
	// Weeks are the ISO weeks shown, oldest first, the reviewed week last.
	Weeks []Week
	// Target is the channel's tempo target, in launches a week.
	Target int
	// WinRate is the digest's win rate over its 90 days, of Decided
	// decisions; with none, the panel shows no line for it.
	WinRate float64
	Decided int
	// Partial is true when the reviewed week is still under way: its bar
	// counts the week so far.
	Partial bool
}

// Week is one ISO week of the chart.
type Week struct {
	Label     string // the tick label, "W48"
	Launches  int
	Decisions int // keep, kill or iterate
	Keeps     int
}

// Size of the picture: 8 by 5 inches at 150 dots an inch, 1200 × 750
// pixels, sharp on a high-density screen and readable as Slack's preview.
const (
	width  = 8 * vg.Inch
	height = 5 * vg.Inch
	dpi    = 150
)

// Render draws d as a PNG.
func Render(d Data) ([]byte, error) {
	if len(d.Weeks) == 0 {
		return nil, errors.New("chart: no weeks to draw")
	}
	top, topKey, err := launchesPlot(d)
	if err != nil {
		return nil, fmt.Errorf("chart: launches: %w", err)
	}
	bottom, bottomKey, err := winRatePlot(d)
	if err != nil {
		return nil, fmt.Errorf("chart: win rate: %w", err)
	}
	img := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	c := draw.New(img)
	c = titled(c, d.Title)
	c = drawKey(c, append(topKey, bottomKey...))
	drawStacked(c, top, bottom)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// RenderJSON draws the chart of a Data in JSON, as the digest queues it
// in the outbox: the sender calls it just before the upload, so that the
// tick that queues the digest does not pay for the drawing, and the row
// holds a few hundred bytes of numbers rather than the PNG.
func RenderJSON(data []byte) ([]byte, error) {
	var d Data
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("chart: decode data: %w", err)
	}
	return Render(d)
}

// titled draws the chart's title at the top of c and returns what is left
// below it, with a margin all round.
func titled(c draw.Canvas, title string) draw.Canvas {
	c = draw.Crop(c, margin, -margin, margin, -margin)
	style := textStyle(titleSize, true)
	style.XAlign, style.YAlign = draw.XLeft, draw.YTop
	c.FillText(style, vg.Point{X: c.Min.X, Y: c.Max.Y}, title)
	return draw.Crop(c, 0, 0, 0, -(style.Height(title) + titleGap))
}

// keyEntry is one item of the chart's key: what a mark means, drawn by
// the plotters that make it.
type keyEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// Key layout, in points.
const (
	thumbWidth = 22
	thumbGap   = 5
	entryGap   = 18
	keyGap     = 8
)

// drawKey draws the key at the top of c, on as many lines as it needs,
// and returns what is left below it.
func drawKey(c draw.Canvas, key []keyEntry) draw.Canvas {
	style := textStyle(keySize, false)
	style.XAlign, style.YAlign = draw.XLeft, draw.YCenter
	h := style.Height("Wg")
	mid, x := c.Max.Y-h/2, c.Min.X
	for _, e := range key {
		w := thumbWidth + thumbGap + style.Width(e.label)
		if x > c.Min.X && x+w > c.Max.X {
			mid, x = mid-h*1.4, c.Min.X
		}
		thumb := c
		thumb.Min = vg.Point{X: x, Y: mid - h/3}
		thumb.Max = vg.Point{X: x + thumbWidth, Y: mid + h/3}
		for _, t := range e.thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(style, vg.Point{X: x + thumbWidth + thumbGap, Y: mid}, e.label)
		x += w + entryGap
	}
	c.Max.Y = mid - h/2 - keyGap
	return c
}

// drawStacked draws top over bottom in c, top taking topShare of the
// height, with their data areas lined up: the same left and right edges,
// so that a week's bar stands over its win rate.
func drawStacked(c draw.Canvas, top, bottom *plot.Plot) {
	split := c.Min.Y + (c.Max.Y-c.Min.Y)*(1-topShare)
	tc := c
	tc.Min.Y = split + panelGap
	bc := c
	bc.Max.Y = split
	left := max(dataLeft(top, tc), dataLeft(bottom, bc))
	right := max(dataRight(top, tc), dataRight(bottom, bc))
	top.Draw(draw.Crop(tc, left-dataLeft(top, tc), -(right - dataRight(top, tc)), 0, 0))
	bottom.Draw(draw.Crop(bc, left-dataLeft(bottom, bc), -(right - dataRight(bottom, bc)), 0, 0))
}

// dataLeft is how far p's data area starts from c's left edge.
func dataLeft(p *plot.Plot, c draw.Canvas) vg.Length { return p.DataCanvas(c).Min.X - c.Min.X }

// dataRight is how far p's data area ends from c's right edge.
func dataRight(p *plot.Plot, c draw.Canvas) vg.Length { return c.Max.X - p.DataCanvas(c).Max.X }
