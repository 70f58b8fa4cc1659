package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// absolute is a running experiment of U1 with an absolute target of 15.
func absolute(n int) experiments.Experiment {
	e := running(n, "U1", "Carousel <ads>")
	e.Target = experiments.Target{Value: 15}
	return e
}

// startedBelow is a first check-in of 9 on experiment n, below its target
// of 15, so that a later 19 reaches it from below (a first value already
// past an "at least" target asks instead of cueing).
func startedBelow(n int64) experiments.CheckIn {
	return experiments.CheckIn{ExperimentID: n, At: dmNow.Add(-2 * time.Hour), Value: ptrTo(9.0), OnTrack: true}
}

// buttonsOf lists the buttons of a message as action=value, in order,
// with a section's accessory among them.
func buttonsOf(t *testing.T, w wire) []string {
	t.Helper()
	var got []string
	add := func(el slack.BlockElement) {
		if b, ok := el.(*slack.ButtonBlockElement); ok {
			got = append(got, b.ActionID+"="+b.Value)
		}
	}
	for _, b := range blocksOfWire(t, w) {
		switch b := b.(type) {
		case *slack.ActionBlock:
			for _, el := range b.Elements.ElementSet {
				add(el)
			}
		case *slack.SectionBlock:
			if b.Accessory != nil && b.Accessory.ButtonElement != nil {
				add(b.Accessory.ButtonElement)
			}
		}
	}
	return got
}

var decideFirst = []string{"checkin_keep=4", "checkin_kill=4", "checkin_iterate=4", "checkin_log=4"}

// TestLogPastTheTargetPromptsTheOwner: 19 logged against a target of 15
// by someone else queues, with the check-in, a DM to the owner with the
// decide buttons first, and the reply says how to decide.
func TestLogPastTheTargetPromptsTheOwner(t *testing.T) {
	store := newCheckInStoreFake(dmNow, absolute(4))
	store.checkIns = []experiments.CheckIn{startedBelow(4)}
	r := newCheckInApp(store).Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U2", Text: "log #4 19 signups"})
	for _, want := range []string{"Logged on #4", "19 logged, past the target of 15 — decide now?",
		"I sent <@U1>, its owner, the decide buttons", "`/exp decide #4 keep|kill|iterate &lt;what you learned&gt;`"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("reply lacks %q:\n%s", want, r.Text)
		}
	}
	if len(store.queued) != 1 || store.queued[0].Kind != kindDM {
		t.Fatalf("queued %+v, want one DM", store.queued)
	}
	dm := decodeWire(t, store.queued[0])
	if dm.User != "U1" || !strings.Contains(dm.Text, "Decide now? #4") {
		t.Errorf("DM to %q, text %q; want to the owner U1, asking to decide #4", dm.User, dm.Text)
	}
	for _, want := range []string{"*Decide now?* <@U2> logged on #4 in <#C1>", ":rotating_light: *19 logged, past the target of 15 — decide now?*",
		"*#4* Carousel &lt;ads&gt;"} {
		if !strings.Contains(dm.allText(), want) {
			t.Errorf("DM lacks %q:\n%s", want, dm.allText())
		}
	}
	if got := buttonsOf(t, dm); !reflect.DeepEqual(got, decideFirst) {
		t.Errorf("buttons %v, want %v", got, decideFirst)
	}
	// The DM is a check-in DM: a click on Keep opens the decide form.
	click := Action{Team: "T1", User: "U1", Channel: "DU1", MessageTS: "1.2", ActionID: actionCheckInKeep, Value: "4",
		Listed: listedNumbers(blocksOfWire(t, dm))}
	if a, err := newCheckInApp(store).Act(context.Background(), click); err != nil || a.Modal == nil || a.Modal.CallbackID != callbackDecideKeep {
		t.Errorf("Keep on the prompt: %+v, %v; want the keep form", a, err)
	}
}

// TestLogWithoutACue: a check-in that leaves the experiment short of its
// target, or back-dated, prompts nothing.
func TestLogWithoutACue(t *testing.T) {
	for _, text := range []string{"log #4 14 signups", "log #4 going fine", "log #4 on-track"} {
		store := newCheckInStoreFake(dmNow, absolute(4))
		r := newCheckInApp(store).Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: text})
		if strings.Contains(r.Text, "decide now") || len(store.queued) != 0 {
			t.Errorf("%s: reply %q, queued %d; want no prompt", text, r.Text, len(store.queued))
		}
	}
	latest := absolute(4)
	latest.LastCheckInAt = dmNow.Add(time.Hour)
	if got := logCue(latest, experiments.CheckIn{At: dmNow, Value: ptrTo(19.0), OnTrack: true}, nil); got != "" {
		t.Errorf("a back-dated check-in cues %q; want none: the latest one is what counts", got)
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestLogOffTrackByTheOwner: the owner logging off track is told the
// buttons are in their DM.
// TestLogFirstValuePastAnAtLeastTargetAsks: 80 logged first against a
// target of 50 asks whether lower is better instead of cueing; a later
// value past it cues; `target:<50` cues when 45 comes in.
func TestLogFirstValuePastAnAtLeastTargetAsks(t *testing.T) {
	e := running(1, "U1", "CPA test")
	e.Metric, e.Target = "cpa", experiments.Target{Value: 50}
	store := newCheckInStoreFake(dmNow, e)
	app := newCheckInApp(store)
	log := func(text string) string {
		return app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: text}).Text
	}
	r := log("log #1 80")
	if !strings.Contains(r, "80 logged is already past the target of at least 50. Is lower better for *cpa*? `/exp edit #1 target:&lt;50`") || strings.Contains(r, "decide now") {
		t.Errorf("first 80 against 50: %q, want the question and no cue", r)
	}
	if len(store.queued) != 0 {
		t.Errorf("queued %d messages, want no decide DM", len(store.queued))
	}
	if r := log("log #1 85"); !strings.Contains(r, "85 logged, past the target of 50 — decide now?") || strings.Contains(r, "lower better") {
		t.Errorf("a later 85: %q, want the cue and no question", r)
	}
	low := running(2, "U1", "CPA down")
	low.Metric, low.Target = "cpa", experiments.Target{Value: 50, AtMost: true}
	store = newCheckInStoreFake(dmNow, low)
	app = newCheckInApp(store)
	if r := log("log #2 80"); strings.Contains(r, "decide now") || strings.Contains(r, "lower better") {
		t.Errorf("80 against at most 50: %q, want neither cue nor question", r)
	}
	if r := log("log #2 45"); !strings.Contains(r, "45 logged, down to the target of at most 50 — decide now?") {
		t.Errorf("45 against at most 50: %q, want the cue", r)
	}
}

func TestLogOffTrackByTheOwner(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(4, "U1", "Carousel"))
	r := newCheckInApp(store).Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "log #4 slow week off-track"})
	if !strings.Contains(r.Text, "marked off track — decide now?* I sent you the decide buttons in a DM") {
		t.Errorf("reply %q", r.Text)
	}
	if len(store.queued) != 1 || !strings.Contains(decodeWire(t, store.queued[0]).allText(), "*Decide now?* You logged on #4") {
		t.Errorf("queued %d messages, want the prompt", len(store.queued))
	}
}

// TestSubmitLogPastTheTargetFlagsTheDM: logged from the check-in DM, the
// cue is drawn in that DM at once (no second DM), decide buttons first.
func TestSubmitLogPastTheTargetFlagsTheDM(t *testing.T) {
	e := absolute(1)
	store := newCheckInStoreFake(dmNow, e, running(2, "U1", "Webinar"))
	store.checkIns = []experiments.CheckIn{startedBelow(e.ID)}
	out, err := submitFrom(t, newCheckInApp(store), actionCheckInLog, map[string]string{fieldValue: "19", fieldOnTrack: "yes"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	if len(store.queued) != 1 {
		t.Fatalf("queued %d messages, want only the redraw", len(store.queued))
	}
	dm := theUpdate(t, store.queued)
	if !strings.Contains(dm.allText(), "19 logged, past the target of 15 — decide now?") {
		t.Errorf("redrawn DM lacks the flag:\n%s", dm.allText())
	}
	want := []string{"checkin_keep=1", "checkin_kill=1", "checkin_iterate=1", "checkin_log=1",
		"checkin_log=2", "checkin_keep=2", "checkin_kill=2", "checkin_iterate=2"}
	if got := buttonsOf(t, dm); !reflect.DeepEqual(got, want) {
		t.Errorf("buttons %v, want %v", got, want)
	}
}

// TestCheckInRoundFlagsAndLearnings: the round's DM flags an experiment
// whose latest check-in cues, its decide buttons first, and lists the
// owner's experiments decided lately with no learning, each with the
// Write the learning button; an owner with only those gets a DM too.
func TestCheckInRoundFlagsAndLearnings(t *testing.T) {
	tick := checkInTick(t)
	unlearned := func(n int, owner string, ago time.Duration) experiments.Experiment {
		e := running(n, owner, "Decided <one>")
		if err := e.Decide(experiments.DecisionKill, "", owner, tick.At.Add(-ago)); err != nil {
			t.Fatal(err)
		}
		return e
	}
	learned := unlearned(7, "U1", time.Hour)
	learned.Learning = "it taught"
	store := newCheckInStoreFake(dmNow, absolute(4), running(5, "U1", "Calm"),
		unlearned(6, "U1", 48*time.Hour), learned, unlearned(8, "U1", 31*24*time.Hour), unlearned(9, "U2", time.Hour))
	store.checkIns = []experiments.CheckIn{startedBelow(4), {ExperimentID: 4, At: dmNow.Add(-time.Hour), Value: ptrTo(19.0), OnTrack: true}}

	msgs, err := NewCheckIns(store, nil).Job(context.Background(), tick)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("Job = %d messages, %v; want one DM each to U1 and U2", len(msgs), err)
	}
	u1 := decodeWire(t, msgs[0])
	if got := listedNumbers(blocksOfWire(t, u1)); !reflect.DeepEqual(got, []int{4, 5, 6}) {
		t.Errorf("U1's DM lists %v, want [4 5 6] (running, then the one decided lately with no learning)", got)
	}
	want := append(append([]string(nil), decideFirst...), "checkin_log=5", "checkin_keep=5", "checkin_kill=5", "checkin_iterate=5", "exp_learn=6")
	if got := buttonsOf(t, u1); !reflect.DeepEqual(got, want) {
		t.Errorf("U1's buttons %v, want %v", got, want)
	}
	for _, want := range []string{":rotating_light: *19 logged, past the target of 15 — decide now?*",
		"*#6* Decided &lt;one&gt;\n:x: Decided *kill* on 2026-05-31 with no learning yet: what did it teach?"} {
		if !strings.Contains(u1.allText(), want) {
			t.Errorf("U1's DM lacks %q:\n%s", want, u1.allText())
		}
	}
	if strings.Count(u1.allText(), "decide now?") != 1 {
		t.Errorf("U1's DM flags more than #4:\n%s", u1.allText())
	}
	u2 := decodeWire(t, msgs[1])
	if got := buttonsOf(t, u2); u2.User != "U2" || !reflect.DeepEqual(got, []string{"exp_learn=9"}) ||
		!strings.Contains(u2.allText(), "waiting for their learning") {
		t.Errorf("U2's DM: buttons %v\n%s\nwant only the learning of #9", got, u2.allText())
	}
}

// TestLearnButtonFromTheDM: Write the learning, clicked in the owner's
// DM, opens the learning form (the exp_learn action of any reply).
func TestLearnButtonFromTheDM(t *testing.T) {
	e := running(6, "U1", "Carousel")
	if err := e.Decide(experiments.DecisionKill, "", "U1", dmNow); err != nil {
		t.Fatal(err)
	}
	app := newCheckInApp(newCheckInStoreFake(dmNow, e))
	r, err := app.Act(context.Background(), Action{Team: "T1", User: "U1", Channel: "DU1", ActionID: actionLearn, Value: "6"})
	if err != nil || r.Modal == nil || r.Modal.CallbackID != callbackLearn {
		t.Errorf("Act = %+v, %v; want the learning form", r, err)
	}
}
