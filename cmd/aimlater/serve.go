package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aimlater/aimlater/bot"
)

// cmdServe runs the Slack bot until ctx is cancelled (SIGINT/SIGTERM in
// main): socket mode for commands and interactions, the outbox sender for
// everything the bot posts.
func cmdServe(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("serve takes no arguments")
	}
	if err := env.cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	log := newLogger(env.cfg, env.stderr)
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()

	app := bot.NewApp(db, log, env.cfg.Location())
	socket, api := bot.NewSocket(app, env.cfg.BotToken, env.cfg.AppToken, env.cfg.APIURL, log)
	sender := bot.NewSender(db, api, log)
	socket.Wake = sender.Wake

	// The sender outlives the socket loop so that what the last in-flight
	// handlers queued still goes out before the database closes.
	senderCtx, stopSender := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = sender.Run(senderCtx)
	}()
	log.Info("aimlater serving", "version", version, "db", env.cfg.DBPath)
	err = socket.Run(ctx)
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
