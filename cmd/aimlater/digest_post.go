package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// postTimeout bounds how long `digest --post` keeps trying: long enough to
// wait out a 429 or two, short enough for a terminal.
const postTimeout = 2 * time.Minute

// postDigest sends the digest to its channel with the bot's Sender, which
// paces, retries and threads it exactly as serve does. The messages go
// through an outbox in memory, not the database's: serve's sender may be
// draining that one right now, and the outbox has no claims, so both would
// post the digest. A digest that fails to go out is reported; running the
// command again sends it again.
func postDigest(ctx context.Context, env *environment, app *bot.App, ch experiments.ChannelSettings, at time.Time) error {
	msgs, err := app.DigestMessages(ctx, ch.Team, ch.Channel, at)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if len(msgs) == 0 {
		return fmt.Errorf("digest: no experiments in channel %s: nothing to digest", ch.Channel)
	}
	box := &memOutbox{}
	box.add(msgs...)
	api := slack.New(env.cfg.BotToken, slack.OptionAPIURL(env.cfg.APIURL))
	sender := bot.NewSender(box, api, newLogger(env.cfg, env.stderr))
	ctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	if err := drainDigest(ctx, sender, box); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	fmt.Fprintf(env.stdout, "Posted the digest to %s (%s).\n", ch.Channel, digestParts(box.sentCount()))
	return nil
}

// digestParts says how many messages a digest took.
func digestParts(n int) string {
	if n == 1 {
		return "1 message"
	}
	return fmt.Sprintf("%d messages, continued in its thread", n)
}

// drainDigest runs the sender until box has nothing pending. Thread replies
// join the box as their first message is sent, and wait out Slack's pace
// of a message a second, hence the passes.
func drainDigest(ctx context.Context, sender *bot.Sender, box *memOutbox) error {
	for {
		if _, err := sender.DrainOnce(ctx); err != nil {
			return err
		}
		if dead := box.deadError(); dead != "" {
			return fmt.Errorf("slack refused the digest: %s", dead)
		}
		if box.pending() == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d messages not sent in %s: %w", box.pending(), postTimeout, ctx.Err())
		case <-time.After(sender.PollInterval):
		}
	}
}

// memOutbox is a bot.OutboxStore in memory for the messages of one
// command.
type memOutbox struct {
	mu   sync.Mutex
	rows []*memRow
}

// memRow is one message and what became of it.
type memRow struct {
	msg  experiments.OutboxMessage
	sent bool
	dead string // the last error of a message given up on
}

// add queues msgs, due at once unless they say otherwise.
func (b *memOutbox) add(msgs ...experiments.OutboxMessage) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range msgs {
		m.ID = int64(len(b.rows) + 1)
		b.rows = append(b.rows, &memRow{msg: m})
	}
}

// DueHeads returns the oldest pending message of each queue when it is
// due at now, oldest first, as storage does.
func (b *memOutbox) DueHeads(_ context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var due []experiments.OutboxMessage
	seen := map[string]bool{}
	for _, r := range b.rows {
		queue := r.msg.Team + "/" + r.msg.Channel
		if r.sent || r.dead != "" || seen[queue] {
			continue
		}
		seen[queue] = true
		if !r.msg.NotBefore.After(now) && (limit <= 0 || len(due) < limit) {
			due = append(due, r.msg)
		}
	}
	return due, nil
}

// MarkSent marks message id sent.
func (b *memOutbox) MarkSent(_ context.Context, id int64, _ time.Time) error {
	return b.update(id, func(r *memRow) { r.sent = true })
}

// MarkSentWithReplies marks message id sent and, the first time, queues
// its thread replies.
func (b *memOutbox) MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error {
	first := false
	err := b.update(id, func(r *memRow) { first, r.sent = !r.sent, true })
	if err == nil && first {
		b.add(replies...)
	}
	return err
}

// RetryLater counts a failed attempt at message id and puts it off.
func (b *memOutbox) RetryLater(_ context.Context, id int64, notBefore time.Time, _ string) error {
	return b.update(id, func(r *memRow) { r.msg.Attempts, r.msg.NotBefore = r.msg.Attempts+1, notBefore })
}

// MarkDead gives up on message id.
func (b *memOutbox) MarkDead(_ context.Context, id int64, lastErr string) error {
	return b.update(id, func(r *memRow) { r.msg.Attempts, r.dead = r.msg.Attempts+1, lastErr })
}

// update applies change to message id under the lock.
func (b *memOutbox) update(id int64, change func(*memRow)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id < 1 || int(id) > len(b.rows) {
		return fmt.Errorf("no outbox message %d", id)
	}
	change(b.rows[id-1])
	return nil
}

// count returns how many rows match.
func (b *memOutbox) count(match func(*memRow) bool) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, r := range b.rows {
		if match(r) {
			n++
		}
	}
	return n
}

// pending counts the messages neither sent nor given up on.
func (b *memOutbox) pending() int {
	return b.count(func(r *memRow) bool { return !r.sent && r.dead == "" })
}

// sentCount counts the messages sent.
func (b *memOutbox) sentCount() int { return b.count(func(r *memRow) bool { return r.sent }) }

// deadError is the error of the first message given up on, or "".
func (b *memOutbox) deadError() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.rows {
		if r.dead != "" {
			return r.dead
		}
	}
	return ""
}
