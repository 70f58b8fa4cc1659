package storage

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestChannelSettingsCached checks that a read after each kind of settings
// write sees it, the cache notwithstanding, and that a cached read is
// served without the database.
func TestChannelSettingsCached(t *testing.T) {
	ctx := context.Background()
	db := mustOpenExclusive(t)
	read := func(want experiments.ChannelSettings) {
		t.Helper()
		for range 2 { // the miss, then the hit
			got, err := db.ChannelSettings(ctx, "T1", "C1")
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("ChannelSettings = %+v, %v; want %+v", got, err, want)
			}
		}
	}
	s := experiments.DefaultChannelSettings("T1", "C1")
	read(s)
	s.QuietAfterDays, s.TimeZone = 9, "Europe/Paris"
	if err := db.SaveChannelSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	read(s)
	s.CheckInSchedule, s.TimeZone = "0 9 * * 1", "Asia/Tokyo"
	if err := db.SaveSchedules(ctx, s, nil, t0); err != nil {
		t.Fatal(err)
	}
	read(s)
	for _, text := range []string{"quiet 3", "levers seo,content"} {
		c, err := experiments.ParseSettingsChange(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ChangeSettings(ctx, "T1", "C1", c); err != nil {
			t.Fatal(err)
		}
		s = s.Apply(c)
		read(s)
	}
	// A hit reads nothing: with the read pool closed it still answers.
	db.ro.Close()
	if got, err := db.ChannelSettings(ctx, "T1", "C1"); err != nil || !reflect.DeepEqual(got, s) {
		t.Errorf("cached ChannelSettings = %+v, %v; want %+v", got, err, s)
	}
}

// TestSettingsCacheGeneration checks that a read that missed before a
// reset cannot store what it read: it may be the row from before the
// commit that caused the reset.
func TestSettingsCacheGeneration(t *testing.T) {
	var c settingsCache
	k := settingsKey{"T1", "C1"}
	_, gen, ok := c.get(k)
	if ok {
		t.Fatal("empty cache hit")
	}
	c.reset() // a settings write commits while the read runs
	c.put(k, experiments.DefaultChannelSettings("T1", "C1"), gen)
	if _, _, ok := c.get(k); ok {
		t.Error("a read from before the reset was cached")
	}
	_, gen, _ = c.get(k)
	c.put(k, experiments.DefaultChannelSettings("T1", "C1"), gen)
	if _, _, ok := c.get(k); !ok {
		t.Error("a read in the current generation was not cached")
	}
}

// settingsWrite matches SQL that changes channel_settings.
var settingsWrite = regexp.MustCompile(`(?i)(INSERT|REPLACE)\s+(OR\s+\w+\s+)?INTO\s+channel_settings|UPDATE\s+channel_settings|DELETE\s+FROM\s+channel_settings`)

// TestSettingsWritesResetCache checks the package's source: every function
// whose SQL writes channel_settings calls settingsWritten, or the settings
// cache would go on answering the old settings after it commits.
func TestSettingsWritesResetCache(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil && writesSettings(fn) && !calls(fn, "settingsWritten") {
				t.Errorf("%s: %s writes channel_settings without calling db.settingsWritten()", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
}

// writesSettings reports whether a string literal of fn writes
// channel_settings.
func writesSettings(fn *ast.FuncDecl) (found bool) {
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && settingsWrite.MatchString(lit.Value) {
			found = true
		}
		return !found
	})
	return found
}

// calls reports whether fn calls a function or method named name.
func calls(fn *ast.FuncDecl, name string) (found bool) {
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}
