package main

import (
	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/storage"
)

// appStores is the database as every group of stores the App uses; the
// compiler checks that *storage.DB implements each.
func appStores(db *storage.DB) bot.Stores {
	return bot.Stores{
		Experiments: db,
		Lifecycle:   db,
		CheckIns:    db,
		Goals:       db,
		Settings:    db,
		Ideas:       db,
		Digest:      db,
		Plan:        db,
		Home:        db,
	}
}
