package main

import (
	"context"
	"fmt"
)

// home prints the current user's App Home tab as Slack would show it after
// they open it: the very view serve publishes, as plain text. Its buttons
// read [Keep #4]; in the console, `decide #4 keep …` typed in a direct
// message (:channel D1) does what they do.
func (c *console) home(ctx context.Context) error {
	text, err := c.app.HomeText(ctx, c.team, c.user)
	if err != nil {
		fmt.Fprintf(c.out, "⚠️ The home could not be drawn: %s\n", tickError(err))
		return nil
	}
	fmt.Fprintf(c.out, "App Home of @%s:\n%s\n", c.user, text)
	return nil
}
