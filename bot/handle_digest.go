package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// cmdDigest posts this channel's digest now, through the outbox like every
// post, and tells the caller; a channel with no experiments gets none.
func (a *App) cmdDigest(ctx context.Context, c Command, args string) (Reply, error) {
	if args != "" {
		return Reply{}, a.usageError("`/exp digest` takes no arguments: it posts this channel's weekly digest now.")
	}
	msgs, err := a.DigestMessages(ctx, c.Team, c.Channel, a.Now())
	if err != nil {
		return Reply{}, fmt.Errorf("digest: %w", err)
	}
	if len(msgs) == 0 {
		return a.nothingToDigest(), nil
	}
	if err := a.store.EnqueueMessages(ctx, msgs...); err != nil {
		return Reply{}, fmt.Errorf("queue digest: %w", err)
	}
	return textReply(":bar_chart: Digest posted to the channel."), nil
}

// cmdStats shows the caller this channel's numbers and stage, ephemerally.
func (a *App) cmdStats(ctx context.Context, c Command, args string) (Reply, error) {
	if args != "" {
		return Reply{}, a.usageError("`/exp stats` takes no arguments: it shows this channel's numbers.")
	}
	r, ok, err := a.loadDigest(ctx, c.Team, c.Channel, a.Now(), nil)
	if err != nil {
		return Reply{}, fmt.Errorf("stats: %w", err)
	}
	if !ok {
		return a.nothingToDigest(), nil
	}
	title := "Numbers of week " + r.Week
	blocks := append([]slack.Block{header(title), contextLine(digestSubtitle(r))}, numbersBlocks(r)[1:]...)
	return Reply{Text: title, Blocks: append(blocks, stageBlock(r))}, nil
}

// nothingToDigest is the reply in a channel with no experiments.
func (a *App) nothingToDigest() Reply {
	return textReply(fmt.Sprintf("No experiments in this channel yet, so nothing to digest. Shoot first: `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w`.", a.CommandName))
}
