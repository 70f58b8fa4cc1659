package experiments

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseLever(t *testing.T) {
	tests := []struct {
		in, want string
		err      string // part of the error, "" for none
	}{
		{"activation", "activation", ""},
		{"  Activation ", "activation", ""},
		{"word-of-mouth", "word-of-mouth", ""},
		{"Rétention", "rétention", ""},
		{"none", "", ""},
		{"NONE", "", ""},
		{"", "", "Name a lever"},
		{"9lives", "", "not a lever name"},
		{"paid_ads", "", "not a lever name"},
		{"a,b", "", "not a lever name"},
		{"default", "", "cannot name a lever"},
		{strings.Repeat("a", MaxLeverRunes+1), "", "at most 24"},
	}
	for _, tt := range tests {
		got, err := ParseLever(tt.in)
		if got != tt.want || (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(ErrorMessage(err), tt.err)) {
			t.Errorf("ParseLever(%q) = %q, %v; want %q, error with %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseLevers(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{"acquisition,activation", []string{"acquisition", "activation"}, ""},
		{" SEO , Paid-Ads,, content ", []string{"seo", "paid-ads", "content"}, ""},
		{"default", nil, ""},
		{"Default ", nil, ""},
		{"", nil, "Name the levers"},
		{" , ", nil, "Name the levers"},
		{"seo,SEO", nil, "twice"},
		{"seo,none", nil, "cannot name a lever"},
		{"seo,paid ads", nil, "not a lever name"},
		{"a,b,c,d,e,f,g,h,i,j,k,l,m", nil, "at most 12"},
	}
	for _, tt := range tests {
		got, err := ParseLevers(tt.in)
		if !reflect.DeepEqual(got, tt.want) || (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(ErrorMessage(err), tt.err)) {
			t.Errorf("ParseLevers(%q) = %q, %v; want %q, error with %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestChannelLever(t *testing.T) {
	def := DefaultChannelSettings("T", "C")
	own := def
	own.Levers = []string{"seo", "paid-ads", "content"}
	tests := []struct {
		name  string
		s     ChannelSettings
		in    string
		want  string
		parts []string // of the error
	}{
		{"a default lever", def, "Activation", "activation", nil},
		{"none takes it away", def, "none", "", nil},
		{"nothing given", def, " ", "", nil},
		{"misspelt", def, "activaton", "", []string{"`activaton` is not a lever of this channel — did you mean `activation`?",
			"Its levers: acquisition, activation, retention, referral, revenue, e.g. `lever:acquisition`.", "/exp settings levers"}},
		{"a prefix", def, "acq", "", []string{"did you mean `acquisition`?"}},
		{"nothing close", def, "pricing", "", []string{"`pricing` is not a lever of this channel. Its levers:"}},
		{"the channel's own", own, "SEO", "seo", nil},
		{"a default not in the channel's own", own, "activation", "", []string{"Its levers: seo, paid-ads, content"}},
		{"close to the channel's own", own, "paidads", "", []string{"did you mean `paid-ads`?"}},
	}
	for _, tt := range tests {
		got, err := tt.s.Lever(tt.in)
		if got != tt.want || (tt.parts == nil) != (err == nil) {
			t.Errorf("%s: Lever(%q) = %q, %v; want %q", tt.name, tt.in, got, err, tt.want)
			continue
		}
		for _, p := range tt.parts {
			if !strings.Contains(ErrorMessage(err), p) || ErrorCode(err) != EINVALID {
				t.Errorf("%s: Lever(%q) error %q lacks %q", tt.name, tt.in, ErrorMessage(err), p)
			}
		}
	}
}

func TestDidYouMean(t *testing.T) {
	tests := []struct {
		word string
		want string // "" for no suggestion
	}{
		{"activaton", "activation"},
		{"ACTIVATON", "activation"},
		{"retension", "retention"},
		{"refferal", "referral"},
		{"revnue", "revenue"},
		{"acq", "acquisition"}, // the one name it starts
		{"re", ""},             // starts three; too far from each
		{"rev", "revenue"},     // starts one
		{"pricing", ""},        // nothing close
		{"", ""},               // nothing typed
		{"x", ""},              // too short to be near anything
		{"acquisitions", "acquisition"},
	}
	for _, tt := range tests {
		got, ok := DidYouMean(tt.word, DefaultLevers)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("DidYouMean(%q) = %q, %v; want %q", tt.word, got, ok, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"rétention", "retention", 1},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLeverOption(t *testing.T) {
	c, err := ParseCapture("Invite a friend lever:Referral metric:invites", friday, time.UTC)
	if err != nil || c.Lever != "referral" || c.Title != "Invite a friend" || c.Metric != "invites" {
		t.Errorf("ParseCapture = %+v, %v", c, err)
	}
	o, err := ParseOptions("lever:none", friday, time.UTC)
	if err != nil || o.Lever == nil || *o.Lever != "" || !reflect.DeepEqual(o.Given(), []string{"lever"}) {
		t.Errorf("ParseOptions(lever:none) = %+v, %v", o, err)
	}
	if _, err := ParseCapture("Invite lever:referral program", friday, time.UTC); err == nil || !strings.Contains(ErrorMessage(err), "takes one value") {
		t.Errorf("a two-word lever: %v", err)
	}
	if _, err := ParseOptions("lever:9", friday, time.UTC); err == nil {
		t.Error("lever:9 parsed")
	}
	if _, err := (Options{Lever: new("x")}).GoalUpdate(); err == nil {
		t.Error("a goal took a lever")
	}
}

func TestEditAndIterateKeepTheLever(t *testing.T) {
	e := Experiment{ID: 1, Number: 4, Status: StatusRunning, Lever: "activation"}
	follow, err := e.Iterate("", "video", "U1", friday, Date{})
	if err != nil || follow.Lever != "activation" {
		t.Errorf("follow-up lever = %q, %v", follow.Lever, err)
	}
	x := Experiment{Lever: "activation"}
	x.Edit(ExperimentUpdate{Lever: new("")}, friday)
	if x.Lever != "" {
		t.Errorf("lever:none left %q", x.Lever)
	}
}
