package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// helpText is the usage; /exp is replaced by the configured command name.
const helpText = "*Shoot first, aim later.* Launch small experiments, check in, decide keep / kill / iterate.\n\n" +
	"`/exp new <title> [metric:] [target:] [by:] [goal:] [lever:] [ice:]` launch an experiment (no title: a form)\n" +
	"`/exp idea <title> [… ice:8/6/9]` save an idea for later\n" +
	"`/exp launch #7 [by:]` launch an idea (anyone's) · `/exp next` the idea to launch next, and why (`/exp next skip #7`: not now)\n" +
	"`/exp list [running|ideas|decided|all] [mine] [page:2]` this channel's experiments (in a DM: yours, every channel)\n" +
	"`/exp show #4` one experiment with its check-ins\n" +
	"`/exp edit #4 [title:] [hypothesis:] [metric:] [target:] [by:] [goal:] [lever:] [ice:]` change just those (alone: a form)\n" +
	"`/exp log #4 [value] [note]` log a result (`off-track` marks trouble)\n" +
	"`/exp decide #4 keep|kill|iterate [learning] [change: …]` decide and say what you learned (iterate: what the follow-up changes)\n" +
	"`/exp learn #4 <learning>` say what a decided experiment taught · `/exp undo #4` take back your decision (10 minutes)\n" +
	"`/exp goal <title> [metric:] [target:] [by:]` set a goal (no by: 90 days) · `/exp goal close|reopen|edit G1 …` · `/exp goals [all]` list them\n" +
	"`/exp goal log G1 4300 [note]` log the goal's own number (the first is its start) · `/exp goal edit G1 start:3000` set the start\n" +
	"`/exp plan` the 90-day plan: each open goal, soonest deadline first, its tests, its progress and the next move\n" +
	"`/exp learnings [words] [page:2]` what this channel learned, newest first, or the learnings that mention those words\n" +
	"`/exp away <days|off>` pause your check-in DMs\n" +
	"`/exp digest` post this channel's weekly digest now · `/exp stats` its numbers, just for you\n" +
	"`/exp schedule [checkins|digest <cron|off|default> · tz <Area/City|default>]` see or change when check-ins and the digest run\n" +
	"`/exp settings [levers a,b,c · tempo 4 · quiet 5 · stale 21 · length 10d]` see or change this channel's levers and rhythm\n"

// helpExamples shows the grammar in use.
const helpExamples = "Examples: `/exp new Try LinkedIn carousel ads metric:signups target:+20% by:2w` · " +
	"`/exp new Webinar: pricing page metric:\"trial signups\" target:1,200 by:fri goal:G1` · " +
	"`/exp decide #4 iterate carousels beat single images change: the same carousels as video`. " +
	"Dates: `2026-12-04`, `today`, `tomorrow`, `fri`, `+10d`, `2w`. Targets: `500`, `1,200`, `3.5`, `+20%`, `-10%`, and `<50` where lower is better (a cost, a bounce rate)."

func (a *App) cmdHelp(_ context.Context, _ Command, _ string) (Reply, error) {
	// The usage shows placeholders such as <title>, which Slack would read
	// as links: escape it like any text.
	usage := blockkit.EscapeMarkup(strings.ReplaceAll(helpText, "/exp", a.CommandName))
	examples := blockkit.EscapeMarkup(strings.ReplaceAll(helpExamples, "/exp", a.CommandName))
	return Reply{Text: usage, Blocks: []slack.Block{blockkit.Section(usage), blockkit.ContextLine(examples)}}, nil
}

// maxAwayDays bounds an away period.
const maxAwayDays = 365

// cmdAway pauses the caller's check-in DMs for some days, or resumes them.
func (a *App) cmdAway(ctx context.Context, c Command, args string) (Reply, error) {
	arg := strings.ToLower(strings.TrimSpace(args))
	if arg == "off" {
		if err := a.store.Settings.SetAway(ctx, c.Team, c.User, time.Time{}); err != nil {
			return Reply{}, err
		}
		return textReply(":wave: Welcome back: your check-in DMs are on again."), nil
	}
	days, ok := experiments.ParseDays(arg)
	if !ok || days < 1 || days > maxAwayDays {
		return Reply{}, a.usageError("Say how many days you are away (1–%d, as `7`, `10d` or `2w`) or `off`, e.g. `/exp away 2w`.", maxAwayDays)
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	until := ch.now.Add(time.Duration(days) * 24 * time.Hour)
	if err := a.store.Settings.SetAway(ctx, c.Team, c.User, until); err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":palm_tree: No check-in DMs until %s. `%s away off` to come back early.",
		until.In(ch.loc).Format("Mon 2 Jan 15:04 MST"), a.CommandName)), nil
}
