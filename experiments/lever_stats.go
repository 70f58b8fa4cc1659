package experiments

import (
	"slices"
	"time"
)

// MinIgnitionDecisions is how many decisions on a lever, in the
// WinRateWindow, make its win rate worth naming as the ignition point: one
// lucky keep of one is no pattern, and a team deciding a few experiments a
// month reaches three on its busiest lever within the window.
const MinIgnitionDecisions = 3

// LeverStat is what a channel tried on one lever in the WinRateWindow.
type LeverStat struct {
	Lever    string
	Launches int     // launched in the window
	Decided  int     // decided in the window, as WinRate counts them
	WinRate  float64 // WinRate of those decisions
}

// LeverReport is the digest's and stats' breakdown by lever over the
// WinRateWindow.
type LeverReport struct {
	// Levers holds each lever with a launch or decision in the window:
	// the channel's levers in its order, then any other (a lever since
	// dropped from the list) by name. Experiments with no lever are left
	// out.
	Levers []LeverStat
	// Ignition is the lever with the best win rate among those with at
	// least MinIgnitionDecisions decisions and a keep (ties: more
	// decisions, then the earlier one); "" when none qualifies.
	Ignition LeverStat
	// BlindSpot is the first of the channel's levers with nothing launched
	// or decided on it in the window; "" when every lever was tried, and
	// when nothing was tried on any (there is no data to speak from).
	BlindSpot string
}

// HasData reports whether anything was tried on a lever in the window.
func (r LeverReport) HasData() bool { return len(r.Levers) > 0 }

// HasIgnition reports whether a lever qualifies as the ignition point.
func (r LeverReport) HasIgnition() bool { return r.Ignition.Lever != "" }

// LeverStats breaks the launches and decisions in the window
// (now-WinRateWindow, now] down by lever; levers is the channel's list
// (ChannelSettings.LeverList). The win rate of each lever is WinRate's,
// over that lever's decisions.
func LeverStats(launches []LaunchFact, decisions []DecisionFact, levers []string, now time.Time) LeverReport {
	launched, decided := map[string]int{}, map[string]winTally{}
	for _, l := range launches {
		if l.Lever != "" && inWindow(l.LaunchedAt, now) {
			launched[l.Lever]++
		}
	}
	for _, d := range decisions {
		if t := decided[d.Lever]; d.Lever != "" {
			t.add(d, now)
			decided[d.Lever] = t
		}
	}
	var r LeverReport
	for _, name := range leverOrder(levers, launched, decided) {
		st := LeverStat{Lever: name, Launches: launched[name]}
		st.WinRate, st.Decided = decided[name].rate()
		r.Levers = append(r.Levers, st)
	}
	r.Ignition = ignition(r.Levers)
	if r.HasData() {
		r.BlindSpot = blindSpot(levers, launched, decided)
	}
	return r
}

// leverOrder is the levers with data: the channel's in its order, then
// the others by name.
func leverOrder(levers []string, launched map[string]int, decided map[string]winTally) []string {
	tried := func(n string) bool { return launched[n] > 0 || decided[n].decided > 0 }
	var order, others []string
	for _, n := range levers {
		if tried(n) {
			order = append(order, n)
		}
	}
	for n := range launched {
		if !slices.Contains(levers, n) {
			others = append(others, n)
		}
	}
	for n, t := range decided {
		if t.decided > 0 && !slices.Contains(levers, n) && launched[n] == 0 {
			others = append(others, n)
		}
	}
	slices.Sort(others)
	return append(order, others...)
}

// ignition picks the ignition point of stats, see LeverReport.Ignition.
func ignition(stats []LeverStat) LeverStat {
	var best LeverStat
	for _, s := range stats {
		if s.Decided < MinIgnitionDecisions || s.WinRate == 0 {
			continue
		}
		if best.Lever == "" || s.WinRate > best.WinRate || (s.WinRate == best.WinRate && s.Decided > best.Decided) {
			best = s
		}
	}
	return best
}

// blindSpot is the first lever of levers with nothing tried on it.
func blindSpot(levers []string, launched map[string]int, decided map[string]winTally) string {
	for _, n := range levers {
		if launched[n] == 0 && decided[n].decided == 0 {
			return n
		}
	}
	return ""
}
