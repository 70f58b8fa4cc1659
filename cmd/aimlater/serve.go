package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
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
	ops, err := startOps(env.cfg, log)
	if err != nil {
		return fmt.Errorf("AIMLATER_HTTP_ADDR: %w", err)
	}
	defer ops.stop()

	app := bot.NewApp(db, log, env.cfg.Location())
	app.Schedules = scheduleDefaults(env.cfg)
	// Forms opened before a restart still submit: their seal's key is the
	// database's, not the process's.
	if app.MetadataKey, err = db.Secret(ctx, "modal_metadata"); err != nil {
		return err
	}
	socket, api := bot.NewSocket(app, db, env.cfg.BotToken, env.cfg.AppToken, env.cfg.APIURL, log)
	if err := checkBotToken(ctx, api, log); err != nil {
		return err
	}
	sender := outbox.NewSender(db, api, log)
	sender.MaxAge = env.cfg.OutboxMaxAgeDuration()
	socket.Wake = sender.Wake
	zones := bot.NewUserZones(api, log)
	app.Zones = zones
	if err := bot.PrimeZones(ctx, db, zones); err != nil {
		log.Warn("owners' zones not primed; first check-ins use channel zones", "err", err)
	}
	sched := newScheduler(db, log, env.cfg, app, zones, sender.Wake)
	app.Reschedule = sched.Reload
	app.Watch = sched.Watch

	// The sender outlives the socket loop and the scheduler so that what
	// the last in-flight handlers and ticks queued still goes out before
	// the database closes.
	senderCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = sender.Run(senderCtx)
	}()
	// The background loops stop with the socket loop, also when it ends on
	// its own (an auth error).
	loopsCtx, stopLoops := context.WithCancel(ctx)
	var loops sync.WaitGroup
	loops.Add(3)
	go func() { defer loops.Done(); _ = sched.Run(loopsCtx) }()
	go func() { defer loops.Done(); _ = zones.Run(loopsCtx) }()
	go func() { defer loops.Done(); runPruner(loopsCtx, db, time.Now, log) }()
	log.Info("aimlater serving", "version", version, "db", env.cfg.DBPath)
	err = socket.Run(ctx)
	stopLoops()
	loops.Wait()
	stopSender()
	wg.Wait()
	if errors.Is(err, bot.ErrAuth) {
		return fmt.Errorf("SLACK_APP_TOKEN: %w", err)
	}
	if err != nil {
		return err
	}
	log.Info("aimlater stopped")
	return nil
}

// scheduleDefaults are the configured schedules of channels that chose none.
func scheduleDefaults(cfg Config) bot.ScheduleDefaults {
	return bot.ScheduleDefaults{CheckIns: cfg.CheckInSchedule, Digest: cfg.DigestSchedule}
}

// newScheduler builds the scheduler with both jobs: the check-in round and
// the App's digest. serve and the console's :tick share it.
func newScheduler(db *storage.DB, log *slog.Logger, cfg Config, app *bot.App, zones bot.ZoneLookup, wake func()) *bot.Scheduler {
	sched := bot.NewScheduler(db, log, scheduleDefaults(cfg), cfg.Location())
	sched.CatchUp = cfg.CatchUpWindow()
	sched.OnRecorded = wake
	sched.Register(bot.KindCheckIns, bot.NewCheckIns(db, zones).Job)
	sched.Register(bot.KindDigest, app.DigestTick)
	return sched
}

// checkBotToken asks Slack who the bot token belongs to. A token Slack
// refuses stops serve at once: every post would fail. Slack out of reach
// does not; the socket and the sender keep retrying until it is back.
func checkBotToken(ctx context.Context, api *slack.Client, log *slog.Logger) error {
	who, err := api.AuthTestContext(ctx)
	switch {
	case err == nil:
		log.Info("bot token accepted", "team", who.Team, "team_id", who.TeamID, "bot_user", who.UserID)
		return nil
	case bot.IsAuthError(err):
		return fmt.Errorf("SLACK_BOT_TOKEN: slack refused the bot token: %v", err)
	}
	log.Warn("could not check the bot token; going on", "err", err)
	return nil
}
