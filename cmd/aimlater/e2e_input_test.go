package main

import (
	"strings"
	"testing"
)

// TestE2ELogRefusesWhatIsNoValue drives `/exp log` through serve: every
// number-like word that is no value is refused with an example and stores
// nothing. Before the check-in grammar moved into experiments, `3,5` was
// logged as 35, `0x1p-2` as 0.25, and the rest "Logged" into the note.
func TestE2ELogRefusesWhatIsNoValue(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	mustContain(t, s.slash("C1", "U1", "new Try ads metric:signups by:2030-01-31"), "Launched #1")
	for _, word := range []string{"3,5", "0x1p-2", "1e309", "99999999999999999999", "NaN", "-Inf"} {
		got := s.slash("C1", "U1", "log #1 "+word+" signups")
		if !strings.Contains(got, ":warning:") || !strings.Contains(got, "`412`") {
			t.Errorf("log #1 %s: reply %q, want a warning with an example", word, got)
		}
	}
	long := s.slash("C1", "U1", "log #1 5 "+strings.Repeat("x", 2001))
	mustContain(t, long, ":warning:", "at most 2000 characters")
	mustContain(t, s.slash("C1", "U1", "log #1 3.5 fine"), "Logged on #1", "*3.5*", "fine")
	show := s.slash("C1", "U1", "show #1")
	for _, bad := range []string{"35", "0.25", "xxxx", "NaN", "Inf"} {
		if strings.Contains(show, bad) {
			t.Errorf("show #1 holds %q from a refused check-in:\n%s", bad, show)
		}
	}
}

// TestE2EDigestCommandPostsOncePerTenMinutes: a second `/exp digest` right
// after the first shows the digest to the caller and posts nothing.
func TestE2EDigestCommandPostsOncePerTenMinutes(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	s := startServe(t, srv, path)
	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted to the channel.")
	s.waitDigestPost(1)
	again := s.slash("C1", "U2", "digest")
	mustContain(t, again, "This channel got its digest", "just for you", "Shipped* · 2 experiments launched")
	if strings.Contains(again, "Digest posted") {
		t.Errorf("second digest: %q, want it shown, not posted", again)
	}
	posts := 0
	for _, c := range srv.Calls("chat.postMessage") {
		if isDigestText(c.Text()) {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d digests posted, want 1", posts)
	}
}

// TestE2ETitleMarkersShowAsTyped: a `*` in a title closed the bold around
// it; it is now a look-alike that Slack never reads as a marker.
func TestE2ETitleMarkersShowAsTyped(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	got := s.slash("C1", "U1", "new 5* reviews _fast_ by:2030-01-31")
	mustContain(t, got, "*5\u2217 reviews \u02CDfast\u02CD*")
	if strings.Contains(got, "5* reviews") {
		t.Errorf("reply %q shows a raw marker inside the bold", got)
	}
}
