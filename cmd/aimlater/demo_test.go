package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runDemo runs `aimlater demo args…` with script as stdin.
func runDemo(t *testing.T, env map[string]string, script string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"demo"}, args...), envOf(env), strings.NewReader(script), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestDemoShowsAFullDigest runs the demo piped, on the console's pinned
// Thursday: its digest, as of the Monday after, has something in every
// section, the check-in DMs follow, and the console then takes commands on
// the demo's clock.
func TestDemoShowsAFullDigest(t *testing.T) {
	pinConsoleClock(t)
	path := filepath.Join(t.TempDir(), "demo.db")
	code, stdout, stderr := runDemo(t, consoleEnv(t), "list\ndecide #8 kill Retargeting brings back visitors, not buyers\n", "--db", path)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	digest, rest, _ := strings.Cut(stdout, "> :tick checkins")
	for _, want := range []string{
		"Console clock: Mon 30 Nov 2026 09:00 UTC", "Week 2026-W48 digest", "Mon 23 Nov to Sun 29 Nov 2026",
		"Shipped · 2 experiments launched", "Decided · 1 keep · 1 kill", "│ Live demos convert",
		"Decide now · 1 experiment", "Gone quiet", "Stuck in planning · 2 ideas", "ICE 8/6/9",
		"Goals · 3 open, soonest deadline first", "Running with no goal · 1", "Launches in W48: 2", "Team stage",
	} {
		if !strings.Contains(digest, want) {
			t.Errorf("the demo's digest lacks %q:\n%s", want, digest)
		}
	}
	if strings.Contains(digest, "Product Hunt") {
		t.Errorf("the W48 digest shows Monday's launch:\n%s", digest)
	}
	for _, want := range []string{"→ DM to @U1:", "Product Hunt relaunch", "Your turn", "> list", "#16 Product Hunt relaunch",
		"> decide #8 kill", "#8"} {
		if !strings.Contains(rest, want) {
			t.Errorf("after the digest, output lacks %q:\n%s", want, rest)
		}
	}
}

// TestDemoKeepsOtherDatabases checks where the demo writes: never to
// AIMLATER_DB, never over a database that is not a demo's, and over its
// own on a second run.
func TestDemoKeepsOtherDatabases(t *testing.T) {
	pinConsoleClock(t)
	env := consoleEnv(t)
	real := env["AIMLATER_DB"]
	if code, _, stderr := runConsole(t, env, "new Our real experiment\n"); code != exitOK {
		t.Fatalf("console: exit %d, %s", code, stderr)
	}
	before, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runDemo(t, env, "", "--db", real); code != exitUsage || !strings.Contains(stderr, "is not a demo database") {
		t.Errorf("demo over a real database: exit %d, stderr %q; want %d and a refusal", code, stderr, exitUsage)
	}
	if after, _ := os.ReadFile(real); !bytes.Equal(before, after) {
		t.Error("the demo changed a database that is not its own")
	}
	t.Chdir(t.TempDir())
	for run := range 2 { // the second run rewrites the first's database
		code, stdout, stderr := runDemo(t, env, "")
		if code != exitOK || !strings.Contains(stdout, "database aimlater-demo.db") || strings.Count(stdout, "Week 2026-W48 digest") != 1 {
			t.Fatalf("run %d: exit %d, stderr %s, stdout:\n%s", run, code, stderr, stdout)
		}
	}
	if _, err := os.Stat(defaultDemoDB); err != nil {
		t.Errorf("no %s in the working directory: %v", defaultDemoDB, err)
	}
}
