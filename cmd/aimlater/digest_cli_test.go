package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

func TestDigestCommandErrors(t *testing.T) {
	path := newDigestFixture(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no channel", nil, exitUsage, "--channel is required"},
		{"stray argument", []string{"--channel", "C1", "now"}, exitUsage, `unexpected argument "now"`},
		{"bad week", []string{"--channel", "C1", "--week", "2026-48"}, exitUsage, "not an ISO week"},
		{"week that does not exist", []string{"--channel", "C1", "--week", "2025-W53"}, exitUsage, "no ISO week 53"},
		{"unknown channel", []string{"--channel", "C9"}, exitFailed, "no experiments in channel C9"},
		{"channel of another team", []string{"--channel", "C1", "--team", "T9"}, exitFailed, "C1 of team T9"},
		{"post without tokens", []string{"--channel", "C1", "--post"}, exitUsage, "SLACK_BOT_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runDigest(t, digestEnv(path), tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want %d, %q and nothing", code, stderr, stdout, tt.code, tt.want)
			}
		})
	}
}

// TestDigestCommandTeams checks that a channel ID found in two teams needs
// --team, which then picks the digest.
func TestDigestCommandTeams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "teams.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range []string{"T1", "T2"} {
		e := experiments.Experiment{Team: team, Channel: "C1", Owner: "U1", Title: "Test of " + team,
			Status: experiments.StatusRunning, CreatedAt: digestCLINow.Add(-48 * time.Hour)} // in the reviewed week, W48
		if err := db.CreateExperiment(context.Background(), &e, nil); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	pinDigestClock(t)
	if code, _, stderr := runDigest(t, digestEnv(path), "--channel", "C1"); code != exitUsage || !strings.Contains(stderr, "in teams T1, T2") {
		t.Errorf("exit %d, stderr %q; want %d asking for --team", code, stderr, exitUsage)
	}
	code, stdout, _ := runDigest(t, digestEnv(path), "--channel", "C1", "--team", "T2")
	if code != exitOK || !strings.Contains(stdout, "Test of T2") || strings.Contains(stdout, "Test of T1") {
		t.Errorf("exit %d, stdout:\n%s\nwant T2's digest alone", code, stdout)
	}
	if !strings.Contains(stdout, "Week 2026-W48 digest") {
		t.Errorf("without --week the digest is not as of the clock's now:\n%s", stdout)
	}
}

// digestCLINow is the pinned clock of `aimlater digest` in tests: Monday
// 30 November 2026, 09:00 UTC: the digest reviews 2026-W48.
var digestCLINow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func pinDigestClock(t *testing.T) {
	t.Helper()
	old := digestClock
	digestClock = func() time.Time { return digestCLINow }
	t.Cleanup(func() { digestClock = old })
}
