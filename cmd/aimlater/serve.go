package main

import (
	"context"
)

// cmdServe runs the Slack bot.
func cmdServe(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("serve takes no arguments")
	}
	if err := env.cfg.Validate(); err != nil {
		return usageError{err.Error()}
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	return db.Close()
}
