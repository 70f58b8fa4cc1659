package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/chart"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/bot/socket"
	"github.com/aimlater/aimlater/storage"
	"github.com/slack-go/slack"
)

// cmdServe runs the Slack bot until ctx is cancelled (SIGINT/SIGTERM in
// main): socket mode for commands and interactions, the scheduler for the
// check-ins and the digest, the outbox sender for everything the bot posts.
func cmdServe(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("serve takes no arguments")
	}
	if err := env.cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	log := newLogger(env.cfg, env.stderr)
	db, err := openOwnDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	obs := newObservability(db)
	ops, err := startOps(env.cfg, log, obs)
	if err != nil {
		return fmt.Errorf("AIMLATER_HTTP_ADDR: %w", err)
	}
	defer ops.stop()

	b, err := wireBot(ctx, env.cfg, db, log, obs.metrics)
	if err != nil {
		return err
	}
	obs.health.setLink(b.socket)
	log.Info("aimlater serving", "version", version, "db", env.cfg.DBPath)
	err = b.run(ctx, db, log)
	if errors.Is(err, socket.ErrAuth) {
		return fmt.Errorf("SLACK_APP_TOKEN: %w", err)
	}
	if err != nil {
		return err
	}
	log.Info("aimlater stopped")
	return nil
}

// senderClock, when a test sets it, is the outbox sender's clock and wait
// in place of time.Now and time.After, so an end-to-end test can skip
// Slack's pacing instead of sitting through it. It is nil in production,
// where the sender keeps its defaults.
var senderClock interface {
	Now() time.Time
	After(time.Duration) <-chan time.Time
}

// withSenderClock gives sender the test's senderClock, if one is set.
func withSenderClock(sender *outbox.Sender) {
	if senderClock != nil {
		sender.Now, sender.After = senderClock.Now, senderClock.After
	}
}

// runningBot is serve's parts, wired: the socket-mode loop, the outbox
// sender, the owners' zones and the scheduler.
type runningBot struct {
	socket *socket.Socket
	sender *outbox.Sender
	zones  *bot.UserZones
	sched  *schedule.Scheduler
}

// wireBot builds the bot on db and checks the bot token with Slack.
func wireBot(ctx context.Context, cfg Config, db *storage.DB, log *slog.Logger, m *metrics) (*runningBot, error) {
	app := bot.NewApp(appStores(db), log, cfg.Location())
	app.Observe = m
	db.OnCommit(m.commit)
	app.Schedules = scheduleDefaults(cfg)
	// Forms opened before a restart still submit: their seal's key is the
	// database's, not the process's.
	var err error
	if app.MetadataKey, err = db.Secret(ctx, "modal_metadata"); err != nil {
		return nil, err
	}
	sock, api := socket.NewSocket(app, db, cfg.BotToken, cfg.AppToken, cfg.APIURL, log)
	who, err := checkBotToken(ctx, api, log)
	if err != nil {
		return nil, err
	}
	sock.SetIdentity(who.Team, who.UserID)
	sock.Observe = m
	sender := outbox.NewSender(db, api, log)
	sender.RenderChart = chart.RenderJSON // drawn at the upload, not in the tick
	sender.OnAttempt = m.sendAttempt
	sender.MaxAge = cfg.OutboxMaxAgeDuration()
	withSenderClock(sender)
	// The store wakes the sender after each commit that queued messages:
	// once per group commit, and not for commands that queue nothing (the
	// socket's Wake, after every committed request, made a sender pass per
	// `/exp log`).
	db.OnQueued(sender.Wake)
	zones := bot.NewUserZones(api, log)
	app.Zones = zones
	if err := bot.PrimeZones(ctx, db, zones); err != nil {
		log.Warn("owners' zones not primed; first check-ins use channel zones", "err", err)
	}
	sched := newScheduler(db, log, cfg, app, zones, sender.Wake)
	sched.Observe = m
	app.Reschedule = sched.Reload
	app.Watch = sched.Watch
	return &runningBot{socket: sock, sender: sender, zones: zones, sched: sched}, nil
}

// run serves until ctx is done or the socket loop ends on its own (an auth
// error), and returns why it ended.
func (b *runningBot) run(ctx context.Context, db *storage.DB, log *slog.Logger) error {
	// The sender outlives the socket loop and the scheduler so that what
	// the last in-flight handlers and ticks queued still goes out before
	// the database closes.
	senderCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = b.sender.Run(senderCtx)
	}()
	// The background loops stop with the socket loop, also when it ends on
	// its own.
	loopsCtx, stopLoops := context.WithCancel(ctx)
	var loops sync.WaitGroup
	loops.Add(3)
	go func() { defer loops.Done(); _ = b.sched.Run(loopsCtx) }()
	go func() { defer loops.Done(); _ = b.zones.Run(loopsCtx) }()
	go func() { defer loops.Done(); runPruner(loopsCtx, db, time.Now, log) }()
	err := b.socket.Run(ctx)
	stopLoops()
	loops.Wait()
	stopSender()
	wg.Wait()
	return err
}

// scheduleDefaults are the configured schedules of channels that chose none.
func scheduleDefaults(cfg Config) schedule.Defaults {
	return schedule.Defaults{CheckIns: cfg.CheckInSchedule, Digest: cfg.DigestSchedule}
}

// newScheduler builds the scheduler with both jobs: the check-in round and
// the App's digest. serve and the console's :tick share it.
func newScheduler(db *storage.DB, log *slog.Logger, cfg Config, app *bot.App, zones bot.ZoneLookup, wake func()) *schedule.Scheduler {
	sched := schedule.New(db, log, scheduleDefaults(cfg), cfg.Location())
	sched.CatchUp = cfg.CatchUpWindow()
	sched.OnRecorded = wake
	sched.Register(schedule.KindCheckIns, bot.NewCheckIns(db, zones).Job)
	sched.Register(schedule.KindDigest, app.DigestTick)
	return sched
}

// checkBotToken asks Slack who the bot token belongs to. A token Slack
// refuses stops serve at once: every post would fail. Slack out of reach
// does not; the socket and the sender keep retrying until it is back.
// It returns who the token is, empty when Slack was out of reach.
func checkBotToken(ctx context.Context, api *slack.Client, log *slog.Logger) (slack.AuthTestResponse, error) {
	who, err := api.AuthTestContext(ctx)
	switch {
	case err == nil:
		log.Info("bot token accepted", "team", who.Team, "team_id", who.TeamID, "bot_user", who.UserID)
		return *who, nil
	case socket.IsAuthError(err):
		return slack.AuthTestResponse{}, fmt.Errorf("SLACK_BOT_TOKEN: slack refused the bot token: %v", err)
	}
	log.Warn("could not check the bot token; going on", "err", err)
	return slack.AuthTestResponse{}, nil
}
