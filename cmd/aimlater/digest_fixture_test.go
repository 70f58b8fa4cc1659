package main

import (
	"cmp"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

// digestWeek is the week of the representative channel's golden digest;
// the digest is as of its last instant in Europe/Rome, 2026-11-29
// 23:59:59.999 CET.
const digestWeek = "2026-W48"

// digestFixture builds a channel, through storage with its clock pinned at
// each step, that has something in every section of the digest: shipped
// (one launched from an idea), decided with each verdict and learning (one
// learning with <!channel> and & to prove the escaping), overdue, quiet,
// stuck ideas with and without ICE, an idle goal and experiments with no
// goal. Times are Europe/Rome; the channel's zone is Europe/Rome.
type digestFixture struct {
	t   *testing.T
	db  *storage.DB
	ctx context.Context
	loc *time.Location
	g2  int64 // the goal nothing runs for
}

// newDigestFixture writes the representative channel C1 of team T1 to a new
// database and returns its path.
func newDigestFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "digest.db")
	db := openStore(t, path)
	defer db.Close()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	f := &digestFixture{t: t, db: db, ctx: context.Background(), loc: loc}
	f.build()
	return path
}

func (f *digestFixture) build() {
	s := experiments.DefaultChannelSettings("T1", "C1")
	s.TimeZone = "Europe/Rome"
	f.must(f.db.SaveChannelSettings(f.ctx, s))
	g1 := f.goal("Double trial signups", "signups", experiments.Target{Value: 100, Percent: true}, "2026-09-01 09:00")
	f.g2 = f.goal("Grow the newsletter to 10k", "subscribers", experiments.Target{Value: 10000}, "2026-09-01 09:05").ID
	// G2's own number: its start, its latest by the reviewed week's end,
	// and one logged after it, which the digest of W48 does not read.
	f.goalValue(2, 3000, "2026-09-01 09:10")
	f.goalValue(2, 4300, "2026-11-26 18:00")
	f.goalValue(2, 9000, "2026-12-01 09:00")
	f.history(g1)
	f.thisWeek(g1)
}

// history is what happened before the digest's week: older decisions for
// the trend and win rate, the running experiments now overdue or quiet,
// and the ideas stuck in planning.
func (f *digestFixture) history(g1 experiments.Goal) {
	trial := f.running(runSpec{title: "Free trial extended to 30 days", launched: "2026-09-07 10:00", deadline: "2026-10-05", goal: g1.ID, metric: "trial signups", target: 500})
	f.decide(trial, experiments.DecisionKeep, "Longer trials convert better for teams of 5+.", "2026-10-05 16:00")
	calls := f.running(runSpec{title: "Cold calling the waiting list", launched: "2026-09-14 10:00", deadline: "2026-10-12", metric: "demos", target: 20})
	f.decide(calls, experiments.DecisionKill, "Nobody picks up before 10:00.", "2026-10-12 11:00")
	news := f.running(runSpec{title: "Newsletter sponsorship", launched: "2026-10-05 10:00", deadline: "2026-10-15", metric: "signups", target: 100})
	f.decide(news, experiments.DecisionKill, "", "2026-10-19 09:30")
	f.idea("Partner co-marketing with Acme", "2026-10-01 09:00", experiments.ICE{Impact: 8, Confidence: 6, Ease: 9})
	f.idea("Annual plan discount", "2026-10-20 09:00", experiments.ICE{Impact: 5, Confidence: 5, Ease: 5})
	retarget := f.running(runSpec{title: "Retargeting on Meta", launched: "2026-10-30 10:00", deadline: "2026-11-20", goal: g1.ID, metric: "signups", target: 300})
	f.checkIn(retarget, "2026-11-25 10:00")
	f.running(runSpec{title: "SEO guides for onboarding", launched: "2026-11-01 10:00", deadline: "2026-11-25", metric: "organic visits"})
	f.idea("Demo videos on the homepage", "2026-11-01 12:00", experiments.ICE{})
	tiktok := f.running(runSpec{title: "TikTok teasers", launched: "2026-11-05 10:00", deadline: "2026-12-10"})
	f.checkIn(tiktok, "2026-11-15 18:00")
}

// thisWeek is the week of the digest: launches and a decision of each kind.
func (f *digestFixture) thisWeek(g1 experiments.Goal) {
	webinar := f.running(runSpec{title: "Webinar: pricing page", launched: "2026-10-26 10:00", deadline: "2026-11-23", goal: g1.ID, metric: "trial signups", target: 1200})
	f.checkIn(webinar, "2026-11-16 10:00")
	f.decide(webinar, experiments.DecisionKeep, "Live demos convert twice as well as recordings; run one every Tuesday.", "2026-11-24 15:00")
	cold := f.running(runSpec{title: "Cold email to CMOs", launched: "2026-11-02 10:00", deadline: "2026-11-20", metric: "replies", target: 50})
	f.decide(cold, experiments.DecisionKill, "<!channel> nobody replies to cold email & that's fine:\nwarm intros only.", "2026-11-25 11:00")
	podcast := f.running(runSpec{title: "Podcast spots", launched: "2026-11-03 10:00", deadline: "2026-11-24", goal: g1.ID, metric: "signups", target: 20, percent: true, owner: "U2"})
	f.iterate(podcast, "Works only for listeners on annual plans.", "Podcast spots that pitch the annual plan", "2026-11-26 17:00")
	f.running(runSpec{title: "Try LinkedIn carousel ads", launched: "2026-11-24 09:30", deadline: "2026-12-08", goal: g1.ID, metric: "signups", target: 20, percent: true, owner: "U2"})
	referral := f.idea("Referral bonus <b>&</b> swag", "2026-11-10 09:00", experiments.ICE{Impact: 7, Confidence: 7, Ease: 7})
	f.launch(referral, "2026-11-26 09:00")
	f.idea("Case studies with customers", "2026-11-27 09:00", experiments.ICE{Impact: 6, Confidence: 8, Ease: 4})
	f.readyEarly()
}

// readyEarly adds what the team's own record says is ready before its
// deadline: #17 logged past its target, #18 marked off track.
func (f *digestFixture) readyEarly() {
	webinars := f.running(runSpec{title: "Partner webinars", launched: "2026-11-16 10:00", deadline: "2026-12-20", metric: "signups", target: 15, owner: "U2"})
	f.checkInValue(webinars, "2026-11-24 11:00", 9, true) // below the target first: a first value past it asks instead
	f.checkInValue(webinars, "2026-11-27 11:00", 19, true)
	ebook := f.running(runSpec{title: "Gated e-book", launched: "2026-11-17 10:00", deadline: "2026-12-15", metric: "leads", target: 200})
	f.checkInValue(ebook, "2026-11-26 11:00", 12, false)
	contest := f.idea("Newsletter referral contest", "2026-11-05 09:00", experiments.ICE{Impact: 6, Confidence: 5, Ease: 7})
	_, err := f.db.UpdateExperiment(f.ctx, "T1", contest.Number, experiments.ExperimentUpdate{By: "U3", GoalID: &f.g2}, nil)
	f.must(err) // #19 serves G2, which has nothing running: the next idea, ahead of #4's higher ICE
}

// at reads a wall-clock time in Rome.
func (f *digestFixture) at(s string) time.Time {
	f.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, f.loc)
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

// date reads a calendar date.
func (f *digestFixture) date(s string) experiments.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		f.t.Fatal(err)
	}
	return experiments.DateOf(t, time.UTC)
}

func (f *digestFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// setNow pins the database's clock at a wall-clock time in Rome.
func (f *digestFixture) setNow(s string) {
	at := f.at(s)
	f.db.Now = func() time.Time { return at }
}

func (f *digestFixture) goal(title, metric string, target experiments.Target, created string) experiments.Goal {
	g := experiments.Goal{Team: "T1", Channel: "C1", Title: title, Metric: metric, Target: target,
		Author: "U1", CreatedAt: f.at(created)}
	f.must(f.db.CreateGoal(f.ctx, &g, nil))
	return g
}

// goalValue logs value on goal G<number> at the time written.
func (f *digestFixture) goalValue(number int, value float64, at string) {
	v := experiments.GoalValue{Value: value, By: "U1", At: f.at(at)}
	_, err := f.db.LogGoalValue(f.ctx, "T1", number, &v)
	f.must(err)
}

// runSpec is an experiment started with new: running from its launch,
// with no planning before it. Owner U1 unless set; targets are absolute
// unless percent.
type runSpec struct {
	title, launched, deadline, metric, owner string
	goal                                     int64
	target                                   float64
	percent                                  bool
}

// running launches an experiment with new at its launch time.
func (f *digestFixture) running(r runSpec) experiments.Experiment {
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: cmp.Or(r.owner, "U1"), Title: r.title,
		Status: experiments.StatusRunning, Metric: r.metric, Target: experiments.Target{Value: r.target, Percent: r.percent},
		Deadline: f.date(r.deadline), GoalID: r.goal, CreatedAt: f.at(r.launched)}
	f.must(f.db.CreateExperiment(f.ctx, &e, nil))
	return e
}

func (f *digestFixture) idea(title, created string, ice experiments.ICE) experiments.Experiment {
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U3", Title: title, ICE: ice, CreatedAt: f.at(created)}
	f.must(f.db.CreateExperiment(f.ctx, &e, nil))
	return e
}

func (f *digestFixture) launch(e experiments.Experiment, at string) {
	f.setNow(at)
	_, err := f.db.LaunchExperiment(f.ctx, "T1", e.Number, experiments.LaunchPlan{DefaultDeadline: f.date("2026-12-10")}, nil)
	f.must(err)
}

func (f *digestFixture) decide(e experiments.Experiment, d experiments.Decision, learning, at string) {
	f.setNow(at)
	_, err := f.db.DecideExperiment(f.ctx, "T1", e.Number, d, learning, "U1", nil)
	f.must(err)
}

func (f *digestFixture) iterate(e experiments.Experiment, learning, change, at string) {
	f.setNow(at)
	_, _, err := f.db.IterateExperiment(f.ctx, "T1", e.Number, learning, change, "U1", f.date("2026-12-17"), nil)
	f.must(err)
}

func (f *digestFixture) checkIn(e experiments.Experiment, at string) { f.checkInValue(e, at, 42, true) }

func (f *digestFixture) checkInValue(e experiments.Experiment, at string, value float64, onTrack bool) {
	c := experiments.CheckIn{Author: e.Owner, At: f.at(at), Value: &value, Note: "on its way", OnTrack: onTrack}
	_, err := f.db.AddCheckIn(f.ctx, "T1", e.Number, &c, nil)
	f.must(err)
}
