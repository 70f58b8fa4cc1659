package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The App Home: each person's tab in the bot's app, with their running
// experiments across channels (overdue first) and the check-in buttons, their
// ideas ranked as `/exp next` ranks them with Launch, a line of this week's
// numbers for each channel they work in, and how to use the three commands
// that matter. Slack shows a home to its person alone, so its buttons act
// as from their DM with the bot (homeReaches, checkInAllowed).
//
// A home is published through the outbox (kindHome, views.publish), drawn
// when it is queued: on app_home_opened, in a write keyed by the event's
// event_id, so a redelivered event publishes nothing more; and again after
// the person acts from it, with what they did on top.

// HomeStore is what the App Home needs from storage. *storage.DB implements
// it.
type HomeStore interface {
	// LoadHome reads a person's open work across channels and the facts of
	// the channels they work in, in one snapshot (see experiments.HomeFacts).
	LoadHome(ctx context.Context, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek,
		limits experiments.HomeLimits) (experiments.HomeFacts, error)
	// EnqueueMessages queues messages: a published home is one, sent
	// through the outbox as every message is.
	EnqueueMessages(ctx context.Context, msgs ...experiments.OutboxMessage) error
}

// homeLimits are what a home reads at most: as many running experiments as
// its blocks can show (homeBlocks), the ideas and channels it shows.
var homeLimits = experiments.HomeLimits{Running: blockkit.MaxModalBlocks / 2, Ideas: 10, Channels: 10}

// HomeView draws user's App Home as it stands now; notice, when not empty,
// is escaped mrkdwn shown on top: what they just did from the home.
func (a *App) HomeView(ctx context.Context, team, user, notice string) (slack.HomeTabViewRequest, error) {
	h, err := a.loadHome(ctx, team, user)
	if err != nil {
		return slack.HomeTabViewRequest{}, err
	}
	h.notice = notice
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: blocksOf(h.blocks()...)}, nil
}

// HomeText is user's App Home as plain text, for the console's :home.
func (a *App) HomeText(ctx context.Context, team, user string) (string, error) {
	v, err := a.HomeView(ctx, team, user, "")
	if err != nil {
		return "", err
	}
	return blockkit.Plain(v.Blocks.BlockSet), nil
}

// OpenHome answers app_home_opened: it queues the publish of user's home.
// The request's Delivery in ctx (the event's event_id) is written with it,
// so a redelivery changes nothing (experiments.ErrDuplicate).
func (a *App) OpenHome(ctx context.Context, team, user string) error {
	return a.queueHome(ctx, team, user, "")
}

// ShowOnHome tells user what came of a click on their home: the home again,
// with r's text on top. A click there has no channel to answer in and no
// response_url; the home is where they are.
func (a *App) ShowOnHome(ctx context.Context, team, user string, r Reply) error {
	if r.Text == "" {
		return nil
	}
	return a.queueHome(ctx, team, user, r.Text)
}

// republishHome queues user's home again after they acted from it, with
// notice on top. It is a write of its own, after the change: should the
// process die between the two, the home shows the change the next time it
// is opened. A failure is logged; the change stands.
func (a *App) republishHome(ctx context.Context, team, user, notice string) {
	if err := a.queueHome(ctx, team, user, notice); err != nil {
		a.log.Warn("home not republished", "team", team, "user", user, "err", err)
	}
}

// queueHome draws user's home and queues its publish.
func (a *App) queueHome(ctx context.Context, team, user, notice string) error {
	v, err := a.HomeView(ctx, team, user, notice)
	if err != nil {
		return fmt.Errorf("draw home: %w", err)
	}
	return a.store.Home.EnqueueMessages(ctx, message(kindHome, team, outgoing{User: user, Text: "Home", Blocks: v.Blocks}))
}

// loadHome reads user's home: their lists in the order they are shown, and
// each channel's numbers as `/exp stats` there computes them (the week the
// digest reviews, in the channel's zone).
func (a *App) loadHome(ctx context.Context, team, user string) (homeView, error) {
	now := a.Now()
	week := func(s experiments.ChannelSettings) experiments.ReviewWeek {
		return experiments.ReviewedWeek(now, a.zoneOf(s))
	}
	f, err := a.store.Home.LoadHome(ctx, team, user, week, homeLimits)
	if err != nil {
		return homeView{}, fmt.Errorf("load home: %w", err)
	}
	experiments.SortHomeRunning(f.Running)
	order := experiments.HomeIdeaOrder(f.Channels)
	order.Sort(f.Ideas)
	return homeView{HomeFacts: f, order: order, user: user, now: now,
		loc: ownerZone(a.Zones, team, user, a.Zone), command: a.CommandName}, nil
}

// homeIdea is the idea a Launch on the clicker's home names, if it is
// theirs (homeReaches): the click then acts as `launch #6` typed in the
// idea's channel by its owner. Anything else does not exist.
func (a *App) homeIdea(ctx context.Context, act Action, n int) (Command, experiments.Experiment, error) {
	e, err := a.store.Experiments.FindExperiment(ctx, act.Team, n)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND || (err == nil && !homeReaches(e, act.User)) {
		return Command{}, experiments.Experiment{}, experimentNotFound(n)
	}
	if err != nil {
		return Command{}, experiments.Experiment{}, fmt.Errorf("find idea of home click: %w", err)
	}
	return Command{Team: act.Team, Channel: e.Channel, User: act.User}, e, nil
}
