package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/experiments"
)

// consoleHelp lists the console's own commands.
const consoleHelp = `Console commands:
  new …, list, show #1, …   any /exp command, with or without /exp ("help" lists them)
  :user U2                  act as another user (":user" alone says who you are)
  :channel C2               move to another channel; a channel D… is a direct message
  :tick checkins            run the check-in tick now and show the DMs it sends
  :tick digest              run the digest tick now and show the posts it sends
  :home                     show your App Home tab: your experiments of every channel
  :now 2026-11-02 10:00     move the console's clock (deadlines, quiet, ticks follow it)
  :now / :now real          show the clock / put it back to the real time
  :help                     this help
  :quit                     leave (so does the end of the input)
Lines starting with # are comments.`

// tickKinds are the jobs :tick runs.
var tickKinds = map[string]bool{"checkins": true, "digest": true}

// meta runs a console command, one starting with a colon.
func (c *console) meta(ctx context.Context, text string) (quit bool, err error) {
	name, arg, _ := strings.Cut(strings.TrimPrefix(text, ":"), " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(name) {
	case "quit", "q", "exit":
		return true, nil
	case "help":
		fmt.Fprintln(c.out, consoleHelp)
	case "user":
		c.switchTo(&c.user, arg)
	case "channel":
		c.switchTo(&c.channel, arg)
	case "tick":
		return false, c.tick(ctx, arg)
	case "home":
		return false, c.home(ctx)
	case "now":
		return false, c.setNow(ctx, arg)
	default:
		fmt.Fprintf(c.out, "Unknown console command %q.\n%s\n", ":"+name, consoleHelp)
	}
	return false, nil
}

// switchTo sets *field to id when id is a valid Slack ID, then says who and
// where the console acts; with no id it only says so.
func (c *console) switchTo(field *string, id string) {
	if id != "" {
		if err := checkSlackID(id); err != nil {
			fmt.Fprintf(c.out, "%v. %s\n", err, c.identity())
			return
		}
		*field = id
	}
	fmt.Fprintln(c.out, c.identity())
}

// identity says who and where the console acts.
func (c *console) identity() string {
	s := fmt.Sprintf("You are @%s in #%s", c.user, c.channel)
	if strings.HasPrefix(c.channel, "D") {
		s += " (a direct message: your experiments from every channel)"
	}
	return s + "."
}

// checkSlackID accepts what looks like a Slack ID: letters and digits.
func checkSlackID(id string) error {
	if id == "" || len(id) > 30 || strings.IndexFunc(id, notIDRune) >= 0 {
		return fmt.Errorf("%q is not a Slack ID (want letters and digits, e.g. U2 or C2)", id)
	}
	return nil
}

// notIDRune reports whether r cannot be part of a Slack ID.
func notIDRune(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
}

// tick runs a scheduled job now for the current channel and shows what it
// sends. The job records the tick like a scheduled one, so the next
// scheduled run does not send the same again.
func (c *console) tick(ctx context.Context, kind string) error {
	if !tickKinds[kind] {
		fmt.Fprintln(c.out, "Say which tick: :tick checkins or :tick digest.")
		return nil
	}
	if c.ticker == nil {
		fmt.Fprintln(c.out, "Ticks are not available yet in this build.")
		return nil
	}
	msgs, err := c.ticker.TickNow(ctx, kind, c.team, c.channel)
	if err != nil {
		fmt.Fprintf(c.out, "⚠️ The %s tick failed: %s\n", kind, tickError(err))
		return nil
	}
	fmt.Fprintf(c.out, "Tick %s for #%s: %s.\n", kind, c.channel, messageCount(len(msgs)))
	return c.drain(ctx)
}

// tickError is what the console shows of a failed tick: the message of a
// user error, the whole error otherwise, since the console's user runs it.
func tickError(err error) string {
	if experiments.ErrorCode(err) != experiments.EINTERNAL {
		return experiments.ErrorMessage(err)
	}
	return err.Error()
}

// messageCount says how many messages a tick queued.
func messageCount(n int) string {
	switch n {
	case 0:
		return "nothing to send"
	case 1:
		return "1 message"
	}
	return fmt.Sprintf("%d messages", n)
}

// banner greets a person at a terminal.
func (c *console) banner() {
	fmt.Fprintf(c.out, "aimlater console: every /exp command, no Slack needed (database %s, team %s).\n", c.dbPath, c.team)
	fmt.Fprintf(c.out, "%s Type help for the commands, :help for the console's own, :quit to leave.\n\n", c.identity())
}
