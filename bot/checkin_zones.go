package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// ZoneLookup tells a user's time zone if it is known, without waiting.
type ZoneLookup interface {
	UserZone(team, user string) (loc *time.Location, ok bool)
}

// userInfoAPI is the Web API call UserZones makes.
type userInfoAPI interface {
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
}

// Defaults of UserZones' fields.
const (
	defaultZoneTTL  = 24 * time.Hour
	defaultZonePace = 600 * time.Millisecond // users.info is Tier 4: 100+ a minute
	// zoneRetry is how soon a failed users.info is tried again.
	zoneRetry = 10 * time.Minute
)

// UserZones learns users' zones from users.info, in the background.
//
// A check-in round must not wait on the network: users.info is one call per
// user, and a round for 1,000 owners would spend ten minutes within Slack's
// rate limit. So UserZone answers from memory at once and queues the users
// it does not know (or knew more than TTL ago); Run fetches them one by one
// at Pace. Until a zone is known the DM speaks in the channel's zone,
// which differs in its "days left" only around midnight. The cache lives in
// memory: zones rarely change, and after a restart it fills again within
// seconds for a team of ordinary size.
type UserZones struct {
	// TTL is how long a fetched zone is trusted; 24 h by default. A stale
	// zone is still used while it is fetched again.
	TTL time.Duration
	// Pace is the wait between two users.info calls; 600 ms by default.
	Pace time.Duration
	// Now is the clock, time.Now unless a test pins it.
	Now func() time.Time

	api userInfoAPI
	log *slog.Logger

	mu     sync.Mutex
	known  map[userRef]knownZone
	queue  []userRef
	queued map[userRef]bool
	wake   chan struct{}
}

// userRef names a user of a workspace.
type userRef struct{ team, user string }

// knownZone is what users.info said, and when to ask again; loc is nil
// when it gave no usable zone.
type knownZone struct {
	loc     *time.Location
	refresh time.Time
}

// NewUserZones returns a UserZones asking api; a nil log discards.
func NewUserZones(api userInfoAPI, log *slog.Logger) *UserZones {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &UserZones{TTL: defaultZoneTTL, Pace: defaultZonePace, Now: time.Now, api: api, log: log,
		known: map[userRef]knownZone{}, queued: map[userRef]bool{}, wake: make(chan struct{}, 1)}
}

// UserZone returns the user's zone if known, and queues a fetch when it is
// unknown or stale.
func (z *UserZones) UserZone(team, user string) (*time.Location, bool) {
	ref := userRef{team, user}
	z.mu.Lock()
	defer z.mu.Unlock()
	k, ok := z.known[ref]
	if (!ok || !z.Now().Before(k.refresh)) && !z.queued[ref] {
		z.queued[ref] = true
		z.queue = append(z.queue, ref)
		select {
		case z.wake <- struct{}{}:
		default:
		}
	}
	return k.loc, k.loc != nil
}

// Run fetches the queued users' zones until ctx is done, then returns nil.
func (z *UserZones) Run(ctx context.Context) error {
	for {
		ref, ok := z.next()
		if !ok {
			select {
			case <-ctx.Done():
				return nil
			case <-z.wake:
				continue
			}
		}
		wait := max(z.fetch(ctx, ref), z.Pace)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait): // pacing within Slack's rate limit
		}
	}
}

// next takes the first queued user.
func (z *UserZones) next() (userRef, bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if len(z.queue) == 0 {
		return userRef{}, false
	}
	ref := z.queue[0]
	z.queue = z.queue[1:]
	return ref, true
}

// fetch asks users.info for one user's zone and remembers the answer; it
// returns how long to wait before the next call (Retry-After on a 429).
func (z *UserZones) fetch(ctx context.Context, ref userRef) time.Duration {
	cctx, cancel := context.WithTimeout(ctx, defaultCallTimeout)
	defer cancel()
	u, err := z.api.GetUserInfoContext(cctx, ref.user)
	var limited *slack.RateLimitedError
	switch {
	case ctx.Err() != nil: // shutting down: no news about the user
		z.requeue(ref)
		return 0
	case errors.As(err, &limited):
		z.requeue(ref)
		return limited.RetryAfter
	}
	var loc *time.Location
	refresh := z.Now().Add(z.TTL)
	switch {
	case err != nil:
		refresh = z.Now().Add(zoneRetry)
		z.log.Warn("users.info failed; using the channel's zone", "team", ref.team, "user", ref.user, "err", err)
	case u.TZ == "":
		z.log.Debug("users.info gave no zone; using the channel's", "user", ref.user)
	default:
		if loc, err = schedule.LoadZone(u.TZ); err != nil {
			z.log.Warn("users.info gave an unknown zone", "user", ref.user, "zone", u.TZ)
		}
	}
	z.remember(ref, knownZone{loc: loc, refresh: refresh})
	return 0
}

func (z *UserZones) requeue(ref userRef) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.queue = append(z.queue, ref)
}

// remember stores what was learnt, keeping a zone known before over a
// failed fetch: a passing error should not send an owner back to the
// channel's zone.
func (z *UserZones) remember(ref userRef, k knownZone) {
	z.mu.Lock()
	defer z.mu.Unlock()
	delete(z.queued, ref)
	if old, ok := z.known[ref]; ok && k.loc == nil && old.loc != nil {
		k.loc = old.loc
	}
	z.known[ref] = k
}

// experimentLister lists experiments; *storage.DB implements it.
type experimentLister interface {
	ListExperiments(ctx context.Context, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error)
}

// PrimeZones asks zones once for every owner of a running experiment, so
// that their lookups are queued at start: the cache lives in memory, and
// without this the first check-in round after each restart would speak in
// channel zones to everyone.
func PrimeZones(ctx context.Context, store experimentLister, zones ZoneLookup) error {
	running, _, err := store.ListExperiments(ctx, experiments.ExperimentFilter{
		Statuses: []experiments.Status{experiments.StatusRunning}})
	if err != nil {
		return fmt.Errorf("prime zones: %w", err)
	}
	seen := map[userRef]bool{}
	for _, e := range running {
		if ref := (userRef{e.Team, e.Owner}); !seen[ref] {
			seen[ref] = true
			zones.UserZone(e.Team, e.Owner)
		}
	}
	return nil
}
