package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// winRatePlot is the lower panel: the share of each week's decisions that
// were keeps, a point for every week with a decision, joined by a line,
// and the digest's 90-day win rate as a dashed grey line. Weeks without a
// decision have no point: a rate of nothing is not 0%.
func winRatePlot(d Data) (*plot.Plot, []keyEntry, error) {
	p := newPanel(d, "win rate")
	p.Y.Min, p.Y.Max = 0, 1.18 // room above 100% for its label
	p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 0.5, Label: "50%"}, {Value: 1, Label: "100%"}}
	var key []keyEntry
	xys, labels := weekRates(d.Weeks)
	if len(xys) == 0 {
		p.Add(note(float64(len(d.Weeks)-1)/2, 0.5, "no decisions in these weeks", greyColour, draw.XCenter, draw.YCenter))
	} else {
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, nil, err
		}
		line.Color, line.Width = winColour, vg.Points(2)
		points.Color, points.Shape = winColour, draw.CircleGlyph{}
		points.Radius = vg.Points(3.5)
		p.Add(line, points)
		if err := addRateLabels(p, xys, labels); err != nil {
			return nil, nil, err
		}
		key = append(key, keyEntry{"win rate: keeps/decisions that week", []plot.Thumbnailer{line, points}})
	}
	if d.Decided > 0 {
		label := fmt.Sprintf("90 days: %d%% of %d", int(math.Floor(d.WinRate*100+1e-9)), d.Decided)
		key = append(key, keyEntry{label, []plot.Thumbnailer{addLevel(p, d.WinRate, greyColour, 1.5, 4)}})
	}
	return p, key, nil
}

// weekRates are the points of the weeks with a decision: x the week's
// position, y its keeps over its decisions, with "2/3" labels.
func weekRates(weeks []Week) (plotter.XYs, []string) {
	var xys plotter.XYs
	var labels []string
	for i, w := range weeks {
		if w.Decisions == 0 {
			continue
		}
		xys = append(xys, plotter.XY{X: float64(i), Y: float64(w.Keeps) / float64(w.Decisions)})
		labels = append(labels, fmt.Sprintf("%d/%d", w.Keeps, w.Decisions))
	}
	return xys, labels
}

// addRateLabels writes "keeps/decisions" beside each point.
func addRateLabels(p *plot.Plot, xys plotter.XYs, labels []string) error {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		l.TextStyle[i] = textStyle(noteSize, false)
		l.TextStyle[i].Color = winColour
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
	}
	l.Offset = vg.Point{Y: 6}
	p.Add(l)
	return nil
}
