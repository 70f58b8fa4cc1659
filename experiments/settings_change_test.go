package experiments

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSettingsChange(t *testing.T) {
	d := DefaultChannelSettings("T", "C")
	tests := []struct {
		in   string
		want func(ChannelSettings) ChannelSettings
		name string // what Changed says
	}{
		{"tempo 4", func(s ChannelSettings) ChannelSettings { s.TempoTarget = 4; return s }, "tempo target"},
		{"TEMPO  50", func(s ChannelSettings) ChannelSettings { s.TempoTarget = 50; return s }, "tempo target"},
		{"quiet 5", func(s ChannelSettings) ChannelSettings { s.QuietAfterDays = 5; return s }, "quiet threshold"},
		{"quiet 3d", func(s ChannelSettings) ChannelSettings { s.QuietAfterDays = 3; return s }, "quiet threshold"},
		{"stale 21", func(s ChannelSettings) ChannelSettings { s.IdeaStaleDays = 21; return s }, "stale-idea threshold"},
		{"stale 3w", func(s ChannelSettings) ChannelSettings { s.IdeaStaleDays = 21; return s }, "stale-idea threshold"},
		{"length 10d", func(s ChannelSettings) ChannelSettings { s.ExperimentDays = 10; return s }, "default length"},
		{"length 2W", func(s ChannelSettings) ChannelSettings { s.ExperimentDays = 14; return s }, "default length"},
		{"length default", func(s ChannelSettings) ChannelSettings { s.ExperimentDays = DefaultExperimentDays; return s }, "default length"},
		{"levers seo, content", func(s ChannelSettings) ChannelSettings { s.Levers = []string{"seo", "content"}; return s }, "levers"},
		{"lever default", func(s ChannelSettings) ChannelSettings { s.Levers = nil; return s }, "levers"},
	}
	start := d
	start.TempoTarget, start.ExperimentDays, start.Levers = 9, 30, []string{"x"}
	for _, tt := range tests {
		c, err := ParseSettingsChange(tt.in)
		if err != nil {
			t.Errorf("ParseSettingsChange(%q): %v", tt.in, err)
			continue
		}
		if got, want := d.Apply(c), tt.want(d); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: Apply = %+v, want %+v", tt.in, got, want)
		}
		if got := c.Changed(); got != tt.name {
			t.Errorf("%q: Changed = %q, want %q", tt.in, got, tt.name)
		}
	}
	c, _ := ParseSettingsChange("levers default")
	if got := start.Apply(c); got.Levers != nil || got.TempoTarget != 9 {
		t.Errorf("levers default on own levers = %+v", got)
	}
}

func TestParseSettingsChangeErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "is not a setting"},
		{"tempp 4", "Did you mean `tempo`?"},
		{"lenght 10d", "Did you mean `length`?"},
		{"color red", "`color` is not a setting. Change one at a time: `/exp settings levers"},
		{"tempo", "Say the new value, e.g. `/exp settings tempo 4`"},
		{"tempo 0", "from 1 to 50, e.g. `/exp settings tempo 4`"},
		{"tempo 51", "from 1 to 50"},
		{"tempo 4d", "`4d` is not a tempo"},
		{"tempo +4", "is not a tempo"},
		{"quiet 91", "from 1 to 90, e.g. `/exp settings quiet 5`"},
		{"quiet -1", "is not a quiet"},
		{"stale 366", "from 1 to 365"},
		{"length 181", "from 1 to 180, e.g. `/exp settings length 10d`"},
		{"length 26w", "from 1 to 180"},
		{"length 1e3", "is not a length"},
		{"length 99999999999999999999", "is not a length"},
		{"levers", "Name the levers"},
		{"levers seo,seo", "twice"},
	}
	for _, tt := range tests {
		_, err := ParseSettingsChange(tt.in)
		if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.want) {
			t.Errorf("ParseSettingsChange(%q) = %v, want an error with %q", tt.in, err, tt.want)
		}
	}
}

func TestLeverList(t *testing.T) {
	s := DefaultChannelSettings("T", "C")
	if got := s.LeverList(); !reflect.DeepEqual(got, DefaultLevers) {
		t.Errorf("default LeverList = %v", got)
	}
	s.Levers = []string{"seo"}
	if got := s.LeverList(); !reflect.DeepEqual(got, []string{"seo"}) {
		t.Errorf("own LeverList = %v", got)
	}
}

// TestParseDays pins the one grammar of a number of days: settings and
// away read it alike.
func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"7", 7, true}, {"07", 7, true}, {" 10d ", 10, true}, {"3D", 3, true},
		{"2w", 14, true}, {"2W", 14, true}, {"0", 0, true}, // the range is the caller's
		{"", 0, false}, {"d", 0, false}, {"w", 0, false}, {"+7", 0, false}, {"-3", -3, true},
		{"1.5", 0, false}, {"2m", 0, false}, {"forever", 0, false}, {"1e3", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		if got, ok := ParseDays(tt.in); ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseDays(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
