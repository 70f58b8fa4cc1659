package experiments

import (
	"math"
	"testing"
)

// TestChanceToBeatReferenceValues: P(variant > control) against values
// computed independently (numerical integration of the two Beta
// posteriors), to the tenth of a percent the bot prints.
func TestChanceToBeatReferenceValues(t *testing.T) {
	tests := []struct {
		control, variant Arm
		want             float64
	}{
		{Arm{31, 1000}, Arm{42, 1000}, 0.904},
		{Arm{20, 1000}, Arm{30, 1000}, 0.922},
		{Arm{5, 50}, Arm{9, 50}, 0.868},
		{Arm{100, 2000}, Arm{130, 2000}, 0.979},
		{Arm{40, 1000}, Arm{40, 1000}, 0.5},
		{Arm{0, 10}, Arm{0, 10}, 0.5},
	}
	for _, tt := range tests {
		if got := ChanceToBeat(tt.variant, tt.control); math.Abs(got-tt.want) > 0.0005 {
			t.Errorf("ChanceToBeat(%v over %v) = %.4f, want %.3f", tt.variant, tt.control, got, tt.want)
		}
	}
}

// TestChanceToBeatProperties: the two orders add up to one, and more
// successes for the variant never lower its chance.
func TestChanceToBeatProperties(t *testing.T) {
	for _, n := range []int{10, 100, 1000, 20000} {
		for c := 0; c <= n; c += max(1, n/7) {
			control := Arm{c, n}
			prev := -1.0
			for v := 0; v <= n; v += max(1, n/11) {
				variant := Arm{v, n}
				ab, ba := ChanceToBeat(variant, control), ChanceToBeat(control, variant)
				if math.Abs(ab+ba-1) > 1e-9 {
					t.Fatalf("%v vs %v: %.12f + %.12f != 1", variant, control, ab, ba)
				}
				if ab < prev-1e-12 {
					t.Fatalf("%v vs %v: chance %.6f fell from %.6f with more successes", variant, control, ab, prev)
				}
				prev = ab
			}
		}
	}
}

// TestLiftOf: the observed lift is the ratio of the rates, and its
// interval holds it and narrows as the sample grows.
func TestLiftOf(t *testing.T) {
	l := LiftOf(Arm{42, 1000}, Arm{31, 1000})
	if math.Abs(l.Observed-0.3548) > 0.001 {
		t.Errorf("observed lift %.4f, want +35.5%%", l.Observed)
	}
	if !(l.Low < l.Observed && l.Observed < l.High) || l.Low > 0 || l.High < 0.6 {
		t.Errorf("interval %.3f to %.3f around %.3f; want it to hold the lift and 0 (a 90%% chance is not sure)", l.Low, l.High, l.Observed)
	}
	big := LiftOf(Arm{4200, 100000}, Arm{3100, 100000})
	if !(big.Low > 0.25 && big.High < 0.45) {
		t.Errorf("interval over 100,000 per arm %.3f to %.3f; want it narrow around +35%%", big.Low, big.High)
	}
	if none := LiftOf(Arm{3, 100}, Arm{0, 100}); !math.IsNaN(none.Observed) {
		t.Errorf("lift over a control with no success = %v, want none", none.Observed)
	}
}

// TestSampleSize: the standard two-proportion estimate, e.g. a +20% lift
// on 3.1% needs about 13,500 per arm.
func TestSampleSize(t *testing.T) {
	tests := []struct {
		base, lift float64
		want       int
	}{
		{0.031, 0.20, 13455},
		{0.10, 0.10, 14749},
		{0.5, 1.5, 0},
		{0, 0.2, 0},
		{0.05, 0, 0},
	}
	for _, tt := range tests {
		if got := SampleSize(tt.base, tt.lift); math.Abs(float64(got-tt.want)) > float64(tt.want)/100+1 {
			t.Errorf("SampleSize(%v, %v) = %d, want about %d", tt.base, tt.lift, got, tt.want)
		}
	}
}

func BenchmarkEvidence(b *testing.B) {
	for b.Loop() {
		ChanceToBeat(Arm{42, 1000}, Arm{31, 1000})
		LiftOf(Arm{42, 1000}, Arm{31, 1000})
	}
}

// TestChanceToBeatLargeCounts: thousands of successes do not underflow
// the sum; near-equal large arms are a near coin toss, and the two
// directions still add up to one.
func TestChanceToBeatLargeCounts(t *testing.T) {
	v, c := Arm{Successes: 3100, Trials: 100000}, Arm{Successes: 3080, Trials: 100000}
	p := ChanceToBeat(v, c)
	if p < 0.55 || p > 0.65 {
		t.Errorf("ChanceToBeat(3100/100000, 3080/100000) = %v, want about 0.60", p)
	}
	if q := ChanceToBeat(c, v); math.Abs(p+q-1) > 1e-9 {
		t.Errorf("P(A>B) + P(B>A) = %v, want 1", p+q)
	}
}
