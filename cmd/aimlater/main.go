// Command aimlater runs the aimlater Slack bot and its maintenance
// subcommands. Configuration comes from the environment, with a .env file in
// the working directory read first when present (the real environment wins).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit statuses: 2 is a usage or configuration error, 1 anything else.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	getenv, err := loadEnv(dotEnvFile, os.LookupEnv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "aimlater: %v\n", err)
		os.Exit(exitUsage)
	}
	os.Exit(run(ctx, os.Args[1:], getenv, os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a problem with the command line or the configuration: it
// exits with status 2 and one line on stderr.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is main without the process: it reads args and getenv, writes to
// stdout/stderr and returns the exit status, so tests can call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	name, rest := "serve", args
	if len(args) > 0 {
		name, rest = args[0], args[1:]
	}
	sub, ok := lookupSubcommand(name)
	if !ok {
		fmt.Fprintf(stderr, "aimlater: unknown command %q\n\n%s", name, usage())
		return exitUsage
	}
	env := &environment{cfg: LoadConfig(getenv), stdin: stdin, stdout: stdout, stderr: stderr}
	err := runSubcommand(ctx, env, sub, rest)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "aimlater: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "aimlater: %v\n", err)
		return exitFailed
	}
}

// environment is what a subcommand runs with.
type environment struct {
	cfg    Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command func(ctx context.Context, env *environment, args []string) error
