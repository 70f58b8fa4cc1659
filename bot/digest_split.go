package bot

import (
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// digestMessages returns the digest as one post to its channel. Past
// Slack's 50 blocks a message is refused whole, so a longer digest carries
// the rest as thread replies of 50 blocks each, which the sender posts
// under the first once Slack has given it a ts (see outgoing.Replies).
// Files, such as its chart, follow in the thread (outgoing.ThreadFiles).
func digestMessages(r digestReport, files ...outbox.File) []experiments.OutboxMessage {
	parts := splitBlocks(digestBlocks(r), blockkit.MaxMessageBlocks)
	text := digestFallback(r)
	first := outgoing{Channel: r.Channel, Text: text, Blocks: blocksOf(parts[0]...), ThreadFiles: files}
	for i, p := range parts[1:] {
		more := fmt.Sprintf("Week %s digest, continued (%d of %d)", r.Week, i+2, len(parts))
		first.Replies = append(first.Replies, outgoing{Channel: r.Channel, Text: more, Blocks: blocksOf(p...)})
	}
	return []experiments.OutboxMessage{message(kindPost, r.Team, first)}
}

// splitBlocks cuts blocks into runs of at most max, in order; it always
// returns at least one run.
func splitBlocks(blocks []slack.Block, max int) [][]slack.Block {
	parts := [][]slack.Block{}
	for len(blocks) > max {
		parts = append(parts, blocks[:max])
		blocks = blocks[max:]
	}
	return append(parts, blocks)
}

// digestFallback is the digest's notification text: the week and the
// counts that matter most.
func digestFallback(r digestReport) string {
	return fmt.Sprintf("Week %s digest: %d shipped, %d decided, %d to decide now, %d gone quiet.",
		r.Week, r.Activity.ShippedTotal, r.Activity.DecidedTotal, len(r.Overdue), len(r.Quiet))
}
