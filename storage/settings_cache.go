package storage

import (
	"sync"

	"github.com/aimlater/aimlater/experiments"
)

// maxCachedSettings bounds the channels whose settings are cached; past it
// the cache starts afresh (a workspace has far fewer channels with the bot).
const maxCachedSettings = 10_000

// settingsKey is a channel.
type settingsKey struct{ team, channel string }

// settingsCache holds the channels' settings as read, so that a command's
// settings read (9% of a `/exp new`'s CPU, mostly SQLite reading again
// pages another connection's commit had made stale) usually reads nothing.
// It is kept true by the writes: a write unit that changes
// channel_settings calls DB.settingsWritten, and the writer resets the
// cache after that group's commit and before answering anyone, so no
// request that follows a settings change reads the old settings. It
// answers only in the process holding OpenExclusive's lock, the one that
// writes the database; another handle's writes would not reset it.
//
// A read that misses takes the generation first and stores what it read
// only if no reset came since: a reader that read the old row just before
// a commit cannot put it back after the reset.
type settingsCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[settingsKey]experiments.ChannelSettings
}

// get returns the cached settings of k, or the generation a read that
// misses must pass to put.
func (c *settingsCache) get(k settingsKey) (s experiments.ChannelSettings, gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok = c.m[k]
	return s, c.gen, ok
}

// put caches s as k's settings, read in generation gen, unless the cache
// was reset since.
func (c *settingsCache) put(k settingsKey, s experiments.ChannelSettings, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= maxCachedSettings {
		c.m = make(map[settingsKey]experiments.ChannelSettings)
	}
	c.m[k] = s
}

// reset forgets every cached setting and starts a new generation.
func (c *settingsCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m = nil
}
