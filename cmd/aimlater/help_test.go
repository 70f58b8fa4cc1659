package main

import (
	"os"
	"strings"
	"testing"
)

// TestEverySubcommandAnswersHelp: `aimlater CMD -h` (or --help) prints
// that command's usage on stdout and exits 0, runs nothing and writes no
// file: `backup -h` used to write a backup named -h.
func TestEverySubcommandAnswersHelp(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	env := validEnv(dir)
	cmds := []struct{ name, flag string }{ // flag: one the usage must list
		{"serve", ""}, {"console", "-user"}, {"demo", "-db"}, {"digest", "-week"}, {"migrate", ""},
		{"export", "-table"}, {"backup", ""}, {"manifest", ""}, {"version", ""}, {"help", ""},
	}
	for _, c := range cmds {
		for _, help := range []string{"-h", "--help", "-help"} {
			code, stdout, stderr := runCLI(t, env, c.name, help)
			if code != exitOK || stderr != "" {
				t.Errorf("%s %s: exit %d, stderr %q; want 0 and nothing", c.name, help, code, stderr)
			}
			if !strings.HasPrefix(stdout, "Usage: aimlater "+c.name) || !strings.Contains(stdout, c.flag) {
				t.Errorf("%s %s: stdout %q, want its usage, listing %q", c.name, help, stdout, c.flag)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("help wrote %s", entries[0].Name())
	}
}

// TestHelpAfterOtherFlags: -h wins wherever it is among a command's flags.
func TestHelpAfterOtherFlags(t *testing.T) {
	env := validEnv(t.TempDir())
	for _, args := range [][]string{{"export", "--format", "json", "-h"}, {"digest", "--channel", "C1", "--help"}, {"help", "export"}} {
		code, stdout, stderr := runCLI(t, env, args...)
		want := "Usage: aimlater " + args[len(args)-1]
		if args[0] != "help" {
			want = "Usage: aimlater " + args[0]
		}
		if code != exitOK || !strings.HasPrefix(stdout, want) || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and %q", args, code, stdout, stderr, want)
		}
	}
	if code, _, stderr := runCLI(t, env, "help", "frobnicate"); code != exitUsage || stderr == "" {
		t.Errorf("help frobnicate: exit %d, stderr %q; want 2", code, stderr)
	}
}
