package experiments

import "testing"

func TestParseExperimentNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"4", 4},
		{"#4", 4},
		{" #4 ", 4},
		{"0004", 4},
		{"#123", 123},
		{"999999999", MaxRefNumber},
	}
	for _, tt := range tests {
		got, err := ParseExperimentNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseExperimentNumber(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseExperimentNumberErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "Which experiment?"},
		{"  ", "Which experiment?"},
		{"#", "`#` is not an experiment number"},
		{"0", "`0`"},
		{"#0", "`#0`"},
		{"-4", "`-4`"},
		{"#-4", "`#-4`"},
		{"+4", "`+4`"},
		{"4a", "`4a`"},
		{"##4", "`##4`"},
		{"# 4", "`# 4`"},
		{"G4", "`G4`"},
		{"1000000000", "`1000000000`"},
		{"99999999999999999999999", "`99999999999999999999999`"},
		{"４", "`４`"},
		{"\x00", "an empty value is not an experiment number"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseExperimentNumber(tt.in)
			if err == nil {
				t.Fatalf("ParseExperimentNumber(%q) = %d, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want, "`#4`")
		})
	}
}

func TestParseGoalNumber(t *testing.T) {
	for _, in := range []string{"G2", "g2", "#G2", "#g2", "#2", "2", " G2 ", "G02"} {
		got, err := ParseGoalNumber(in)
		if err != nil || got != 2 {
			t.Errorf("ParseGoalNumber(%q) = %d, %v; want 2", in, got, err)
		}
	}
}

func TestParseGoalNumberErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "Which goal?"},
		{"G", "`G` is not a goal number"},
		{"#", "`#`"},
		{"G0", "`G0`"},
		{"GG2", "`GG2`"},
		{"G#2", "`G#2`"},
		{"G-2", "`G-2`"},
		{"x2", "`x2`"},
		{"G2x", "`G2x`"},
		{"G 2", "`G 2`"},
		{"marketing", "`marketing`"},
		{"G1000000000", "`G1000000000`"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseGoalNumber(tt.in)
			if err == nil {
				t.Fatalf("ParseGoalNumber(%q) = %d, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want, "`G2`")
		})
	}
}
