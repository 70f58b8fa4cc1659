package bot

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// slackBlocks is the DM's drawing as slack-go's Block Kit types, built
// with the helpers every other message uses: the reference the
// hand-written encoder is held to, and what tests read blocks from.
func (d dmDoc) slackBlocks() []slack.Block {
	blocks := make([]slack.Block, 0, len(d.blocks))
	for _, b := range d.blocks {
		switch b.kind {
		case dmSection:
			s := blockkit.Section(b.text)
			if b.number > 0 {
				s.BlockID = checkInBlockPrefix + strconv.Itoa(b.number)
			}
			if b.learn {
				s.Accessory = slack.NewAccessory(blockkit.Button(actionLearn, "Write the learning", strconv.Itoa(b.number), slack.StylePrimary))
			}
			blocks = append(blocks, s)
		case dmContext:
			blocks = append(blocks, blockkit.ContextLine(b.text))
		case dmButtons:
			v := strconv.Itoa(b.number)
			log := blockkit.Button(actionCheckInLog, "Log result", v, "")
			decide := []slack.BlockElement{blockkit.Button(actionCheckInKeep, "Keep", v, slack.StylePrimary),
				blockkit.Button(actionCheckInKill, "Kill", v, slack.StyleDanger),
				blockkit.Button(actionCheckInIterate, "Iterate", v, "")}
			elements := append([]slack.BlockElement{log}, decide...)
			if b.cue {
				elements = append(decide, log)
			}
			blocks = append(blocks, slack.NewActionBlock(checkInBlockPrefix+v+":actions", elements...))
		}
	}
	return blocks
}

// slackRender is the DM's fallback text and its blocks as slack-go types.
func (v dmView) slackRender() (string, []slack.Block) {
	d := v.draw()
	return d.text, d.slackBlocks()
}

// TestCheckInDMWireFormat: the hand-encoded payloads of the check-in DM
// and of its redraw are, byte for byte, what json.Marshal makes of the
// same blocks built with slack-go's types, for texts that need escaping,
// DMs cut at Slack's 50 blocks, decided experiments and recorded lines.
func TestCheckInDMWireFormat(t *testing.T) {
	now := utc("2026-06-02T08:00:00Z")
	odd := running(3, "U1", "<!channel> & \"quotes\" \\ tab\t nl\n bell\x07 \b\f \u2028\u2029 é 🚀 bad\xff *bold* `code` :tada: https://x.test/?a=1&b=<2>")
	odd.Metric, odd.Target = "sign<ups>", experiments.Target{}
	decided := running(4, "U1", "Done")
	decided.Status, decided.Decision, decided.Learning = experiments.StatusDecided, experiments.DecisionKill, "It <failed>\nfast"
	var many, mixed []dmItem
	for n := 1; n <= 30; n++ {
		many = append(many, dmItem{e: running(n, "U1", strings.Repeat("Long <title> ", 300))})
	}
	unlearned := decided
	unlearned.Learning, unlearned.DecidedAt = "", now.Add(-48*time.Hour)
	for n := 1; n <= 20; n++ {
		mixed = append(mixed, dmItem{e: running(n, "U1", "Running <one>"), cue: "marked off track"})
		learn := unlearned
		learn.Number = 100 + n
		mixed = append(mixed, dmItem{e: learn})
	}
	views := map[string][]dmItem{
		"one":            {{e: running(1, "U1", "Carousel")}},
		"escapes":        {{e: odd}, {e: decided, recorded: "Recorded *kill*."}},
		"checked in":     {{e: withLastCheckIn(running(2, "U1", "x"), now.Add(-72*time.Hour))}},
		"past 50 blocks": many,
		"decide now":     {{e: running(5, "U1", "Carousel"), cue: "19 logged, past the target of <15>"}},
		"learning":       {{e: running(1, "U1", "Carousel")}, {e: unlearned}},
		"only learnings": {{e: unlearned}},
		"mixed past 50":  mixed,
	}
	for name, items := range views {
		t.Run(name, func(t *testing.T) {
			v := dmView{team: "T1", channel: "C1", items: items, now: now, loc: time.UTC, command: "/exp"}
			text, blocks := v.slackRender()
			want := message(kindDM, "T1", outgoing{User: "U1", Text: text, Blocks: blocksOf(blocks...)})
			want.Channel = "C1"
			got, _ := checkInDM("U1", v, []byte("scratch left over"))
			sameMessage(t, "checkInDM", got, want)
			want = message(kindUpdate, "T1", outgoing{Channel: "D1", TS: "1.2", Text: text, Blocks: blocksOf(blocks...)})
			sameMessage(t, "dmUpdate", dmUpdate("D1", "1.2", v), want)
		})
	}
}

func withLastCheckIn(e experiments.Experiment, at time.Time) experiments.Experiment {
	e.LastCheckInAt = at
	return e
}

func sameMessage(t *testing.T, what string, got, want experiments.OutboxMessage) {
	t.Helper()
	if !bytes.Equal(got.Payload, want.Payload) {
		t.Errorf("%s payload:\n got %s\nwant %s", what, got.Payload, want.Payload)
	}
	if got.Team != want.Team || got.Channel != want.Channel || got.Kind != want.Kind {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

// FuzzAppendJSONString: appendJSONString encodes every string as
// encoding/json does.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\"\\/", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "\u2028\u2029",
		"é🚀", "bad\xff\xfe", "\xe2\x80", "a\xe2\x80\xa8b", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}
