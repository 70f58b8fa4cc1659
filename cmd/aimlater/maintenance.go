package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/aimlater/aimlater/storage"
)

// backupHint is the usage of `aimlater backup`.
const backupHint = "aimlater backup FILE"

// openDB validates what a local subcommand needs and opens the database,
// which must exist: export, backup and digest run in the wrong folder
// would otherwise make an empty one and report on nothing.
func openDB(env *environment) (*storage.DB, error) {
	return openWith(env, storage.OpenExisting)
}

// openNewDB is openDB for migrate, which may create the database.
func openNewDB(env *environment) (*storage.DB, error) {
	return openWith(env, storage.Open)
}

// openOwnDB opens the database for serve or console, which send from it:
// one such process per database. A second one exits with status 2. They
// create the database when there is none.
func openOwnDB(env *environment) (*storage.DB, error) {
	return openWith(env, storage.OpenExclusive)
}

func openWith(env *environment, open func(string) (*storage.DB, error)) (*storage.DB, error) {
	if err := env.cfg.ValidateLocal(); err != nil {
		return nil, usageError{err.Error()}
	}
	db, err := open(env.cfg.DBPath)
	switch {
	case errors.Is(err, storage.ErrInUse):
		return nil, usagef("AIMLATER_DB: %s is in use by another aimlater serve or console; "+
			"stop that one first (one process per database)", env.cfg.DBPath)
	case errors.Is(err, storage.ErrNoDatabase):
		return nil, fmt.Errorf("no database at %s (set AIMLATER_DB)", env.cfg.DBPath)
	case err != nil:
		return nil, fmt.Errorf("open database %s: %w", env.cfg.DBPath, err)
	}
	return db, nil
}

// cmdMigrate applies the migrations (Open does) and prints the version.
func cmdMigrate(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("migrate takes no arguments")
	}
	db, err := openNewDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "schema version %d (%s)\n", v, env.cfg.DBPath)
	return nil
}

// cmdBackup writes a consistent copy of the live database with VACUUM INTO.
func cmdBackup(ctx context.Context, env *environment, args []string) error {
	if len(args) != 1 || args[0] == "" {
		return usagef("backup wants one argument, the file to write: aimlater backup aimlater-2026-11-26.db")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	err = db.Backup(ctx, args[0])
	if errors.Is(err, storage.ErrURIName) {
		return usagef("backup wants a file name, not a file: URI: aimlater backup %s", uriPath(args[0]))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "backed up %s to %s\n", env.cfg.DBPath, args[0])
	return nil
}

// uriPath is the path part of a file: URI, for the example in an error.
func uriPath(name string) string {
	rest := name[len("file:"):]
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" {
		return "aimlater-2026-11-26.db"
	}
	return rest
}

// newFlagSet returns a flag set that reports problems as usage errors
// instead of exiting the process.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args and turns any problem into a usage error with the
// given hint.
func parseFlags(fs *flag.FlagSet, args []string, hint string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return helpRequest{fs}
	}
	if err != nil {
		return usagef("%s: %v (usage: %s)", fs.Name(), err, hint)
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q (usage: %s)", fs.Name(), fs.Arg(0), hint)
	}
	return nil
}
