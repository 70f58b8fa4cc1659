package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// decideVerdicts are the verdicts with the command word, the channel
// button and the check-in button of each.
var decideVerdicts = []struct {
	word, channelAction, checkInAction string
}{
	{"keep", actionDecideKeep, actionCheckInKeep},
	{"kill", actionDecideKill, actionCheckInKill},
	{"iterate", actionDecideIterate, actionCheckInIterate},
}

// decideByTyping decides #1 with `/exp decide` as user, in C1, and
// returns the reply's first line: the confirmation.
func decideByTyping(t *testing.T, user, word string) string {
	t.Helper()
	app := newCheckInApp(newCheckInStoreFake(dmNow, running(1, "U1", "Carousel")))
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: user, Text: "decide #1 " + word + " Carousels win change: as video"})
	first, _, _ := strings.Cut(r.Text, "\n")
	return first
}

// decideInForm submits the decide form click opened, as user, and returns
// what the store queued.
func decideInForm(t *testing.T, store *checkInStoreFake, click Action) []experiments.OutboxMessage {
	t.Helper()
	app := newCheckInApp(store)
	r, err := app.Act(context.Background(), click)
	if err != nil || r.Modal == nil {
		t.Fatalf("Act(%+v) = %+v, %v; want a form", click, r, err)
	}
	out, err := app.Submit(context.Background(), Submission{Team: "T1", User: click.User, CallbackID: r.Modal.CallbackID,
		Metadata: r.Modal.PrivateMetadata, Values: map[string]string{fieldLearning: "Carousels win", fieldChange: "as video"}})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	return store.queued
}

// TestDecideConfirmsAlikeEverywhere: whoever decides, and wherever (the
// command, a channel's decide button, the App Home's form), hears the same
// confirmation, which names the owner when someone else decided.
func TestDecideConfirmsAlikeEverywhere(t *testing.T) {
	for _, v := range decideVerdicts {
		t.Run(v.word, func(t *testing.T) {
			byMember := decideByTyping(t, "U2", v.word)
			if !strings.Contains(byMember, "Decided *"+v.word+"* on #1") || !strings.Contains(byMember, "and <@U1>, its owner") {
				t.Fatalf("command by U2 confirms %q; want the verdict and the owner told", byMember)
			}
			var ephemerals []string
			for _, m := range decideInForm(t, newCheckInStoreFake(dmNow, running(1, "U1", "Carousel")), channelClickOn(v.channelAction, "U2", "C1", 1)) {
				if w := decodeWire(t, m); m.Kind == kindEphemeral && w.User == "U2" {
					ephemerals = append(ephemerals, w.Text)
				}
			}
			if len(ephemerals) != 1 || ephemerals[0] != byMember {
				t.Errorf("channel button by U2 confirms %q; want what the command says: %q", ephemerals, byMember)
			}

			byOwner := decideByTyping(t, "U1", v.word)
			var homes []string
			home := Action{Team: "T1", User: "U1", ActionID: v.checkInAction, Value: "1", Home: true}
			for _, m := range decideInForm(t, newCheckInStoreFake(dmNow, running(1, "U1", "Carousel")), home) {
				if m.Kind == kindHome {
					homes = append(homes, decodeWire(t, m).allText())
				}
			}
			if len(homes) != 1 || !strings.Contains(homes[0], byOwner) {
				t.Errorf("home form by the owner shows %q; want what the command says: %q", homes, byOwner)
			}
		})
	}
}
