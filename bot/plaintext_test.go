package bot

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("rendering differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRenderPlainBlocks(t *testing.T) {
	img := slack.NewImageBlockElement("https://example.com/a.png", "a chart")
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick one"), "pick",
		slack.NewOptionBlockObject("1", plain("G1 Signups"), nil))
	picked := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick one"), "pick")
	picked.InitialOption = slack.NewOptionBlockObject("2", plain("G2 Revenue"), nil)
	yes := slack.NewOptionBlockObject("yes", plain("Yes"), nil)
	radio := slack.NewRadioButtonsBlockElement("ok", yes, slack.NewOptionBlockObject("no", plain("No"), nil))
	radio.InitialOption = yes
	tests := []struct {
		name  string
		block slack.Block
		want  string
	}{
		{"header", blockkit.Header("Experiments (2)"), "Experiments (2)\n==============="},
		{"section", blockkit.Section("*#1* <@U1>"), "#1 @U1"},
		{"fields", blockkit.Fields("*Status*\nrunning", "*Aim*\nline one\nline two", "bare"),
			"Status: running\nAim: line one\n  line two\nbare"},
		{"button accessory", slack.NewSectionBlock(blockkit.Mrkdwn("Due"), nil,
			slack.NewAccessory(blockkit.Button("log", "Log", "1", ""))), "Due\n[Log]"},
		{"select accessory", slack.NewSectionBlock(blockkit.Mrkdwn("Goal"), nil, slack.NewAccessory(sel)), "Goal\n[Pick one ▾]"},
		{"context", slack.NewContextBlock("", blockkit.Mrkdwn("_quiet_"), img), "quiet [image: a chart]"},
		{"actions", slack.NewActionBlock("", blockkit.Button("keep", "Keep", "1", slack.StylePrimary),
			blockkit.Button("kill", "Kill", "1", slack.StyleDanger), picked, slack.NewDatePickerBlockElement("d"),
			slack.NewOverflowBlockElement("o")), "[Keep] [Kill] [G2 Revenue ▾] [pick a date ▾] […]"},
		{"divider", slack.NewDividerBlock(), "----"},
		{"image", slack.NewImageBlock("https://example.com/a.png", "a chart", "", nil), "[image: a chart]"},
		{"text input", textInput("t", "Title", "Try ads", "", false, false, 10), "Title: ____ (e.g. Try ads)"},
		{"filled optional input", textInput("m", "Metric", "signups", "trials", true, false, 10), "Metric (optional): trials"},
		{"date input", dateInput("d", "Deadline", experiments.Date{Year: 2026, Month: 12, Day: 4}),
			"Deadline (optional): 2026-12-04\n  Leave empty for the channel's default length"},
		{"select input", slack.NewInputBlock("g", plain("Goal"), nil, sel), "Goal: ____ (one of: G1 Signups)"},
		{"radio input", slack.NewInputBlock("ok", plain("On track?"), nil, radio), "On track?: (•) Yes  ( ) No"},
		{"unknown block", slack.NewRichTextBlock("r"), "[rich_text]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := blockkit.Plain([]slack.Block{tt.block}); got != tt.want {
				t.Errorf("blockkit.Plain(%s) =\n%s\nwant\n%s", tt.name, got, tt.want)
			}
		})
	}
}

func TestRenderOutboxMessageShowsThreadReplies(t *testing.T) {
	m := experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: kindPost, Payload: []byte(`{"channel":"C1",
		"text":"*Weekly digest* (1/2)","blocks":[],"replies":[{"text":"","blocks":[{"type":"section",
		"text":{"type":"mrkdwn","text":"*Part 2*\nmore"}}]}]}`)}
	want := "→ post to #C1:\n  Weekly digest (1/2)\n→ reply in its thread:\n  Part 2\n  more"
	if got, err := RenderOutboxMessage(m); got != want || err != nil {
		t.Errorf("RenderOutboxMessage = %q, %v; want %q", got, err, want)
	}
}

func TestRenderOutboxMessageRefusesWhatTheSenderWould(t *testing.T) {
	tests := []struct {
		name string
		m    experiments.OutboxMessage
		want string
	}{
		{"bad payload", experiments.OutboxMessage{ID: 7, Kind: kindPost, Payload: []byte("{")}, "decode outbox message 7"},
		{"unknown kind", message("shout", "T1", outgoing{Channel: "C1", Text: "hi"}), `unknown kind "shout"`},
		{"post without channel", message(kindPost, "T1", outgoing{Text: "hi"}), "post without channel"},
		{"dm without user", message(kindDM, "T1", outgoing{Text: "hi"}), "dm without user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RenderOutboxMessage(tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("RenderOutboxMessage = %q, %v; want an error containing %q", got, err, tt.want)
			}
		})
	}
}

// plainSession drives the real handlers on a plainStore and records each
// reply and each message it queues as the console renders them.
type plainSession struct {
	t     *testing.T
	app   *App
	store *plainStore
	out   strings.Builder
}

func newPlainSession(t *testing.T) *plainSession {
	now := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	store := &plainStore{now: func() time.Time { return now }}
	app := NewApp(storesOf(store), nil, time.UTC)
	app.Now = store.now
	return &plainSession{t: t, app: app, store: store}
}

// command runs one slash command as U1 in C1.
func (s *plainSession) command(text string) {
	r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: text})
	s.record(strings.TrimSpace("/exp "+text), RenderReply(r))
}

// submit submits the experiment modal opened in C1 with values.
func (s *plainSession) submit(callbackID string, number int, values map[string]string) {
	meta := s.app.sealState(&modalState{Team: "T1", Channel: "C1", Number: number, From: "C1", User: "U1"})
	out, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callbackID, Metadata: meta, Values: values})
	if err != nil || len(out.FieldErrors) > 0 {
		s.t.Fatalf("submit %s: %v %v", callbackID, out.FieldErrors, err)
	}
	s.record("submit "+callbackID, "(the modal closes)")
}

// record writes a heading, the reply, then every queued message.
func (s *plainSession) record(heading, reply string) {
	s.out.WriteString("### " + heading + "\n" + reply + "\n")
	for _, m := range s.store.takeQueued() {
		s.message(m)
	}
	s.out.WriteString("\n")
}

func (s *plainSession) message(m experiments.OutboxMessage) {
	text, err := RenderOutboxMessage(m)
	if err != nil {
		s.t.Fatalf("RenderOutboxMessage(%s): %v", m.Payload, err)
	}
	s.out.WriteString(text + "\n")
}

// TestRenderEveryMessageKind renders every reply of every subcommand, every
// announcement, the ephemeral confirmations of the modals, the modals
// themselves and a DM, an update and a threaded post, all built by the
// bot's own code, and compares them with testdata/plaintext.golden.
func TestRenderEveryMessageKind(t *testing.T) {
	s := newPlainSession(t)
	for _, c := range []string{"", "new", "list", "goals",
		"goal Double trial signups metric:signups target:+100% by:2027-03-31",
		"new Try LinkedIn carousel ads metric:signups target:+20% by:2w goal:G1",
		"new Webinar <b>pricing</b> & Q&A",
		"idea Referral bonus for annual plans metric:upgrades ice:7/5/8",
		"list", "goals", "log #1 412 signups after week one", "log #1 off-track slow start", "show #1",
		"decide #1 keep carousels doubled signups", "decide #2 kill", "show #1", "show #2",
	} {
		s.command(c)
	}
	s.submit(callbackNewExperiment, 0, map[string]string{fieldTitle: "Video ads", fieldHypothesis: "We believe short videos beat stills",
		fieldMetric: "clicks", fieldTarget: "1,200", fieldDeadline: "2026-12-04", fieldGoal: "1"})
	for _, c := range []string{"decide #4 iterate videos work change: 6-second cuts", "show #4", "show #5", "edit #3"} {
		s.command(c)
	}
	s.submit(callbackEditExperiment, 3, map[string]string{fieldTitle: "Referral bonus", fieldMetric: "upgrades", fieldTarget: "+10%"})
	for _, c := range []string{"list all", "list decided", "away 7", "away off",
		"launch", "decide #3 maybe", "log #2 5", "show #42", "show #99", "bogus",
		"idea Carousel video ads", "learnings", "learnings carousels signups", "learnings pizza", "learnings page:9"} {
		s.command(c)
	}
	s.out.WriteString("### messages no handler sends yet\n")
	for _, m := range []experiments.OutboxMessage{
		message(kindDM, "T1", outgoing{User: "U1", Text: "How is #1 going?", Blocks: blocksOf(blockkit.Section("How is *#1* going?"),
			slack.NewActionBlock("", blockkit.Button("keep", "Keep", "1", slack.StylePrimary), blockkit.Button("kill", "Kill", "1", slack.StyleDanger)))}),
		message(kindUpdate, "T1", outgoing{Channel: "C1", TS: "1712345678.000100", Text: ":white_check_mark: Logged"}),
		message(kindPost, "T1", outgoing{Channel: "C1", ThreadTS: "1712345678.000100", Text: "a reply in a thread"}),
	} {
		s.message(m)
	}
	checkGolden(t, "plaintext.golden", s.out.String())
}
