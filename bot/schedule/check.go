package schedule

import (
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/robfig/cron/v3"
)

// This file checks specs with the one reader of them: the scheduler runs
// what Parse reads, `/exp schedule` checks a channel's spec with
// CheckChannel, and `aimlater` checks the operator's defaults at start
// with CheckDefault. A bad spec is explained in words with an example
// (specProblem), never with robfig/cron's raw text.

// scheduleExamples closes every explanation of a bad spec.
const scheduleExamples = "e.g. `0 10 * * 2,4` for 10:00 on Tuesdays and Thursdays, `0 9 * * 1` for Mondays at 9:00, `@daily` or `@every 2h`"

// CheckDefault checks an operator's default schedule
// (AIMLATER_CHECKIN_SCHEDULE, AIMLATER_DIGEST_SCHEDULE) with the parser
// that runs it: "off", or a spec that reads and runs at least once. The
// hourly floor of channels does not apply: the operator chooses for the
// whole bot, and tests run with `@every 1s`. The error says what is wrong,
// with examples, in plain text (quotes, no backticks) for a terminal.
func CheckDefault(spec string) error {
	if spec == Off {
		return nil
	}
	s, err := Parse(spec, time.UTC)
	if err == nil && s.Next(time.Now()).IsZero() {
		err = fmt.Errorf("it never runs, %s", scheduleExamples)
	}
	if err != nil {
		return fmt.Errorf("%q is not a schedule: %s, or off", spec, strings.ReplaceAll(err.Error(), "`", `"`))
	}
	return nil
}

// CheckChannel validates a schedule a user typed for a channel whose zone
// is loc, at now, and returns what to store: the spec, "off", or "" for the
// bot's default. A channel may not run a schedule more often than once an
// hour (see tooFrequent). The error is an experiments.EINVALID whose
// message, in mrkdwn, says what is wrong.
func CheckChannel(value string, loc *time.Location, now time.Time) (string, error) {
	switch strings.ToLower(value) {
	case Off:
		return Off, nil
	case "default":
		return "", nil
	}
	s, err := Parse(value, loc)
	if err != nil {
		return "", experiments.Errorf(experiments.EINVALID, "`%s` is not a schedule: %s; or `off`, `default`.", experiments.Clip(value, 60), err)
	}
	if tooFrequent(s) {
		return "", experiments.Errorf(experiments.EINVALID, "`%s` runs more often than once an hour: a channel's check-ins and digest run at most hourly, "+
			"e.g. `@hourly`, `@every 2h` or `0 10 * * 1-5`.", experiments.Clip(value, 60))
	}
	if s.Next(now).IsZero() {
		return "", experiments.Errorf(experiments.EINVALID, "`%s` never runs. Try e.g. `0 10 * * 2,4`.", experiments.Clip(value, 60))
	}
	return value, nil
}

// tooFrequent reports whether s may fire twice within an hour, which a
// channel's own schedule may not. An @every period is compared with
// experiments.MinChannelSchedulePeriod. A cron spec is judged by its fields
// rather than by sampling fire times: a standard spec fires at second 0 of
// the minutes its minute field lists, in the hours its other fields allow,
// so two fires less than an hour apart happen exactly when the minute field
// lists more than one minute (`*/30`, `0,30`, `*`); with a single minute,
// any two fires are at least an hour apart on the wall clock. That is
// exact, where sampling the next N fires over a horizon can miss a spec
// that is dense only on some days (`* 9 1 1 *`). The wall clock, not the
// instants, is what counts: the DST jump makes `30 * * * *` fire twice in
// an hour of elapsed time once a year, which is no reason to refuse it.
func tooFrequent(s Spec) bool {
	if s.every > 0 {
		return s.every < experiments.MinChannelSchedulePeriod
	}
	const inRange = 1<<60 - 1 // bits 0–59; robfig marks a `*` with bit 63
	return bits.OnesCount64(s.wall.Second&inRange)*bits.OnesCount64(s.wall.Minute&inRange) > 1
}

// specFields names the five fields of a standard spec with their ranges and
// an example of each.
var specFields = [5]struct{ name, values, example string }{
	{"minute", "0–59", "0"},
	{"hour", "0–23", "10"},
	{"day-of-month", "1–31", "1"},
	{"month", "1–12 or jan–dec", "jan-mar"},
	{"weekday", "0–6 (0 is Sunday) or sun–sat", "mon-fri"},
}

// specProblem says in words what is wrong with a spec robfig/cron refused,
// with an example. It checks the spec's parts one by one: the zone, a
// descriptor, the number of fields, then each field alone.
func specProblem(spec string) string {
	body := strings.TrimSpace(spec)
	if zone, rest, ok := cutSpecZone(body); ok {
		if _, err := time.LoadLocation(zone); err != nil || zone == "" {
			return fmt.Sprintf("`%s` is not a time zone: write an IANA name before the schedule, e.g. `CRON_TZ=Europe/Rome 0 10 * * 2,4`", experiments.Clip(zone, 40))
		}
		if body = rest; body == "" {
			return "a zone needs a schedule after it, e.g. `CRON_TZ=Europe/Rome 0 10 * * 2,4`"
		}
	}
	if strings.HasPrefix(body, "@") {
		return descriptorProblem(body)
	}
	fields := strings.Fields(body)
	if len(fields) != 5 {
		return fmt.Sprintf("a schedule has five fields — minute hour day-of-month month weekday — and this has %d, %s", len(fields), scheduleExamples)
	}
	for i, f := range fields {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f
		if _, err := cron.ParseStandard(strings.Join(probe, " ")); err != nil {
			sf := specFields[i]
			return fmt.Sprintf("the %s field `%s` is not valid: it takes %s, a list (`1,15`), a range (`1-5`) or `*`, e.g. `%s`; %s",
				sf.name, experiments.Clip(f, 20), sf.values, sf.example, scheduleExamples)
		}
	}
	return "cron cannot read it, " + scheduleExamples
}

// cutSpecZone splits a leading `CRON_TZ=zone` or `TZ=zone` off a spec.
func cutSpecZone(spec string) (zone, rest string, ok bool) {
	for _, prefix := range []string{"CRON_TZ=", "TZ="} {
		if after, found := strings.CutPrefix(spec, prefix); found {
			zone, rest, _ = strings.Cut(after, " ")
			return zone, strings.TrimSpace(rest), true
		}
	}
	return "", spec, false
}

// descriptorProblem explains a bad `@…` spec.
func descriptorProblem(body string) string {
	word, arg, _ := strings.Cut(body, " ")
	if strings.EqualFold(word, "@every") {
		return fmt.Sprintf("`@every` needs a period such as `2h` or `90m`, not %s, e.g. `@every 2h`", experiments.Echo(arg))
	}
	return fmt.Sprintf("`%s` is not one of `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly` or `@every <period>`, %s",
		experiments.Clip(word, 20), scheduleExamples)
}
