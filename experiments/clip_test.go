package experiments

import "testing"

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven runes", 10, "eleven ru…"},
		{"caffè latte macchiato", 6, "caffè…"},
		{"🚀🚀🚀🚀", 3, "🚀🚀…"},
		{"anything", 0, ""},
		{"anything", 1, "…"},
	} {
		if got := Clip(tc.in, tc.max); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}
