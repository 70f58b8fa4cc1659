package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// kindDigestNow is the tick ledger's name for the digests `/exp digest`
// posts; like a scheduled kind, it is never renamed.
const kindDigestNow = "digest-now"

// cmdDigest posts this channel's digest now, through the outbox like every
// post, and tells the caller; a channel with no experiments gets none. A
// channel gets at most one digest per experiments.DigestRepostInterval,
// scheduled ones included: within it the caller sees the digest alone.
func (a *App) cmdDigest(ctx context.Context, c Command, args string) (Reply, error) {
	if args != "" {
		return Reply{}, a.usageError("`/exp digest` takes no arguments: it posts this channel's weekly digest now.")
	}
	now := a.Now()
	r, ok, err := a.loadDigest(ctx, c.Team, c.Channel, now, nil)
	if err != nil {
		return Reply{}, fmt.Errorf("digest: %w", err)
	}
	if !ok {
		return a.nothingToDigest(), nil
	}
	posted, last, err := a.store.Digest.PostUnlessRecent(ctx, c.Team, c.Channel, kindDigestNow, now,
		now.Add(-experiments.DigestRepostInterval), a.digestPosts(r), schedule.KindDigest)
	if err != nil {
		return Reply{}, fmt.Errorf("queue digest: %w", err)
	}
	if !posted {
		return digestJustForYou(r, now.Sub(last)), nil
	}
	return textReply(":bar_chart: Digest posted to the channel."), nil
}

// digestJustForYou shows the caller the digest a channel got ago, saying
// why it is not posted again; it keeps to one message's blocks.
func digestJustForYou(r digestReport, ago time.Duration) Reply {
	text := fmt.Sprintf(":information_source: This channel got its digest %s, and gets one at most every %d minutes: here it is, just for you.",
		agoWords(ago), int(experiments.DigestRepostInterval/time.Minute))
	blocks := splitBlocks(digestBlocks(r), blockkit.MaxMessageBlocks-1)[0]
	return Reply{Text: text, Blocks: append([]slack.Block{blockkit.Section(text)}, blocks...)}
}

// agoWords says how long ago, in whole minutes.
func agoWords(d time.Duration) string {
	switch m := int(d / time.Minute); {
	case m < 1:
		return "less than a minute ago"
	default:
		return experiments.CountOf(m, "minute") + " ago"
	}
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
	blocks := append([]slack.Block{blockkit.Header(title), blockkit.ContextLine(digestSubtitle(r))}, numbersBlocks(r)[1:]...)
	blocks = append(blocks, leverBlocks(r)...)
	return Reply{Text: title, Blocks: append(blocks, stageBlock(r))}, nil
}

// nothingToDigest is the reply in a channel with no experiments.
func (a *App) nothingToDigest() Reply {
	return textReply(fmt.Sprintf("No experiments in this channel yet, so nothing to digest. Shoot first: `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w`.", a.CommandName))
}
