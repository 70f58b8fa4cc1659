package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// BenchmarkTriedBefore50k is the tried-before look-up a `new` or `idea`
// makes, in a channel of 50,000 experiments (most decided, each with a
// learning). The seeded titles and learnings all come from a vocabulary
// of 16 words, so a title of that vocabulary matches tens of thousands of
// them, every one ranked: the worst case. A rare word is the usual one.
func BenchmarkTriedBefore50k(b *testing.B) {
	db := mustOpen(b)
	ctx := context.Background()
	start := time.Now()
	if err := db.Seed(ctx, SeedSpec{Team: "T1", Channel: "C1", Experiments: 50_000, Goals: 20,
		Span: days(730), Now: t0, Seed: 48}); err != nil {
		b.Fatal(err)
	}
	decided(b, db, "C1", "Podcast sponsorship", "", "Podcast audience did not convert", experiments.DecisionKill)
	if _, err := db.rw.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 50,000 experiments in %s", time.Since(start).Round(time.Millisecond))
	for _, bb := range []struct{ name, title string }{
		{"rare word", "Podcast sponsorship for B2B founders"},
		{"no match", "Billboards at the airport"},
		{"common words", "Try webinars and cold email for LinkedIn"},
	} {
		words := experiments.SearchWords(bb.title)
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.TriedBefore(ctx, "T1", "C1", words, experiments.TriedBeforeShown); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTriedBefore50kTenChannels is the look-up in a workspace of
// 50,000 experiments over ten channels of 5,000, seeded one channel after
// the other: the newest channel's window fills from its own matches, the
// oldest one's only after the index has yielded every newer match of the
// other nine, each joined back to experiments to read its channel. That
// join, not bm25, is the cost there.
func BenchmarkTriedBefore50kTenChannels(b *testing.B) {
	db := mustOpen(b)
	ctx := context.Background()
	for i := range 10 {
		if err := db.Seed(ctx, SeedSpec{Team: "T1", Channel: fmt.Sprintf("C%d", i+1), Experiments: 5_000,
			Span: days(730), Now: t0, Seed: uint64(48 + i)}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.rw.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct{ name, channel, title string }{
		{"newest channel, common words", "C10", "Try webinars and cold email for LinkedIn"},
		{"oldest channel, common words", "C1", "Try webinars and cold email for LinkedIn"},
		{"oldest channel, no match", "C1", "Billboards at the airport"},
	} {
		words := experiments.SearchWords(bb.title)
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.TriedBefore(ctx, "T1", bb.channel, words, experiments.TriedBeforeShown); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
