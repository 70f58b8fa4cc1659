package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestExperimentLever stores a lever with a new experiment, keeps it
// through a launch and a decision, changes it and takes it away.
func TestExperimentLever(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Invite a friend", Lever: "referral"}
	mustCreate(t, db, &e)
	if got, err := db.FindExperiment(ctx, "T1", e.Number); err != nil || got.Lever != "referral" {
		t.Fatalf("created lever = %q, %v", got.Lever, err)
	}
	launched, err := db.LaunchExperiment(ctx, "T1", e.Number, experiments.LaunchPlan{}, nil)
	if err != nil || launched.Lever != "referral" {
		t.Fatalf("launched lever = %q, %v", launched.Lever, err)
	}
	for _, want := range []string{"activation", ""} {
		upd := experiments.ExperimentUpdate{By: "U2", Lever: &want}
		if _, err := db.UpdateExperiment(ctx, "T1", e.Number, upd, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindExperiment(ctx, "T1", e.Number); got.Lever != want {
			t.Errorf("lever after update = %q, want %q", got.Lever, want)
		}
	}
	other := experiments.ExperimentUpdate{By: "U2", Title: new("Invite two friends")}
	lever := "revenue"
	db.UpdateExperiment(ctx, "T1", e.Number, experiments.ExperimentUpdate{By: "U2", Lever: &lever}, nil)
	if got, _ := db.UpdateExperiment(ctx, "T1", e.Number, other, nil); got.Lever != "revenue" {
		t.Errorf("an update of the title changed the lever to %q", got.Lever)
	}
}

// TestIterateFollowUpKeepsTheLever: the follow-up pulls the same lever.
func TestIterateFollowUpKeepsTheLever(t *testing.T) {
	db := mustOpen(t)
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Lever: "retention", Status: experiments.StatusRunning}
	mustCreate(t, db, &e)
	_, f, err := db.IterateExperiment(context.Background(), "T1", e.Number, "", "video", "U1", experiments.Date{}, nil)
	if err != nil || f.Lever != "retention" {
		t.Errorf("follow-up lever = %q, %v", f.Lever, err)
	}
}

// TestChangeSettings changes one setting at a time and keeps the others,
// the schedules included; levers go back to the default as nil.
func TestChangeSettings(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	sched := experiments.DefaultChannelSettings("T1", "C1")
	sched.CheckInSchedule, sched.TimeZone = "0 10 * * 2", "Europe/Rome"
	if err := db.SaveSchedules(ctx, sched, nil, t0); err != nil {
		t.Fatal(err)
	}
	want := sched
	for _, text := range []string{"tempo 4", "quiet 3", "stale 21", "length 2w", "levers seo,Content", "levers default", "levers seo"} {
		c, err := experiments.ParseSettingsChange(text)
		if err != nil {
			t.Fatal(err)
		}
		want = want.Apply(c)
		got, err := db.ChangeSettings(ctx, "T1", "C1", c)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: ChangeSettings = %+v, %v\nwant %+v", text, got, err, want)
		}
		if read, _ := db.ChannelSettings(ctx, "T1", "C1"); !reflect.DeepEqual(read, want) {
			t.Fatalf("%q: read back %+v\nwant %+v", text, read, want)
		}
	}
	if want.TempoTarget != 4 || want.QuietAfterDays != 3 || want.IdeaStaleDays != 21 || want.ExperimentDays != 14 ||
		!reflect.DeepEqual(want.Levers, []string{"seo"}) || want.CheckInSchedule != "0 10 * * 2" {
		t.Errorf("final settings %+v", want)
	}
	// A schedule change afterwards keeps the levers and the numbers.
	sched.DigestSchedule = "off"
	if err := db.SaveSchedules(ctx, sched, nil, t0); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListChannels(ctx)
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0].Levers, []string{"seo"}) || list[0].TempoTarget != 4 || list[0].DigestSchedule != "off" {
		t.Errorf("ListChannels = %+v, %v", list, err)
	}
}

// TestChangeSettingsOfANewChannel starts from the defaults.
func TestChangeSettingsOfANewChannel(t *testing.T) {
	db := mustOpen(t)
	c, _ := experiments.ParseSettingsChange("quiet 5")
	got, err := db.ChangeSettings(context.Background(), "T1", "C9", c)
	want := experiments.DefaultChannelSettings("T1", "C9")
	want.QuietAfterDays = 5
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ChangeSettings = %+v, %v; want %+v", got, err, want)
	}
}

// TestLoadDigestCarriesLevers: the look-back facts carry each
// experiment's lever, so the digest breaks them down without another read.
func TestLoadDigestCarriesLevers(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	now := t0
	for i, lever := range []string{"activation", "activation", "referral", ""} {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Lever: lever,
			Status: experiments.StatusRunning, CreatedAt: now.Add(-days(20 + i))}
		mustCreate(t, db, &e)
		if i < 3 {
			decideAt(t, db, e, []experiments.Decision{experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionKeep}[i], now.Add(-days(i+1)))
		}
	}
	week := func(experiments.ChannelSettings) experiments.ReviewWeek {
		return experiments.ReviewedWeek(now, time.UTC)
	}
	d, err := db.LoadDigest(ctx, "T1", "C1", week, 8)
	if err != nil {
		t.Fatal(err)
	}
	r := experiments.LeverStats(d.Launches, d.Decisions, experiments.DefaultLevers, now)
	want := []experiments.LeverStat{{Lever: "activation", Launches: 2, Decided: 2, WinRate: 0.5}, {Lever: "referral", Launches: 1, Decided: 1, WinRate: 1}}
	if !reflect.DeepEqual(r.Levers, want) || r.BlindSpot != "acquisition" {
		t.Errorf("LeverStats of the loaded facts = %+v", r)
	}
	// The channel's own levers: referral comes as its place in the list,
	// activation, dropped since, by its name.
	own, _ := experiments.ParseSettingsChange("levers seo,referral")
	if _, err := db.ChangeSettings(ctx, "T1", "C1", own); err != nil {
		t.Fatal(err)
	}
	if d, err = db.LoadDigest(ctx, "T1", "C1", week, 8); err != nil {
		t.Fatal(err)
	}
	r = experiments.LeverStats(d.Launches, d.Decisions, d.Settings.LeverList(), now)
	want = []experiments.LeverStat{want[1], want[0]}
	if !reflect.DeepEqual(r.Levers, want) || r.BlindSpot != "seo" {
		t.Errorf("LeverStats with the channel's own levers = %+v", r)
	}
}
