package experiments

import (
	"testing"
	"time"
)

func TestDefaultDeadline(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // already 1 December in Rome
	tests := []struct {
		name string
		days int
		loc  *time.Location
		want Date
	}{
		{"the channel's length", 7, time.UTC, Date{2026, time.December, 7}},
		{"unset is the default", 0, time.UTC, Date{2026, time.December, 14}},
		{"today in the channel's zone", 7, rome, Date{2026, time.December, 8}},
	}
	for _, tt := range tests {
		s := ChannelSettings{ExperimentDays: tt.days}
		if got := s.DefaultDeadline(late, tt.loc); got != tt.want {
			t.Errorf("%s: DefaultDeadline = %v, want %v", tt.name, got, tt.want)
		}
	}
}
