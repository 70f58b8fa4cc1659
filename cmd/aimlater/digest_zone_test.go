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

// TestDigestCommandFallsBackFromABadZone: a channel whose stored zone does
// not load (a name the host's zone database lacks, or one written by hand)
// is served by the bot in the default zone, but `aimlater digest --week`
// failed on it with "has an unknown zone". It now digests the week in the
// default zone, as the bot does, and warns.
func TestDigestCommandFallsBackFromABadZone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zone.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Test in a lost zone",
		Status: experiments.StatusRunning, CreatedAt: digestCLINow.Add(-48 * time.Hour)} // in W48
	if err := db.CreateExperiment(ctx, &e, nil); err != nil {
		t.Fatal(err)
	}
	setZone := func(zone string) {
		t.Helper()
		s := experiments.DefaultChannelSettings("T1", "C1")
		s.TimeZone = zone
		if err := db.SaveChannelSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	defer db.Close()

	setZone("Mars/Olympus")
	code, stdout, stderr := runDigest(t, digestEnv(path), "--channel", "C1", "--week", "2026-W48")
	if code != exitOK || !strings.Contains(stdout, "Week 2026-W48 digest") || !strings.Contains(stdout, "Test in a lost zone") {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s\nwant the W48 digest", code, stderr, stdout)
	}
	if !strings.Contains(stderr, "channel zone unknown, using default") || !strings.Contains(stderr, "Mars/Olympus") {
		t.Errorf("stderr %q, want a warning naming the zone", stderr)
	}

	setZone("") // the default zone, UTC in digestEnv
	_, want, _ := runDigest(t, digestEnv(path), "--channel", "C1", "--week", "2026-W48")
	if stdout != want {
		t.Errorf("digest with a bad zone:\n%s\nwant the digest in the default zone:\n%s", stdout, want)
	}
}
