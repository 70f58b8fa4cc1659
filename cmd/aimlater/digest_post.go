package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/chart"
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
func postDigest(ctx context.Context, env *environment, app *bot.App, ch experiments.ChannelSettings, at time.Time, chartPath string) error {
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
	sender.RenderChart = chart.RenderJSON // drawn at the upload, not in the tick
	withSenderClock(sender)
	ctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	if err := drainDigest(ctx, sender, box); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	fmt.Fprintf(env.stdout, "Posted the digest to %s (%s).\n", ch.Channel, digestParts(tally(box)))
	if _, charts := chartsOf(msgs[0]); chartPath != "" && len(charts) > 0 {
		return writeChart(env.stdout, chartPath, charts[0])
	}
	return nil
}

// sentTally counts what a digest took: its messages and its files, sent
// or given up on.
type sentTally struct {
	messages, files int
	fileError       string // why a file was given up on, if one was
}

// tally counts box's rows.
func tally(box *outbox.MemStore) sentTally {
	var t sentTally
	for id := int64(1); ; id++ {
		r, ok := box.Row(id)
		switch {
		case !ok:
			return t
		case r.Msg.Kind == outbox.KindFile && !r.DeadAt.IsZero():
			t.fileError = r.LastError
		case r.Msg.Kind == outbox.KindFile && !r.SentAt.IsZero():
			t.files++
		case !r.SentAt.IsZero():
			t.messages++
		}
	}
}

// digestParts says what a digest took: "1 message, its chart in the
// thread", or why the chart is missing.
func digestParts(t sentTally) string {
	s := experiments.CountOf(t.messages, "message")
	if t.messages > 1 {
		s += ", continued in its thread"
	}
	switch {
	case t.fileError != "":
		s += "; its chart was not shared: " + t.fileError
	case t.files > 0:
		s += ", its chart in the thread"
	}
	return s
}

// drainDigest runs the sender until box has nothing pending. Thread replies
// join the box as their first message is sent, and wait out Slack's pace
// of a message a second, hence the passes. A chart given up on leaves the
// digest standing: tally reports it.
func drainDigest(ctx context.Context, sender *outbox.Sender, box *outbox.MemStore) error {
	for {
		if _, err := sender.DrainOnce(ctx); err != nil {
			return err
		}
		if dead := firstDeadPost(box); dead != "" {
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

// firstDeadPost is the error of the first message of the digest given up
// on, files aside, or "".
func firstDeadPost(box *outbox.MemStore) string {
	for id := int64(1); ; id++ {
		r, ok := box.Row(id)
		if !ok {
			return ""
		}
		if !r.DeadAt.IsZero() && r.Msg.Kind != outbox.KindFile {
			return r.LastError
		}
	}
}
