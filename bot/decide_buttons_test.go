package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// channelClickOn is a click by user on a channel decide button of
// experiment n, in channel.
func channelClickOn(action, user, channel string, n int) Action {
	return Action{Team: "T1", User: user, Channel: channel, MessageTS: "1700000000.000900",
		ActionID: action, Value: string(rune('0' + n))}
}

// TestChannelDecideButtonsTrust: a channel decide button opens its form
// for anyone clicking in the experiment's own channel, and nothing from a
// DM or another channel; the form's submission is held to the same rule.
func TestChannelDecideButtonsTrust(t *testing.T) {
	tests := []struct {
		name, user, channel string
		opens               bool
	}{
		{"the owner in the channel", "U1", "C1", true},
		{"another member in the channel", "U2", "C1", true},
		{"the owner from a DM", "U1", "DU1", false},
		{"a member of another channel", "U2", "C2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newCheckInApp(newCheckInStoreFake(dmNow, running(1, "U1", "Carousel")))
			r, err := app.Act(context.Background(), channelClickOn(actionDecideKill, tt.user, tt.channel, 1))
			if opened := err == nil && r.Modal != nil; opened != tt.opens {
				t.Fatalf("Act = %+v, %v; want a form: %v", r, err, tt.opens)
			}
			if !tt.opens && !strings.Contains(experiments.ErrorMessage(err), "There is no experiment #1 here") {
				t.Errorf("refusal = %v, want it worded as for a number never used", err)
			}
			if tt.opens && (r.Modal.CallbackID != actionDecideKill || !strings.Contains(blockkit.Plain(r.Modal.Blocks.BlockSet), "What did you learn?")) {
				t.Errorf("form %q, want the kill form of the check-in DM under callback %q", r.Modal.CallbackID, actionDecideKill)
			}
		})
	}
}

// TestChannelDecideSubmitCreditsTheClicker: the decision is the
// submitter's, the channel is told, the submitter alone hears so, and no
// message is redrawn.
func TestChannelDecideSubmitCreditsTheClicker(t *testing.T) {
	for _, action := range []string{actionDecideKeep, actionDecideKill, actionDecideIterate} {
		t.Run(action, func(t *testing.T) {
			store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
			app := newCheckInApp(store)
			r, err := app.Act(context.Background(), channelClickOn(action, "U2", "C1", 1))
			if err != nil || r.Modal == nil {
				t.Fatalf("Act = %+v, %v; want a form", r, err)
			}
			sub := Submission{Team: "T1", User: "U2", CallbackID: r.Modal.CallbackID, Metadata: r.Modal.PrivateMetadata,
				Values: map[string]string{fieldLearning: "Carousels <win>", fieldChange: "as video"}}
			if out, err := app.Submit(context.Background(), sub); err != nil || len(out.FieldErrors) > 0 {
				t.Fatalf("Submit = %+v, %v", out, err)
			}
			if e := store.exps[1]; e.Status != experiments.StatusDecided || e.DecidedBy != "U2" {
				t.Errorf("#1 is %s decided by %q, want decided by U2", e.Status, e.DecidedBy)
			}
			var ephemeral, update int
			for _, m := range store.queued {
				switch {
				case m.Kind == kindEphemeral && strings.Contains(string(m.Payload), `"user":"U2"`):
					ephemeral++
				case m.Kind == kindUpdate:
					update++
				}
			}
			if ephemeral != 1 || update != 0 {
				t.Errorf("%d ephemerals to U2 and %d updates queued, want 1 and none", ephemeral, update)
			}
			other := sub
			other.User = "U3" // the form is the clicker's alone
			if _, err := app.Submit(context.Background(), other); err == nil {
				t.Error("a form opened by U2 was accepted from U3")
			}
		})
	}
}

// overdueReport is a digest with n overdue experiments, #1 the oldest.
func overdueReport(n int) digestReport {
	r := digestReport{Digest: experiments.Summarize(experiments.Facts{}, experiments.ReviewedWeek(digestNow, time.UTC)),
		Team: "T1", Channel: "C1", Command: "/exp"}
	for i := 1; i <= n; i++ {
		r.Overdue = append(r.Overdue, experiments.Experiment{ID: int64(i), Number: i, Title: "Test", Owner: "U1",
			Status: experiments.StatusRunning, Deadline: experiments.Date{Year: 2026, Month: time.November, Day: i}})
	}
	return r
}

// TestDigestDecideButtonsAtTheBlockLimit renders a digest exactly at its
// limit: the oldest overdue keep their buttons, the newest give theirs up
// first, and "… and N more" names the commands for the rest.
func TestDigestDecideButtonsAtTheBlockLimit(t *testing.T) {
	r := overdueReport(8)
	rest := len(digestBlocksWithin(r, 0)) - 1 // Decide now as one block when there is no room
	tests := []struct {
		room     int
		buttons  []int
		moreLine string
	}{
		{1 + 2*8, []int{1, 2, 3, 4, 5, 6, 7, 8}, ""},
		{1 + 2*8 - 1, []int{1, 2, 3, 4, 5, 6, 7}, "… and 1 more"},
		{6, []int{1, 2}, "… and 6 more"},
		{1, nil, "• #8 Test"}, // the list without buttons, in one block
	}
	for _, tt := range tests {
		max := rest + tt.room
		blocks := digestBlocksWithin(r, max)
		if len(blocks) > max {
			t.Errorf("room %d: %d blocks, limit %d", tt.room, len(blocks), max)
		}
		var got []int
		for _, b := range blocks {
			if a, ok := b.(*slack.ActionBlock); ok && strings.HasPrefix(a.BlockID, "decide:") {
				got = append(got, int(a.BlockID[len("decide:")]-'0'))
			}
		}
		if !slices.Equal(got, tt.buttons) {
			t.Errorf("room %d: buttons on %v, want %v (oldest first)", tt.room, got, tt.buttons)
		}
		text := blockkit.Plain(blocks)
		if tt.moreLine != "" && !strings.Contains(text, tt.moreLine) {
			t.Errorf("room %d: no %q:\n%s", tt.room, tt.moreLine, text)
		}
		if strings.HasPrefix(tt.moreLine, "…") && !strings.Contains(text, "/exp list running") {
			t.Errorf("room %d: the cut list names no command for the rest:\n%s", tt.room, text)
		}
	}
	if n := len(digestBlocks(hostileReport())); n > blockkit.MaxMessageBlocks {
		t.Errorf("the hostile digest with its buttons has %d blocks", n)
	}
}
