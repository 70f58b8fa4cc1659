package experiments

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Arm is one side of a rate experiment: Successes conversions out of
// Trials people (visitors, recipients, impressions).
type Arm struct {
	Successes int
	Trials    int
}

// Rate is the arm's observed conversion rate, 0 for no trials.
func (a Arm) Rate() float64 {
	if a.Trials <= 0 {
		return 0
	}
	return float64(a.Successes) / float64(a.Trials)
}

// Valid reports whether the arm can be a rate: trials above zero, and
// successes between none and all of them.
func (a Arm) Valid() bool { return a.Trials > 0 && a.Successes >= 0 && a.Successes <= a.Trials }

// posterior is the Beta(alpha, beta) belief about an arm's rate after a
// uniform prior: alpha = 1 + successes, beta = 1 + failures.
func (a Arm) posterior() (alpha, beta float64) {
	return 1 + float64(a.Successes), 1 + float64(a.Trials-a.Successes)
}

// ChanceToBeat is the probability that variant's true rate is above
// control's, P(p_variant > p_control), under independent beta-binomial
// posteriors with uniform priors. It is exact: Evan Miller's closed form,
// summed over the arm with fewer successes, each term from the one before
// (the first from gonum's log-beta), so it costs one step per success.
func ChanceToBeat(variant, control Arm) float64 {
	if variant.Successes <= control.Successes {
		return chanceAbove(variant, control)
	}
	return 1 - chanceAbove(control, variant)
}

// chanceAbove is P(p_b > p_a), summed over i < alpha_b:
//
//	Σ B(αa+i, βa+βb) / ((βb+i) · B(1+i, βb) · B(αa, βa))
//
// where the ratio of term i+1 to term i is (αa+i)(βb+i) / ((αa+βa+βb+i)(1+i)).
func chanceAbove(b, a Arm) float64 {
	aa, ba := a.posterior()
	ab, bb := b.posterior()
	// In logs, scaled by the largest term so far: with thousands of
	// successes the first terms underflow to zero and the sum with them.
	logTerm := mathext.Lbeta(aa, ba+bb) - mathext.Lbeta(aa, ba)
	peak, sum := logTerm, 0.0
	for i := 0.0; i < ab; i++ {
		if logTerm > peak {
			sum *= math.Exp(peak - logTerm)
			peak = logTerm
		}
		sum += math.Exp(logTerm - peak)
		logTerm += math.Log((aa + i) * (bb + i) / ((aa + ba + bb + i) * (1 + i)))
	}
	return math.Min(1, math.Max(0, sum*math.Exp(peak)))
}

// Lift is the relative change of a variant's rate over its control's, with
// a 95% credible interval: Observed is the ratio of the observed rates
// minus one (+0.35 for +35%), Low and High the interval's ends.
type Lift struct {
	Observed, Low, High float64
}

// LiftOf is variant's lift over control. The interval treats the log of
// the ratio of the two posterior rates as normal, with its exact mean and
// variance (digamma and trigamma of each Beta posterior): cheap enough for
// every running experiment of a digest, and close to the exact interval
// once each arm has the handful of successes the guards ask for.
func LiftOf(variant, control Arm) Lift {
	l := Lift{Observed: math.NaN(), Low: math.NaN(), High: math.NaN()}
	if control.Successes > 0 && control.Trials > 0 && variant.Trials > 0 {
		l.Observed = variant.Rate()/control.Rate() - 1
	}
	av, bv := variant.posterior()
	ac, bc := control.posterior()
	mean := logMean(av, bv) - logMean(ac, bc)
	sd := math.Sqrt(logVariance(av, bv) + logVariance(ac, bc))
	z := -mathext.NormalQuantile(0.025)
	l.Low, l.High = math.Expm1(mean-z*sd), math.Expm1(mean+z*sd)
	return l
}

// logMean is E[log p] of p ~ Beta(a, b).
func logMean(a, b float64) float64 { return mathext.Digamma(a) - mathext.Digamma(a+b) }

// logVariance is Var[log p] of p ~ Beta(a, b): trigamma(a) - trigamma(a+b),
// trigamma being the Hurwitz zeta function ζ(2, x).
func logVariance(a, b float64) float64 { return mathext.Zeta(2, a) - mathext.Zeta(2, a+b) }

// SampleSize is how many trials each arm needs to tell a relative lift of
// lift (0.2 for +20%) on a base rate from noise: the standard two-sided
// test of two proportions at a 5% significance level with 80% power. It
// is 0 when there is nothing to tell (a base rate of 0 or 1, no lift, or
// a lifted rate beyond 1).
func SampleSize(base, lift float64) int {
	target := base * (1 + lift)
	if base <= 0 || base >= 1 || lift == 0 || target <= 0 || target >= 1 {
		return 0
	}
	zAlpha := -mathext.NormalQuantile(0.025)
	zBeta := -mathext.NormalQuantile(0.2)
	mean := (base + target) / 2
	root := zAlpha*math.Sqrt(2*mean*(1-mean)) + zBeta*math.Sqrt(base*(1-base)+target*(1-target))
	return int(math.Ceil(root * root / ((target - base) * (target - base))))
}
