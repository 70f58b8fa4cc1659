package storage

import (
	"context"
	"reflect"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// decided creates an experiment in team T1's channel with title,
// hypothesis and learning, and decides it d by U1.
func decided(tb testing.TB, db *DB, channel, title, hypothesis, learning string, d experiments.Decision) experiments.Experiment {
	tb.Helper()
	e := experiments.Experiment{Team: "T1", Channel: channel, Owner: "U1", Title: title, Hypothesis: hypothesis,
		Status: experiments.StatusRunning}
	mustCreate(tb, db, &e)
	e, err := db.DecideExperiment(context.Background(), "T1", e.Number, d, learning, "U1", nil)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// triedBefore is TriedBefore in T1's C1 with the words of text.
func triedBefore(tb testing.TB, db *DB, text string) []int {
	tb.Helper()
	list, err := db.TriedBefore(context.Background(), "T1", "C1", experiments.SearchWords(text), experiments.TriedBeforeShown)
	if err != nil {
		tb.Fatalf("TriedBefore(%q): %v", text, err)
	}
	return numbers(list)
}

func numbers(list []experiments.Experiment) []int {
	out := []int{}
	for _, e := range list {
		out = append(out, e.Number)
	}
	return out
}

// checkIndex runs FTS5's integrity check, which compares the index with
// the text of experiments: it fails when a trigger missed a change.
func checkIndex(tb testing.TB, db *DB) {
	tb.Helper()
	if _, err := db.rw.Exec(`INSERT INTO experiments_fts (experiments_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		tb.Fatalf("index out of step with experiments: %v", err)
	}
}

// TestTriedBeforeAccentsAndPunctuation matches titles typed with accents,
// case and punctuation against stored ones, and never fails on what a
// user may type: every query is quoted word by word.
func TestTriedBeforeAccentsAndPunctuation(t *testing.T) {
	db := mustOpen(t)
	decided(t, db, "C1", "Café crème giveaway", "", "", experiments.DecisionKill)                               // #1
	decided(t, db, "C1", "C++ (beta) landing page", "", "", experiments.DecisionKeep)                           // #2
	decided(t, db, "C1", "Cold email", "", "We don't email on Sundays: nobody reads", experiments.DecisionKill) // #3
	decided(t, db, "C1", "Near-miss referrals", "", "", experiments.DecisionKeep)                               // #4
	tests := []struct {
		typed string
		want  []int
	}{
		{`"Café" crème`, []int{1}},
		{"cafe creme", []int{1}},
		{"CAFÉ", []int{1}},
		{"Cafe\u0301", []int{1}}, // a decomposed é
		{"C++ (beta)", []int{2}},
		{"don't email", []int{3}},
		{"Sundays", []int{3}},
		{"NEAR", []int{4}},
		{"NEAR(cafe email)", []int{4, 1, 3}},
		{"near-miss", []int{4}},
		{"AND", nil},
		{"cafe AND OR NOT beta", []int{1, 2}},
		{"*", nil},
		{"caf*", nil}, // no prefix search: a word is whole
		{`"`, nil},
		{`""cafe""`, []int{1}},
		{"title:cafe", []int{1}},
		{"-cafe", []int{1}},
		{"^cafe", []int{1}},
		{"{title} : cafe", []int{1}},
		{"(((", nil},
		{"' OR 1=1 --", nil},
		{"", nil},
		{"pizza", nil},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			got := triedBefore(t, db, tt.typed)
			if len(tt.want) == 0 {
				tt.want = []int{}
			}
			if !sameSet(got, tt.want) {
				t.Errorf("tried before %q = %v, want %v", tt.typed, got, tt.want)
			}
		})
	}
}

// sameSet compares two short lists as sets: bm25 orders a tie of
// one-word matches by how rare the word is, which the table does not fix.
func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int]int{}
	for _, n := range a {
		seen[n]++
	}
	for _, n := range b {
		seen[n]--
	}
	for _, c := range seen {
		if c != 0 {
			return false
		}
	}
	return true
}

// TestTriedBeforeRanksAndScopes: a title match outranks a learning match,
// at most TriedBeforeShown come back, and only decided experiments of the
// same team and channel.
func TestTriedBeforeRanksAndScopes(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	decided(t, db, "C1", "Webinar series", "", "The podcast crowd came too", experiments.DecisionKeep)            // #1
	decided(t, db, "C1", "Podcast sponsorship", "", "Podcast audience did not convert", experiments.DecisionKill) // #2
	decided(t, db, "C2", "Podcast sponsorship", "", "", experiments.DecisionKill)                                 // #3, other channel
	running := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Podcast ads", Status: experiments.StatusRunning}
	mustCreate(t, db, &running) // #4, not decided
	idea := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Podcast guesting"}
	mustCreate(t, db, &idea) // #5
	other := experiments.Experiment{Team: "T2", Channel: "C1", Owner: "U1", Title: "Podcast sponsorship", Status: experiments.StatusRunning}
	mustCreate(t, db, &other)
	if _, err := db.DecideExperiment(ctx, "T2", other.Number, experiments.DecisionKill, "", "U1", nil); err != nil {
		t.Fatal(err)
	}
	if got, want := triedBefore(t, db, "Podcast sponsorship for B2B"), []int{2, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("tried before = %v, want %v (the title match first, C1's decided only)", got, want)
	}
	for range 4 {
		decided(t, db, "C1", "Podcast sponsorship again", "", "", experiments.DecisionKill)
	}
	if got := triedBefore(t, db, "Podcast sponsorship"); len(got) != experiments.TriedBeforeShown {
		t.Errorf("tried before = %v, want %d", got, experiments.TriedBeforeShown)
	}
	list, err := db.TriedBefore(ctx, "T1", "C1", []string{"webinar"}, 3)
	if err != nil || len(list) != 1 || list[0].Learning != "The podcast crowd came too" || list[0].Decision != experiments.DecisionKeep {
		t.Errorf("TriedBefore = %+v, %v; want #1 whole, with its decision and learning", list, err)
	}
}

// TestIndexInStep: the index follows every path that writes the text of
// an experiment: create, edit, decide with a learning, learn, undo, the
// delete of an iterate's follow-up.
func TestIndexInStep(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := decided(t, db, "C1", "Carousel ads", "Carousels get saves", "Stills beat carousels", experiments.DecisionKill)
	checkIndex(t, db)
	wantTried := func(step, text string, want ...int) {
		t.Helper()
		checkIndex(t, db)
		if got := triedBefore(t, db, text); !reflect.DeepEqual(got, append([]int{}, want...)) {
			t.Errorf("after %s: tried before %q = %v, want %v", step, text, got, want)
		}
	}
	wantTried("decide", "stills", e.Number)

	title, hyp := "Video ads", "Videos get watched"
	if _, err := db.UpdateExperiment(ctx, "T1", e.Number, experiments.ExperimentUpdate{By: "U1", Title: &title, Hypothesis: &hyp}, nil); err != nil {
		t.Fatal(err)
	}
	wantTried("edit", "carousels", e.Number) // the learning still says so
	wantTried("edit", "saves")
	wantTried("edit", "video watched", e.Number)

	if _, err := db.LearnExperiment(ctx, "T1", e.Number, "Motion wins", "U1", nil); err != nil {
		t.Fatal(err)
	}
	wantTried("learn", "stills carousels")
	wantTried("learn", "motion", e.Number)

	if _, err := db.UndoDecision(ctx, "T1", e.Number, "U1", nil); err != nil {
		t.Fatal(err)
	}
	wantTried("undo", "video") // running again, learning gone
	if n := count(t, db, `SELECT COUNT(*) FROM experiments_fts WHERE experiments_fts MATCH 'motion'`); n != 0 {
		t.Errorf("the undone learning is still indexed (%d rows)", n)
	}

	iterated, _ := iteratedBy(t, db, "U1") // its follow-up's hypothesis is "video"
	checkIndex(t, db)
	if n := count(t, db, `SELECT COUNT(*) FROM experiments_fts WHERE experiments_fts MATCH 'video'`); n != 0 {
		t.Errorf("%d rows match the running follow-up's hypothesis, want none: only decided experiments are remembered", n)
	}
	if _, err := db.UndoDecision(ctx, "T1", iterated.Number, "U1", nil); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, db)
	wantOnlyDecided(t, db)
}

// TestIdeasAndRunningAreNotIndexed: the index holds decided experiments
// alone, so a `new` never walks a channel's ideas and running experiments
// to find the decided ones (a cost that grew with its history).
func TestIdeasAndRunningAreNotIndexed(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, status := range []experiments.Status{experiments.StatusIdea, experiments.StatusRunning} {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Podcast spots", Status: status, CreatedAt: db.now()}
		if status == experiments.StatusRunning {
			e.LaunchedAt = e.CreatedAt
		}
		if err := db.CreateExperiment(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
	}
	checkIndex(t, db)
	if n := count(t, db, `SELECT COUNT(*) FROM experiments_fts WHERE experiments_fts MATCH 'podcast'`); n != 0 {
		t.Errorf("%d ideas or running experiments indexed, want none", n)
	}
	decided(t, db, "C1", "Podcast sponsorship", "", "Audience did not convert", experiments.DecisionKill)
	wantOnlyDecided(t, db)
}

// wantOnlyDecided checks the index holds exactly the decided experiments.
func wantOnlyDecided(t *testing.T, db *DB) {
	t.Helper()
	indexed := count(t, db, `SELECT COUNT(*) FROM experiments_fts`)
	if want := count(t, db, `SELECT COUNT(*) FROM experiments WHERE status = 'decided'`); indexed != want {
		t.Errorf("%d rows indexed, want the %d decided experiments", indexed, want)
	}
}

// TestMigrationIndexesExistingExperiments: experiments stored before
// migrations 0013 and 0018 are searchable once they ran (their rebuild).
func TestMigrationIndexesExistingExperiments(t *testing.T) {
	path := t.TempDir() + "/old.db"
	db := mustOpenAt(t, path)
	decided(t, db, "C1", "Podcast sponsorship", "", "Podcast audience did not convert", experiments.DecisionKill)
	// Back to the schema before 0013, with the experiment in it.
	for _, stmt := range []string{`DROP TABLE experiments_fts`, `DROP TRIGGER experiments_fts_insert`,
		`DROP TRIGGER experiments_fts_update`, `DROP TRIGGER experiments_fts_delete`, `DROP VIEW decided_experiments`,
		`DELETE FROM migrations WHERE version IN (13, 18)`} {
		if _, err := db.rw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	checkIndex(t, db)
	if got := triedBefore(t, db, "podcast"); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("tried before after the migration = %v, want [1]", got)
	}
}

// TestLearnings: decided experiments with a learning, newest decision
// first, every word required (as a word or its start), in the channel
// or of the owner asked for, a page at a time.
func TestLearnings(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	at := func(d int) { setNow(db, t0.Add(days(d))) }
	at(1)
	decided(t, db, "C1", "Podcast sponsorship", "", "Podcast audience did not convert", experiments.DecisionKill) // #1
	at(2)
	decided(t, db, "C1", "Webinar", "", "", experiments.DecisionKeep) // #2, no learning
	at(3)
	decided(t, db, "C1", "Café crème giveaway", "", "Free coffee brings the wrong crowd", experiments.DecisionKill) // #3
	at(4)
	decided(t, db, "C2", "Podcast ads", "", "Podcasts work for hiring", experiments.DecisionKeep) // #4
	at(5)
	decided(t, db, "C1", "Podcasts again", "", "Audiences of niche podcasts convert", experiments.DecisionKeep) // #5
	c1, u2 := "C1", "U2"
	tests := []struct {
		name      string
		f         experiments.LearningFilter
		want      []int
		wantTotal int
	}{
		{"every learning", experiments.LearningFilter{Channel: &c1}, []int{5, 3, 1}, 3},
		{"a page", experiments.LearningFilter{Channel: &c1, Limit: 2, Offset: 2}, []int{1}, 3},
		{"a word and its longer forms", experiments.LearningFilter{Channel: &c1, Words: []string{"podcast"}}, []int{5, 1}, 2},
		{"every word", experiments.LearningFilter{Channel: &c1, Words: []string{"podcast", "audience"}}, []int{5, 1}, 2},
		{"in the title", experiments.LearningFilter{Channel: &c1, Words: []string{"sponsorship"}}, []int{1}, 1},
		{"accents", experiments.LearningFilter{Channel: &c1, Words: []string{"cafe", "creme"}}, []int{3}, 1},
		{"no match", experiments.LearningFilter{Channel: &c1, Words: []string{"webinar"}}, []int{}, 0},
		{"every channel", experiments.LearningFilter{Words: []string{"podcasts"}}, []int{5, 4}, 2},
		{"another owner", experiments.LearningFilter{Owner: &u2}, []int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Team = "T1"
			list, total, err := db.Learnings(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(list); !reflect.DeepEqual(got, tt.want) || total != tt.wantTotal {
				t.Errorf("Learnings = %v of %d, want %v of %d", got, total, tt.want, tt.wantTotal)
			}
		})
	}
}

// FuzzSearch: whatever a user types, or whatever words a caller passes,
// a search runs without an FTS5 syntax error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{`"Café" crème`, "C++ (beta)", "don't", "*", "NEAR", "AND", `"`, `""`,
		"a:b", "-x", "^x", "{a b}:c", "NEAR(a b, 2)", "x OR", "(", ")", "\x00", "\u0301", "-", "'"} {
		f.Add(s)
	}
	db := mustOpen(f)
	decided(f, db, "C1", "Café crème giveaway", "", "Free coffee brings the wrong crowd", experiments.DecisionKill)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, s string) {
		for _, words := range [][]string{experiments.SearchWords(s), {s}, {s, "cafe"}} {
			if _, err := db.TriedBefore(ctx, "T1", "C1", words, 3); err != nil {
				t.Fatalf("TriedBefore(%q): %v", words, err)
			}
			if _, _, err := db.Learnings(ctx, experiments.LearningFilter{Team: "T1", Words: words}); err != nil {
				t.Fatalf("Learnings(%q): %v", words, err)
			}
		}
	})
}
