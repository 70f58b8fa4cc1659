package blockkit

import (
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestTruncateIsClip holds blockkit's copy of the clip rule to the
// domain's: one rule, two homes only because of the import rules.
func TestTruncateIsClip(t *testing.T) {
	for _, s := range []string{"", "short", "eleven runes", "caffè latte macchiato", "🚀🚀🚀🚀", "a\u0301bc"} {
		for max := 0; max < 12; max++ {
			if got, want := Truncate(s, max), experiments.Clip(s, max); got != want {
				t.Errorf("Truncate(%q, %d) = %q, experiments.Clip = %q", s, max, got, want)
			}
		}
	}
}
