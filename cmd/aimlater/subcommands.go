package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// subcommand is one of aimlater's commands: how it runs and the usage
// that -h and help print.
type subcommand struct {
	name     string
	synopsis string // the command line, "aimlater export [--format csv|json] …"
	about    string // what it does; lines after the first are indented
	run      command
	flags    bool // it parses flags with parseFlags, which answers -h itself
}

// subcommands lists every command in the order help shows them.
func subcommands() []subcommand {
	return []subcommand{
		{"serve", "aimlater serve", "run the Slack bot (the default)", cmdServe, false},
		{"console", consoleHint, "every command in a terminal, no Slack needed", cmdConsole, true},
		{"demo", demoHint, "seed a database of its own with eight weeks of a team's\n" +
			"experiments, show its digest and check-in DMs, open the console", cmdDemo, true},
		{"digest", digestHint, "print a channel's weekly digest as text (as of the end of\n" +
			"that ISO week with --week); --post sends it to the channel", cmdDigest, true},
		{"migrate", "aimlater migrate", "create the database if needed, apply its migrations and\n" +
			"print the schema version", cmdMigrate, false},
		{"export", exportHint, "write every experiment with its decision (or, with --table\n" +
			"checkins, every check-in) to stdout", cmdExport, true},
		{"backup", backupHint, "write a consistent copy of the live database to FILE", cmdBackup, false},
		{"manifest", "aimlater manifest", "print the Slack app manifest (create the app from it)", cmdManifest, false},
		{"check", "aimlater check", "check the configuration, both Slack tokens, the bot's scopes\n" +
			"against the manifest and the database; exit 1 if any fails", cmdCheck, false},
		{"probe", probeHint, "exit 0 if serve's /healthz answers 200 (a container's\n" +
			"health check; URL defaults to AIMLATER_HTTP_ADDR's)", cmdProbe, false},
		{"version", "aimlater version", "print the version, VCS revision and commit time", cmdVersion, false},
		{"help", "aimlater help [COMMAND]", "show this help, or a command's", cmdHelp, false},
	}
}

// lookupSubcommand finds a command by name; -h and --help are help.
func lookupSubcommand(name string) (subcommand, bool) {
	if isHelpFlag(name) {
		name = "help"
	}
	all := subcommands()
	i := slices.IndexFunc(all, func(s subcommand) bool { return s.name == name })
	if i < 0 {
		return subcommand{}, false
	}
	return all[i], true
}

// runSubcommand runs sub with args, or prints its usage to stdout when
// args ask for help: `aimlater backup -h` is a question, not a file name.
func runSubcommand(ctx context.Context, env *environment, sub subcommand, args []string) error {
	if !sub.flags && sub.name != "help" && slices.ContainsFunc(args, isHelpFlag) {
		printSubcommandUsage(env.stdout, sub, nil)
		return nil
	}
	err := sub.run(ctx, env, args)
	var help helpRequest
	if errors.As(err, &help) {
		printSubcommandUsage(env.stdout, sub, help.fs)
		return nil
	}
	return err
}

// isHelpFlag reports whether arg asks for help as the flag package reads it.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// helpRequest is parseFlags' answer to -h: run prints the usage and exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (helpRequest) Error() string { return "help requested" }

// printSubcommandUsage writes sub's synopsis, what it does and its flags.
func printSubcommandUsage(w io.Writer, sub subcommand, fs *flag.FlagSet) {
	about := strings.ReplaceAll(sub.about, "\n", " ")
	fmt.Fprintf(w, "Usage: %s\n\n%s%s.\n", sub.synopsis, strings.ToUpper(about[:1]), about[1:])
	if fs != nil {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// usage is the help of aimlater as a whole.
func usage() string {
	var b strings.Builder
	b.WriteString("Usage: aimlater [command] [flags]\n\nCommands:\n")
	for _, sub := range subcommands() {
		line := strings.TrimPrefix(sub.synopsis, "aimlater ")
		about := strings.ReplaceAll(sub.about, "\n", "\n"+strings.Repeat(" ", 32))
		if len(line) < 30 {
			fmt.Fprintf(&b, "  %-30s%s\n", line, about)
		} else {
			fmt.Fprintf(&b, "  %s\n%32s%s\n", line, "", about)
		}
	}
	b.WriteString("\nRun aimlater COMMAND -h for a command's flags. Configuration comes from\n" +
		"the environment and from .env in the working directory (the real\n" +
		"environment wins). See README.md and .env.example.\n")
	return b.String()
}

// cmdHelp prints the help, or with a command's name that command's.
func cmdHelp(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(env.stdout, usage())
		return nil
	}
	sub, ok := lookupSubcommand(args[0])
	if !ok || len(args) > 1 {
		return usagef("help wants at most one command's name: aimlater help export")
	}
	if sub.name == "help" {
		printSubcommandUsage(env.stdout, sub, nil)
		return nil
	}
	return runSubcommand(ctx, env, sub, []string{"-h"})
}
