package bot

import (
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// maxLeverLines bounds the levers the section lists: a channel has at most
// experiments.MaxLevers, and a few it dropped may still have data.
const maxLeverLines = experiments.MaxLevers + 3

// leverBlocks is the digest's and stats' breakdown by lever over 90 days
// (experiments.LeverStats): each lever tried with its launches and win
// rate, the ignition point and a blind spot. Nothing when no experiment
// with a lever was launched or decided in the window.
func leverBlocks(r digestReport) []slack.Block {
	l := r.Levers
	if !l.HasData() {
		return nil
	}
	lines := []string{":dart: *Levers, 90 days*"}
	for i, s := range l.Levers {
		if i == maxLeverLines {
			lines = append(lines, fmt.Sprintf("… and %s more", experiments.CountOf(len(l.Levers)-i, "lever")))
			break
		}
		lines = append(lines, fmt.Sprintf("• *%s* — %s · %s", blockkit.Escape(s.Lever), experiments.CountOf(s.Launches, "launch"), leverWinRate(s)))
	}
	if l.HasIgnition() {
		lines = append(lines, fmt.Sprintf(":fire: Your ignition point: *%s*, %s.", blockkit.Escape(l.Ignition.Lever), winRate(l.Ignition.WinRate, l.Ignition.Decided)+" kept"))
	}
	if l.BlindSpot != "" {
		lines = append(lines, fmt.Sprintf(":mag: Blind spot: nothing tried on *%s* in 90 days — `%s idea … lever:%s`",
			blockkit.Escape(l.BlindSpot), r.Command, blockkit.Escape(l.BlindSpot)))
	}
	return []slack.Block{blockkit.Section(strings.Join(lines, "\n"))}
}

// leverWinRate is a lever's win rate as the digest's numbers say one.
func leverWinRate(s experiments.LeverStat) string {
	if s.Decided == 0 {
		return "no decisions yet"
	}
	return "win rate " + winRate(s.WinRate, s.Decided)
}
