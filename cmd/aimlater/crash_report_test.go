package main

import (
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// lateAck is the latency past which a bare ack is taken for one the bot
// sent when its ack budget (2 s) ran out, with the work still running: if
// the child was killed before the reply came, nobody can know whether the
// command took effect, and Slack will not redeliver it. A duplicate the bot
// recognised is acked bare at once.
const lateAck = 1500 * time.Millisecond

// crashOutcome is what the bot answered a command, as the fake recorded it.
type crashOutcome int

const (
	outcomeNone    crashOutcome = iota // no reply: acked bare in time (a recognised duplicate) or never acked
	outcomeSuccess                     // "Launched" in an ack or through response_url
	outcomeRefused                     // only :warning: replies
	outcomeUnknown                     // a late bare ack and no reply: the effect may or may not have happened
)

// storedRow is an experiment of the crash test as the database holds it.
type storedRow struct {
	number  int
	channel string
	title   string
}

func (r storedRow) key() string { return fmt.Sprintf("%s|#%d|%s", r.channel, r.number, r.title) }

// crashFacts is what the database held after the last run stopped.
type crashFacts struct {
	integrity string
	rows      []storedRow
	pending   int // outbox messages neither sent nor dead
}

// crashReport is the crash test's account of every command and
// announcement; the test asserts on it and prints it.
type crashReport struct {
	seed                                uint64
	kills, runs                         int
	sent, acked, success, refused       int
	unknown, unackedAtEnd               int
	redelivered, redeliveries, sameEnv  int
	stored, announcements               int
	lost, duplicated, phantom           int
	storedTwice, missing                []string // titles
	successNotOnce, redeliveredNotOnce  []string // titles
	integrity                           string
	pending                             int
	sendErrors                          int
	perKill                             []int
	killPhase, wall                     time.Duration
	lostKeys, duplicatedKeys, phantomKs []string
}

// An announcement names the experiment's number and title, as in
// ":rocket: <@U1> launched #12 *Crash c-00042*".
var (
	announcedNumber = regexp.MustCompile(`#(\d+)`)
	announcedTitle  = regexp.MustCompile(`Crash c-\d{5}`)
)

// analyze builds the report from the stream's commands, the fake's record
// and the database.
func analyze(cmds []*crashCmd, srv *fakeslack.Server, facts crashFacts) crashReport {
	r := crashReport{integrity: facts.integrity, pending: facts.pending, stored: len(facts.rows)}
	outcomes := replyOutcomes(srv)
	acked := ackedIDs(srv.Acks())
	perTitle := map[string]int{}
	for _, row := range facts.rows {
		perTitle[row.title]++
	}
	for _, c := range cmds {
		r.countCommand(c, outcomes.of(c), acked, perTitle[c.title])
	}
	for title, n := range perTitle {
		if n > 1 {
			r.storedTwice = append(r.storedTwice, title)
		}
	}
	r.countAnnouncements(srv.Calls("chat.postMessage"), facts.rows)
	sort.Strings(r.storedTwice)
	return r
}

// countCommand accounts for one command stored n times.
func (r *crashReport) countCommand(c *crashCmd, o crashOutcome, acked map[string]bool, n int) {
	r.sent++
	if c.acked(acked) {
		r.acked++
	} else {
		r.unackedAtEnd++
	}
	if c.attempts > 1 {
		r.redelivered++
	}
	switch o {
	case outcomeSuccess:
		r.success++
		if n != 1 {
			r.successNotOnce = append(r.successNotOnce, fmt.Sprintf("%s×%d", c.title, n))
		}
	case outcomeRefused:
		r.refused++
	case outcomeUnknown:
		r.unknown++
	}
	if c.attempts > 1 && o != outcomeUnknown && o != outcomeRefused && n != 1 {
		r.redeliveredNotOnce = append(r.redeliveredNotOnce, fmt.Sprintf("%s×%d", c.title, n))
	}
	if n == 0 && o != outcomeUnknown && o != outcomeRefused {
		r.missing = append(r.missing, c.title)
	}
}

// countAnnouncements matches every chat.postMessage that got through to the
// stored experiment it announces.
func (r *crashReport) countAnnouncements(calls []fakeslack.Call, rows []storedRow) {
	seen := map[string]int{}
	for _, call := range calls {
		if call.Failed {
			continue
		}
		title := announcedTitle.FindString(call.Text())
		number := announcedNumber.FindStringSubmatch(call.Text())
		if title == "" || number == nil {
			continue
		}
		r.announcements++
		seen[call.Param("channel")+"|#"+number[1]+"|"+title]++
	}
	stored := map[string]bool{}
	for _, row := range rows {
		stored[row.key()] = true
		switch n := seen[row.key()]; {
		case n == 0:
			r.lost++
			r.lostKeys = append(r.lostKeys, row.key())
		case n > 1:
			r.duplicated++
			r.duplicatedKeys = append(r.duplicatedKeys, fmt.Sprintf("%s×%d", row.key(), n))
		}
	}
	for k := range seen {
		if !stored[k] {
			r.phantom++
			r.phantomKs = append(r.phantomKs, k)
		}
	}
	sort.Strings(r.lostKeys)
	sort.Strings(r.duplicatedKeys)
	sort.Strings(r.phantomKs)
}

// replyIndex holds every reply the bot gave, by envelope and by response_url.
type replyIndex struct {
	acks  map[string][]fakeslack.Ack
	posts map[string][]string // response_url path → bodies
}

func replyOutcomes(srv *fakeslack.Server) replyIndex {
	ix := replyIndex{acks: map[string][]fakeslack.Ack{}, posts: map[string][]string{}}
	for _, a := range srv.Acks() {
		ix.acks[a.EnvelopeID] = append(ix.acks[a.EnvelopeID], a)
	}
	for _, p := range srv.ResponseURLPosts() {
		ix.posts[p.Path] = append(ix.posts[p.Path], string(p.Body))
	}
	return ix
}

// of classifies the replies to c.
func (ix replyIndex) of(c *crashCmd) crashOutcome {
	replies := append([]string(nil), ix.posts[c.respPath]...)
	late := false
	for _, id := range c.envs {
		for _, a := range ix.acks[id] {
			if len(a.Payload) > 0 {
				replies = append(replies, string(a.Payload))
			} else if a.Latency >= lateAck {
				late = true
			}
		}
	}
	refused := false
	for _, body := range replies {
		if strings.Contains(body, "Launched") {
			return outcomeSuccess
		}
		refused = refused || strings.Contains(body, ":warning:")
	}
	switch {
	case refused:
		return outcomeRefused
	case late:
		return outcomeUnknown
	}
	return outcomeNone
}

// readCrashDB reads the facts the report needs from a stopped bot's
// database.
func readCrashDB(path string) (crashFacts, error) {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return crashFacts{}, err
	}
	defer db.Close()
	var f crashFacts
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&f.integrity); err != nil {
		return f, fmt.Errorf("integrity_check: %w", err)
	}
	if f.pending, err = pendingOutbox(db); err != nil {
		return f, err
	}
	rows, err := db.Query(`SELECT number, channel, title FROM experiments WHERE title LIKE 'Crash c-%' ORDER BY number`)
	if err != nil {
		return f, fmt.Errorf("experiments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r storedRow
		if err := rows.Scan(&r.number, &r.channel, &r.title); err != nil {
			return f, err
		}
		f.rows = append(f.rows, r)
	}
	return f, rows.Err()
}

// pendingOutbox counts the outbox messages neither sent nor given up.
func pendingOutbox(db *sql.DB) (int, error) {
	var n int
	err := db.QueryRow(`SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pending outbox: %w", err)
	}
	return n, nil
}

// summary is the one-line account of a crash run.
func (r crashReport) summary() string {
	return fmt.Sprintf("crash summary: seed=%d kills=%d sent=%d acked=%d success=%d redelivered=%d "+
		"(redeliveries=%d same_envelope=%d) stored=%d announcements=%d lost=%d duplicated=%d "+
		"commands_stored_twice=%d commands_lost=%d integrity=%s | unknown=%d refused=%d unacked_at_end=%d "+
		"outbox_pending=%d send_errors=%d kill_phase=%v wall=%v",
		r.seed, r.kills, r.sent, r.acked, r.success, r.redelivered, r.redeliveries, r.sameEnv,
		r.stored, r.announcements, r.lost, r.duplicated, len(r.storedTwice), len(r.missing), r.integrity,
		r.unknown, r.refused, r.unackedAtEnd, r.pending, r.sendErrors,
		r.killPhase.Round(time.Millisecond), r.wall.Round(time.Millisecond))
}

// firstOf shows up to 10 items of list.
func firstOf(list []string) string {
	if len(list) > 10 {
		return strings.Join(list[:10], ", ") + fmt.Sprintf(", … (%d in all)", len(list))
	}
	return strings.Join(list, ", ")
}
