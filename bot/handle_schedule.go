package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// scheduleUsage shows every form of `schedule`.
const scheduleUsage = "`/exp schedule` shows when this channel's check-ins and digest run. Change them with " +
	"`/exp schedule checkins 0 10 * * 2,4` (10:00 on Tuesdays and Thursdays), `/exp schedule digest off` or " +
	"`/exp schedule tz Europe/Rome`; `default` goes back to the bot's default."

// shownTicks is how many upcoming times `schedule` lists.
const shownTicks = 3

// cmdSchedule shows or changes the channel's check-in and digest schedules
// and its zone. A bad value changes nothing; a good one takes effect at once.
func (a *App) cmdSchedule(ctx context.Context, c Command, args string) (Reply, error) {
	if c.isDM() {
		return Reply{}, a.usageError("Schedules belong to a channel: run `/exp schedule` in the channel whose check-ins you want to see or change.")
	}
	what, value := experiments.CutWord(args)
	value = strings.Join(strings.Fields(value), " ")
	switch strings.ToLower(what) {
	case "":
		return a.showSchedules(ctx, c)
	case "checkins", "checkin", "check-ins":
		return a.changeSchedule(ctx, c, schedule.KindCheckIns, value)
	case "digest":
		return a.changeSchedule(ctx, c, schedule.KindDigest, value)
	case "tz", "zone":
		return a.changeZone(ctx, c, value)
	}
	return Reply{}, a.usageError(scheduleUsage)
}

func (a *App) showSchedules(ctx context.Context, c Command) (Reply, error) {
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	return a.scheduleReply(":calendar: *Schedules of this channel*", ch), nil
}

// changeSchedule sets the channel's own schedule of kind: a cron spec,
// off, or default (the bot's).
func (a *App) changeSchedule(ctx context.Context, c Command, kind, value string) (Reply, error) {
	if value == "" {
		return Reply{}, a.usageError("Say when, e.g. `/exp schedule %s 0 10 * * 2,4`, or `off`, or `default`.", kind)
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	spec, err := checkUserSpec(value, ch)
	if err != nil {
		return Reply{}, err
	}
	next := ch.settings
	if kind == schedule.KindDigest {
		next.DigestSchedule = spec
	} else {
		next.CheckInSchedule = spec
	}
	return a.saveSchedules(ctx, c, ch, next, fmt.Sprintf(":calendar: *%s of this channel changed.*", kindName(kind)))
}

// changeZone sets the channel's own zone, or default (the bot's).
func (a *App) changeZone(ctx context.Context, c Command, value string) (Reply, error) {
	if value == "" {
		return Reply{}, a.usageError("Name a zone, e.g. `/exp schedule tz Europe/Rome`, or `default`.")
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	next := ch.settings
	next.TimeZone = ""
	if !strings.EqualFold(value, "default") {
		loc, err := schedule.LoadZone(value)
		if err != nil {
			return Reply{}, experiments.Errorf(experiments.EINVALID,
				"`%s` is not a time zone: use an IANA name such as `Europe/Rome`, `America/New_York` or `UTC`.", blockkit.Truncate(value, 60))
		}
		next.TimeZone = loc.String()
	}
	return a.saveSchedules(ctx, c, ch, next, ":earth_africa: *This channel's zone changed.*")
}

// saveSchedules stores next and reschedules the channel. A kind whose
// spec or zone changed starts afresh now (see SaveSchedules): it does not
// catch up a tick its new schedule would have had earlier.
func (a *App) saveSchedules(ctx context.Context, c Command, ch channelContext, next experiments.ChannelSettings, headline string) (Reply, error) {
	var restart []string
	for _, kind := range []string{schedule.KindCheckIns, schedule.KindDigest} {
		if a.Schedules.SpecFor(ch.settings, kind) != a.Schedules.SpecFor(next, kind) ||
			a.zoneOf(ch.settings).String() != a.zoneOf(next).String() {
			restart = append(restart, kind)
		}
	}
	if err := a.store.Settings.SaveSchedules(ctx, next, restart, ch.now); err != nil {
		return Reply{}, err
	}
	if a.Reschedule != nil {
		if err := a.Reschedule(ctx, c.Team, c.Channel); err != nil {
			// Saved all the same: the scheduler's next rescan applies it.
			a.log.Error("reschedule after change", "team", c.Team, "channel", c.Channel, "err", err)
		}
	}
	return a.scheduleReply(headline, channelContext{settings: next, loc: a.zoneOf(next), now: ch.now}), nil
}

// scheduleReply lists the channel's zone and schedules under headline.
func (a *App) scheduleReply(headline string, ch channelContext) Reply {
	text := strings.Join([]string{headline,
		fmt.Sprintf("*Zone* %s%s", ch.loc, defaultMark(ch.settings.TimeZone)),
		a.scheduleLine(ch, schedule.KindCheckIns),
		a.scheduleLine(ch, schedule.KindDigest),
	}, "\n")
	usage := strings.ReplaceAll(scheduleUsage, "/exp", a.CommandName)
	return Reply{Text: text, Blocks: []slack.Block{blockkit.Section(text), blockkit.ContextLine(usage)}}
}

// scheduleLine is one schedule with its next times in the channel's zone.
func (a *App) scheduleLine(ch channelContext, kind string) string {
	own := ch.settings.CheckInSchedule
	if kind == schedule.KindDigest {
		own = ch.settings.DigestSchedule
	}
	spec, mark := a.Schedules.SpecFor(ch.settings, kind), defaultMark(own)
	if own != "" && schedule.OwnTooFrequent(own) {
		mark = fmt.Sprintf(" _(bot default: this channel's `%s` runs more often than hourly)_", blockkit.EscapeMarkup(blockkit.Truncate(own, 60)))
	}
	if spec == schedule.Off {
		return fmt.Sprintf("*%s* off%s", kindName(kind), mark)
	}
	s, err := schedule.Parse(spec, ch.loc)
	if err != nil {
		return fmt.Sprintf("*%s* `%s`%s — not a valid schedule, so it does not run", kindName(kind), blockkit.EscapeMarkup(spec), mark)
	}
	return fmt.Sprintf("*%s* `%s`%s — next: %s", kindName(kind), blockkit.EscapeMarkup(spec), mark, nextTimes(s, ch.now, ch.loc))
}

// nextTimes lists the schedule's next shownTicks times after now in loc.
func nextTimes(s schedule.Spec, now time.Time, loc *time.Location) string {
	layout := "Mon 2 Jan 15:04 MST"
	if every := s.Every(); every > 0 && every%time.Minute != 0 {
		layout = "Mon 2 Jan 15:04:05 MST"
	}
	var times []string
	for t := s.Next(now); !t.IsZero() && len(times) < shownTicks; t = s.Next(t) {
		l := layout
		if t.In(loc).Year() != now.In(loc).Year() { // "@yearly" must not read "Fri 1 Jan, Sat 1 Jan"
			l = strings.Replace(layout, "2 Jan", "2 Jan 2006", 1)
		}
		times = append(times, t.In(loc).Format(l))
	}
	if len(times) == 0 {
		return "never"
	}
	return strings.Join(times, ", ")
}

// defaultMark notes a setting the channel left to the bot's default.
func defaultMark(own string) string {
	if own == "" {
		return " _(bot default)_"
	}
	return ""
}

// kindName is a kind of run as the schedule reply names it.
func kindName(kind string) string {
	if kind == schedule.KindDigest {
		return "Digest"
	}
	return "Check-ins"
}
