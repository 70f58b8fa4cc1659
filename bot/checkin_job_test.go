package bot

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// checkInTick is a check-in tick of channel C1 at 10:00 in Rome.
func checkInTick(t *testing.T) schedule.Tick {
	at := utc("2026-06-02T08:00:00Z")
	return schedule.Tick{Kind: schedule.KindCheckIns, Channel: experiments.DefaultChannelSettings("T1", "C1"),
		Loc: mustZone(t, "Europe/Rome"), At: at, Now: at.Add(5 * time.Minute)}
}

func TestCheckInJobSendsOneDMPerOwner(t *testing.T) {
	noAim := running(3, "U1", "Podcast ads")
	noAim.Metric, noAim.Target = "", experiments.Target{}
	late := running(5, "U2", "Launched after the tick")
	late.LaunchedAt = utc("2026-06-02T08:01:00Z")
	other := running(6, "U4", "Another channel")
	other.Channel = "C2"
	store := newCheckInStoreFake(time.Time{},
		running(1, "U1", "Carousel <ads>"), running(2, "U2", "Referral bonus"), noAim,
		running(4, "U3", "Away owner's"), late, other)
	store.away = []string{"U3"}

	msgs, err := NewCheckIns(store, nil).Job(context.Background(), checkInTick(t))
	if err != nil {
		t.Fatal(err)
	}
	var owners []string
	for _, m := range msgs {
		w := decodeWire(t, m)
		if m.Kind != kindDM || m.Channel != "C1" || m.Team != "T1" {
			t.Errorf("message %+v, want a DM of team T1 for channel C1", m)
		}
		owners = append(owners, w.User)
	}
	if want := []string{"U1", "U2"}; !reflect.DeepEqual(owners, want) {
		t.Fatalf("DMs to %v, want one each to %v (U3 is away, U4's is elsewhere)", owners, want)
	}
	u1 := decodeWire(t, msgs[0])
	for _, want := range []string{"<#C1>", "*#1* Carousel &lt;ads&gt;", "metric *signups*", "target *+20%*",
		"*10 days left*", "No check-in yet.", "*#3* Podcast ads", "Aim later is now: fill in the end", "/exp edit #3"} {
		if !strings.Contains(u1.allText(), want) {
			t.Errorf("U1's DM lacks %q:\n%s", want, u1.allText())
		}
	}
	if got := listedNumbers(blocksOfWire(t, u1)); !reflect.DeepEqual(got, []int{1, 3}) {
		t.Errorf("U1's DM lists %v, want [1 3]", got)
	}
	if u2 := decodeWire(t, msgs[1]); strings.Contains(u2.allText(), "#5") {
		t.Errorf("U2's DM lists #5, launched after the tick:\n%s", u2.allText())
	}
}

func TestCheckInDMButtons(t *testing.T) {
	store := newCheckInStoreFake(time.Time{}, running(7, "U1", "Carousel"))
	msgs, err := NewCheckIns(store, nil).Job(context.Background(), checkInTick(t))
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Job = %d messages, %v; want 1", len(msgs), err)
	}
	var got []string
	for _, b := range blocksOfWire(t, decodeWire(t, msgs[0])) {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				btn := el.(*slack.ButtonBlockElement)
				got = append(got, btn.ActionID+"="+btn.Value)
			}
		}
	}
	want := []string{"checkin_log=7", "checkin_keep=7", "checkin_kill=7", "checkin_iterate=7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("buttons %v, want %v", got, want)
	}
}

func TestCheckInDMWording(t *testing.T) {
	rome := mustZone(t, "Europe/Rome")
	auckland := mustZone(t, "Pacific/Auckland")
	now := utc("2026-06-02T22:30:00Z") // 00:30 on the 3rd in Rome, 10:30 on the 3rd in Auckland
	tests := []struct {
		name   string
		change func(*experiments.Experiment)
		loc    *time.Location
		want   string
	}{
		{"days left in the channel's zone", func(*experiments.Experiment) {}, time.UTC, "*10 days left*"},
		{"days left in the owner's zone", func(*experiments.Experiment) {}, auckland, "*9 days left*"},
		{"due today", func(e *experiments.Experiment) { e.Deadline = experiments.Date{Year: 2026, Month: 6, Day: 3} }, rome, "*due today*"},
		{"overdue", func(e *experiments.Experiment) { e.Deadline = experiments.Date{Year: 2026, Month: 6, Day: 1} }, rome, ":alarm_clock: *overdue — decide now*"},
		{"checked in yesterday", func(e *experiments.Experiment) { e.LastCheckInAt = utc("2026-06-02T09:00:00Z") }, rome, "Last check-in: yesterday."},
		{"checked in today", func(e *experiments.Experiment) { e.LastCheckInAt = utc("2026-06-02T22:15:00Z") }, rome, "Last check-in: today."},
		{"checked in days ago", func(e *experiments.Experiment) { e.LastCheckInAt = utc("2026-05-29T09:00:00Z") }, rome, "Last check-in: 5 days ago (2026-05-29)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := running(1, "U1", "Carousel")
			tt.change(&e)
			_, blocks := dmView{team: "T1", channel: "C1", items: []dmItem{{e: e}}, now: now, loc: tt.loc, command: "/exp"}.slackRender()
			w := wire{}
			for _, b := range blocks {
				raw, _ := json.Marshal(b)
				w.Blocks = append(w.Blocks, raw)
			}
			if !strings.Contains(w.allText(), tt.want) {
				t.Errorf("DM lacks %q:\n%s", tt.want, w.allText())
			}
		})
	}
}

func TestCheckInJobUsesTheOwnersZone(t *testing.T) {
	store := newCheckInStoreFake(time.Time{}, running(1, "U1", "Carousel"), running(2, "U2", "Webinar"))
	tick := checkInTick(t)
	tick.Loc, tick.Now = time.UTC, utc("2026-06-02T22:30:00Z")
	job := NewCheckIns(store, zonesFake{"U1": mustZone(t, "Pacific/Auckland")})
	msgs, err := job.Job(context.Background(), tick)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("Job = %d messages, %v; want 2", len(msgs), err)
	}
	for i, want := range []string{"*9 days left*", "*10 days left*"} {
		if got := decodeWire(t, msgs[i]).allText(); !strings.Contains(got, want) {
			t.Errorf("DM %d lacks %q (U1 in Auckland, U2 unknown: the channel's UTC):\n%s", i, want, got)
		}
	}
}

func TestCheckInDMFitsFiftyBlocks(t *testing.T) {
	var items []dmItem
	for n := 1; n <= 30; n++ {
		items = append(items, dmItem{e: running(n, "U1", strings.Repeat("Long <title> ", 20))})
	}
	text, blocks := dmView{team: "T1", channel: "C1", items: items, now: utc("2026-06-02T08:00:00Z"), loc: time.UTC, command: "/exp"}.slackRender()
	if len(blocks) > blockkit.MaxMessageBlocks {
		t.Errorf("%d blocks, Slack allows %d", len(blocks), blockkit.MaxMessageBlocks)
	}
	last, _ := json.Marshal(blocks[len(blocks)-1])
	if got := string(last); !strings.Contains(got, "… and 6 more running") {
		t.Errorf("last block %s, want the six left out named", got)
	}
	if !strings.Contains(text, "30 experiments") {
		t.Errorf("fallback text %q, want the count", text)
	}
}
