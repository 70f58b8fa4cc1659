package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// postTimeout bounds how long `digest --post` keeps trying: long enough to
// wait out a 429 or two, short enough for a terminal.
const postTimeout = 2 * time.Minute

// postDigest sends the digest to its channel with the bot's Sender, which
// paces, retries and threads it exactly as serve does. The messages go
// through an outbox in memory, not the database's, so that the digest is
// posted now, whatever serve's backlog, and a failure is reported here. A digest that fails to go out is reported; running the
// command again sends it again.
func postDigest(ctx context.Context, env *environment, app *bot.App, ch experiments.ChannelSettings, at time.Time) error {
	msgs, err := app.DigestMessages(ctx, ch.Team, ch.Channel, at)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if len(msgs) == 0 {
		return fmt.Errorf("digest: no experiments in channel %s: nothing to digest", ch.Channel)
	}
	box := &outbox.MemStore{}
	if err := box.EnqueueMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	api := slack.New(env.cfg.BotToken, slack.OptionAPIURL(env.cfg.APIURL))
	sender := outbox.NewSender(box, api, newLogger(env.cfg, env.stderr))
	ctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	if err := drainDigest(ctx, sender, box); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	fmt.Fprintf(env.stdout, "Posted the digest to %s (%s).\n", ch.Channel, digestParts(box.Sent()))
	return nil
}

// digestParts says how many messages a digest took.
func digestParts(n int) string {
	if n == 1 {
		return experiments.CountOf(n, "message")
	}
	return experiments.CountOf(n, "message") + ", continued in its thread"
}

// drainDigest runs the sender until box has nothing pending. Thread replies
// join the box as their first message is sent, and wait out Slack's pace
// of a message a second, hence the passes.
func drainDigest(ctx context.Context, sender *outbox.Sender, box *outbox.MemStore) error {
	for {
		if _, err := sender.DrainOnce(ctx); err != nil {
			return err
		}
		if dead := box.FirstDeadError(); dead != "" {
			return fmt.Errorf("slack refused the digest: %s", dead)
		}
		if box.Pending() == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d messages not sent in %s: %w", box.Pending(), postTimeout, ctx.Err())
		case <-sender.After(sender.PollInterval):
		}
	}
}
