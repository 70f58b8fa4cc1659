package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// cmdSettings shows the channel's levers and rhythm (`/exp settings`) or
// changes one of them (`/exp settings tempo 4`). A bad value changes
// nothing; a good one takes effect at once, since the digest and every
// rule read the settings when they run.
func (a *App) cmdSettings(ctx context.Context, c Command, args string) (Reply, error) {
	if c.isDM() {
		return Reply{}, a.usageError("Settings belong to a channel: run `/exp settings` in the channel whose levers and rhythm you want to see or change.")
	}
	if strings.TrimSpace(args) == "" {
		ch, err := a.channel(ctx, c)
		if err != nil {
			return Reply{}, err
		}
		return a.settingsReply(":gear: *Settings of this channel*", ch.settings), nil
	}
	change, err := experiments.ParseSettingsChange(args)
	if err != nil {
		return Reply{}, a.usageError("%s", experiments.ErrorMessage(err))
	}
	s, err := a.store.Settings.ChangeSettings(ctx, c.Team, c.Channel, change)
	if err != nil {
		return Reply{}, err
	}
	return a.settingsReply(fmt.Sprintf(":gear: *This channel's %s changed.*", change.Changed()), s), nil
}

// settingsReply lists the channel's settings under headline, with how to
// change them and where the schedules are.
func (a *App) settingsReply(headline string, s experiments.ChannelSettings) Reply {
	d := experiments.DefaultChannelSettings(s.Team, s.Channel)
	text := strings.Join([]string{headline,
		"*Levers* " + blockkit.Escape(strings.Join(s.LeverList(), ", ")) + defaultIf(len(s.Levers) == 0 || slices.Equal(s.Levers, experiments.DefaultLevers)),
		"*Tempo target* " + experiments.PerWeek(float64(s.TempoTarget), "launch") + defaultIf(s.TempoTarget == d.TempoTarget),
		"*Gone quiet after* " + experiments.CountOf(s.QuietAfterDays, "day") + " without a check-in" + defaultIf(s.QuietAfterDays == d.QuietAfterDays),
		"*Ideas stuck after* " + experiments.CountOf(s.IdeaStaleDays, "day") + " unlaunched" + defaultIf(s.IdeaStaleDays == d.IdeaStaleDays),
		"*Default length* " + experiments.CountOf(s.ExperimentDays, "day") + " for an experiment with no `by:`" + defaultIf(s.ExperimentDays == d.ExperimentDays),
	}, "\n")
	usage := strings.ReplaceAll("Change one: "+experiments.SettingsUsage+" Schedules and zone: `/exp schedule`.", "/exp", a.CommandName)
	return Reply{Text: text, Blocks: []slack.Block{blockkit.Section(text), blockkit.ContextLine(usage)}}
}

// defaultIf marks a setting that has its default value.
func defaultIf(isDefault bool) string {
	if isDefault {
		return " _(default)_"
	}
	return ""
}
