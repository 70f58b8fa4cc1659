package bot

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Action IDs of the check-in DM's buttons. Each button's value is the
// experiment's number; the workspace comes with the click.
const (
	actionCheckInLog     = "checkin_log"
	actionCheckInKeep    = "checkin_keep"
	actionCheckInKill    = "checkin_kill"
	actionCheckInIterate = "checkin_iterate"
)

// checkInBlockPrefix starts the block ID of each experiment's section in a
// check-in DM, followed by its number: a click reads from the message which
// experiments it lists, so the DM can be drawn again after an action.
const checkInBlockPrefix = "checkin:"

// dmItemBlocks is how many blocks a DM gives its experiments: with an
// intro and a "… and N more" line they stay within Slack's 50 blocks. A
// running experiment takes two (its text, its buttons), a decided one one.
const dmItemBlocks = blockkit.MaxMessageBlocks - 2

// maxDMExperiments is how many experiments one DM can list at most: as
// many as its blocks, all decided.
const maxDMExperiments = dmItemBlocks

// dmItem is one experiment in a check-in DM, with what was just recorded
// on it (escaped mrkdwn; "" when nothing) and why it is ready for its
// decision (experiments.DecideCue; "" when it is not).
type dmItem struct {
	e        experiments.Experiment
	recorded string
	cue      string
}

// blocks is how many blocks the item takes.
func (it dmItem) blocks() int {
	if it.e.Status == experiments.StatusRunning {
		return 2
	}
	return 1
}

// dmView is everything a check-in DM is drawn from.
type dmView struct {
	team, channel string // the experiments' channel
	items         []dmItem
	now           time.Time
	loc           *time.Location // the owner's zone, else the channel's
	command       string         // the slash command, for the hints
	// intro and text, when set, replace the check-in's opening line
	// (escaped mrkdwn) and fallback text: the "decide now?" prompt.
	intro, text string
}

// checkInDM is the check-in DM to owner, for the sender to deliver after
// conversations.open. Its payload is encoded straight from the drawing
// (see appendPayload); buf is scratch space the caller may reuse.
func checkInDM(owner string, v dmView, buf []byte) (experiments.OutboxMessage, []byte) {
	buf = appendPayload(buf[:0], payloadHead{user: owner}, v.draw())
	// The outbox row says which channel the round was for.
	m := experiments.OutboxMessage{Team: v.team, Channel: v.channel, Kind: kindDM, Payload: bytes.Clone(buf)}
	return m, buf
}

// dmUpdate redraws the check-in DM at ts in the DM channel dm.
func dmUpdate(dm, ts string, v dmView) experiments.OutboxMessage {
	payload := appendPayload(nil, payloadHead{channel: dm, ts: ts}, v.draw())
	return experiments.OutboxMessage{Team: v.team, Channel: dm, Kind: kindUpdate, Payload: payload}
}

// draw draws the DM: an intro, then each experiment with its buttons.
func (v dmView) draw() dmDoc {
	blocks := make([]dmBlock, 0, 2+min(2*len(v.items), dmItemBlocks))
	blocks = append(blocks, dmBlock{kind: dmSection, text: blockkit.FitMrkdwn(v.introText(), blockkit.MaxSectionText)})
	used := 0
	for i, it := range v.items {
		if used+it.blocks() > dmItemBlocks {
			blocks = append(blocks, dmBlock{kind: dmContext, text: blockkit.FitMrkdwn(v.moreLine(v.items[i:]), blockkit.MaxContextText)})
			break
		}
		used += it.blocks()
		blocks = v.itemBlocks(blocks, it)
	}
	text := v.text
	if text == "" {
		text = "Check-in: " + experiments.CountOf(len(v.items), "experiment") + " in <#" + v.channel + ">"
	}
	if len(text) > blockkit.MaxPlainText { // bytes ≥ runes: shorter cannot need a cut
		text = blockkit.Truncate(text, blockkit.MaxPlainText)
	}
	return dmDoc{text: text, blocks: blocks}
}

// introText is the DM's opening line: the prompt's, else the check-in's,
// which asks only for learnings when nothing listed runs.
func (v dmView) introText() string {
	switch {
	case v.intro != "":
		return v.intro
	case len(v.items) > 0 && v.items[0].e.Status != experiments.StatusRunning:
		return ":bulb: Your decided experiments in <#" + v.channel + "> are waiting for their learning: what did they teach?"
	}
	return ":dart: Check-in time for your experiments in <#" + v.channel + ">. What do the numbers say? " +
		"Log a result, or decide: keep, kill or iterate."
}

// moreLine says how many experiments did not fit, and where to see them.
func (v dmView) moreLine(rest []dmItem) string {
	for _, it := range rest {
		if it.e.Status != experiments.StatusRunning {
			return fmt.Sprintf("… and %d more: `%s list mine` in <#%s>.", len(rest), v.command, v.channel)
		}
	}
	return fmt.Sprintf("… and %d more running: `%s list running` in <#%s>.", len(rest), v.command, v.channel)
}

// itemBlocks appends one experiment: what it aims for and how it stands,
// then its buttons while it runs (the decide buttons first when it is
// ready for its decision); a decided one waiting for its learning gets the
// button to write it. Its text is written into one builder: a round draws
// 10,000 of them.
func (v dmView) itemBlocks(blocks []dmBlock, it dmItem) []dmBlock {
	e := it.e
	var b strings.Builder
	b.Grow(len(e.Title) + 128) // a line of title, one of aim and deadline, one of check-in
	b.WriteByte('*')
	b.WriteString(e.Ref())
	b.WriteString("* ")
	b.WriteString(blockkit.Escape(e.Title))
	b.WriteByte('\n')
	learn := false
	switch {
	case e.Status == experiments.StatusDecided && e.Learning == "" && it.recorded == "":
		learn = true
		b.WriteString(fmt.Sprintf("%s Decided *%s* on %s with no learning yet: what did it teach?",
			decisionEmoji(e.Decision), e.Decision, experiments.DateOf(e.DecidedAt, v.loc)))
	case e.Status == experiments.StatusDecided:
		b.WriteString(fmt.Sprintf("%s Decided *%s*%s", decisionEmoji(e.Decision), e.Decision, learningLine(e)))
	default:
		v.writeStanding(&b, e)
		b.WriteByte('\n')
		b.WriteString(v.lastCheckIn(e))
	}
	if it.cue != "" && e.Status == experiments.StatusRunning {
		b.WriteString("\n:rotating_light: *")
		b.WriteString(blockkit.Escape(it.cue))
		b.WriteString(" — decide now?*")
	}
	if it.recorded != "" {
		b.WriteByte('\n')
		b.WriteString(it.recorded)
	}
	blocks = append(blocks, dmBlock{kind: dmSection, text: blockkit.FitMrkdwn(b.String(), blockkit.MaxSectionText), number: e.Number, learn: learn})
	if e.Status != experiments.StatusRunning {
		return blocks
	}
	return append(blocks, dmBlock{kind: dmButtons, number: e.Number, cue: it.cue != ""})
}

// writeStanding writes what the experiment aims for and how long is left,
// or asks for the aim when it has none: parts joined by " · ".
func (v dmView) writeStanding(b *strings.Builder, e experiments.Experiment) {
	n := 0
	part := func(s string) {
		if n > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(s)
		n++
	}
	for _, p := range aimParts(e.Metric, e.Target, experiments.Date{}) {
		part(p)
	}
	if !e.HasAim() {
		part(fmt.Sprintf(":dart: _Aim later is now: fill in the end — add %s with `%s edit %s`._", missingAim(e), v.command, e.Ref()))
	}
	switch due := dueLine(e, v.now, v.loc); {
	case strings.HasPrefix(due, "overdue"):
		part(":alarm_clock: *" + due + "*")
	case due != "":
		part("*" + due + "*")
	}
}

// lastCheckIn says when the experiment was last checked in on.
func (v dmView) lastCheckIn(e experiments.Experiment) string {
	if e.LastCheckInAt.IsZero() {
		return "No check-in yet."
	}
	day := experiments.DateOf(e.LastCheckInAt, v.loc)
	switch ago := experiments.CalendarDaysSince(e.LastCheckInAt, v.now, v.loc); {
	case ago <= 0:
		return "Last check-in: today."
	case ago == 1:
		return "Last check-in: yesterday."
	default:
		return "Last check-in: " + strconv.Itoa(ago) + " days ago (" + day.String() + ")."
	}
}

// listedNumbers reads the experiments a check-in DM lists from its block
// IDs, in order.
func listedNumbers(blocks []slack.Block) []int {
	var numbers []int
	for _, b := range blocks {
		if b == nil {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(b.ID(), checkInBlockPrefix)); err == nil && strings.HasPrefix(b.ID(), checkInBlockPrefix) {
			numbers = append(numbers, n)
		}
	}
	return numbers
}
