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
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(stderr, "aimlater: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	env := &environment{cfg: LoadConfig(getenv), stdin: stdin, stdout: stdout, stderr: stderr}
	err := cmd(ctx, env, rest)
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

func commands() map[string]command {
	return map[string]command{
		"help":     cmdHelp,
		"-h":       cmdHelp,
		"--help":   cmdHelp,
		"version":  cmdVersion,
		"migrate":  cmdMigrate,
		"export":   cmdExport,
		"backup":   cmdBackup,
		"serve":    cmdServe,
		"manifest": cmdManifest,
		"console":  cmdConsole,
		"digest":   cmdDigest,
		"demo":     cmdDemo,
	}
}

const usage = `Usage: aimlater [command] [flags]

Commands:
  serve                         run the Slack bot (the default)
  console [--user U1] [--channel C1]
                                every command in a terminal, no Slack needed
  demo [--db aimlater-demo.db] [--user U1]
                                seed a database of its own with eight weeks of a team's
                                experiments, show its digest and check-in DMs, open the console
  digest --channel C [--team T] [--week YYYY-Www] [--post]
                                print a channel's weekly digest as text (as of the end of
                                that ISO week with --week); --post sends it to the channel
  migrate                       apply database migrations and print the schema version
  export [--format csv|json] [--channel C]
                                write every experiment with its check-ins and decision to stdout
  backup FILE                   write a consistent copy of the live database to FILE
  manifest                      print the Slack app manifest (create the app from it)
  version                       print the version
  help                          show this help

Configuration comes from the environment and from .env in the working
directory (the real environment wins). See README.md and .env.example.
`

func cmdHelp(_ context.Context, env *environment, _ []string) error {
	fmt.Fprint(env.stdout, usage)
	return nil
}

func cmdVersion(_ context.Context, env *environment, _ []string) error {
	fmt.Fprintf(env.stdout, "aimlater %s\n", version)
	return nil
}
