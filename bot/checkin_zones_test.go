package bot

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/internal/testkit"
	"github.com/slack-go/slack"
)

// usersInfoFake answers users.info from a table of zones, or with err.
type usersInfoFake struct {
	mu    sync.Mutex
	tz    map[string]string
	err   error
	calls []string
	done  chan string // receives each user asked, when not nil
}

func (f *usersInfoFake) GetUserInfoContext(_ context.Context, user string, _ ...slack.GetUserInfoOption) (*slack.User, error) {
	f.mu.Lock()
	f.calls = append(f.calls, user)
	err, tz := f.err, f.tz[user]
	f.mu.Unlock()
	if f.done != nil {
		defer func() { f.done <- user }()
	}
	if err != nil {
		return nil, err
	}
	return &slack.User{ID: user, TZ: tz}, nil
}

func newTestZones(api userInfoAPI, c *clock) *UserZones {
	z := NewUserZones(api, nil)
	z.Now = c.Now
	return z
}

func TestUserZonesLearnInTheBackground(t *testing.T) {
	api := &usersInfoFake{tz: map[string]string{"U1": "Pacific/Auckland", "U2": ""}}
	c := testkit.NewClock(utc("2026-06-02T08:00:00Z"))
	z := newTestZones(api, c)
	if _, ok := z.UserZone("T1", "U1"); ok {
		t.Fatal("a zone known before any users.info")
	}
	z.UserZone("T1", "U1") // asked twice, queued once
	z.UserZone("T1", "U2")
	for ref, ok := z.next(); ok; ref, ok = z.next() {
		z.fetch(context.Background(), ref)
	}
	if len(api.calls) != 2 {
		t.Errorf("users.info called for %v, want U1 and U2 once each", api.calls)
	}
	if loc, ok := z.UserZone("T1", "U1"); !ok || loc.String() != "Pacific/Auckland" {
		t.Errorf("U1's zone = %v, %v; want Pacific/Auckland", loc, ok)
	}
	if _, ok := z.UserZone("T1", "U2"); ok {
		t.Error("U2 has no zone in Slack, yet one is known")
	}
	if _, ok := z.next(); ok {
		t.Error("a user with a fresh answer was queued again")
	}
}

func TestUserZonesRefreshAndKeepOnFailure(t *testing.T) {
	api := &usersInfoFake{tz: map[string]string{"U1": "Europe/Rome"}}
	c := testkit.NewClock(utc("2026-06-02T08:00:00Z"))
	z := newTestZones(api, c)
	z.UserZone("T1", "U1")
	ref, _ := z.next()
	z.fetch(context.Background(), ref)

	c.Set(c.Now().Add(25 * time.Hour)) // stale: still used, and asked again
	if loc, ok := z.UserZone("T1", "U1"); !ok || loc.String() != "Europe/Rome" {
		t.Fatalf("stale zone = %v, %v; want it still used", loc, ok)
	}
	ref, ok := z.next()
	if !ok {
		t.Fatal("a stale zone was not queued for a refresh")
	}
	api.err = errors.New("slack down")
	z.fetch(context.Background(), ref)
	if loc, ok := z.UserZone("T1", "U1"); !ok || loc.String() != "Europe/Rome" {
		t.Errorf("after a failed refresh: %v, %v; want the zone known before", loc, ok)
	}
}

func TestUserZonesWaitOutRateLimits(t *testing.T) {
	api := &usersInfoFake{err: &slack.RateLimitedError{RetryAfter: 30 * time.Second}}
	z := newTestZones(api, testkit.NewClock(utc("2026-06-02T08:00:00Z")))
	z.UserZone("T1", "U1")
	ref, _ := z.next()
	if wait := z.fetch(context.Background(), ref); wait != 30*time.Second {
		t.Errorf("wait after a 429 = %v, want Retry-After (30s)", wait)
	}
	if again, ok := z.next(); !ok || again != ref {
		t.Error("a rate-limited user was not queued again")
	}
}

func TestUserZonesRun(t *testing.T) {
	api := &usersInfoFake{tz: map[string]string{"U1": "Asia/Tokyo"}, done: make(chan string, 1)}
	z := newTestZones(api, testkit.NewClock(utc("2026-06-02T08:00:00Z")))
	z.Pace = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { _ = z.Run(ctx); close(stopped) }()
	z.UserZone("T1", "U1")
	z.UserZone("T1", "U2")
	// Run asks one user at a time: once it asks about U2, U1's answer is
	// stored. Cancelling right after U1's call could catch it mid-fetch,
	// which keeps no news on shutdown.
	for _, want := range []string{"U1", "U2"} {
		select {
		case got := <-api.done:
			if got != want {
				t.Fatalf("users.info for %s, want %s", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Run did not ask users.info for %s", want)
		}
	}
	cancel()
	<-stopped
	if loc, ok := z.UserZone("T1", "U1"); !ok || loc.String() != "Asia/Tokyo" {
		t.Errorf("zone after Run = %v, %v; want Asia/Tokyo", loc, ok)
	}
}

// listerFake lists fixed experiments.
type listerFake []experiments.Experiment

func (l listerFake) ListExperiments(context.Context, experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	return l, len(l), nil
}

func TestPrimeZonesQueuesEachOwnerOnce(t *testing.T) {
	z := NewUserZones(nil, nil)
	running := listerFake{
		{Team: "T1", Owner: "U1"}, {Team: "T1", Owner: "U2"}, {Team: "T1", Owner: "U1"}, {Team: "T2", Owner: "U1"},
	}
	if err := PrimeZones(context.Background(), running, z); err != nil {
		t.Fatal(err)
	}
	want := []userRef{{"T1", "U1"}, {"T1", "U2"}, {"T2", "U1"}}
	if !slices.Equal(z.queue, want) {
		t.Errorf("queued lookups %v, want %v", z.queue, want)
	}
}
