// Package fakeslack is an in-process fake of Slack for end-to-end tests of
// socket-mode bots built on github.com/slack-go/slack.
//
// Unlike slack-go's slacktest, the fake speaks Slack's real socket-mode
// protocol: apps.connections.open hands out a websocket URL, the websocket
// greets the client with "hello", sends ping control frames, pushes
// envelopes (slash_commands, interactive, events_api) and records the
// client's acks. It also serves the handful of Web API methods a bot
// typically calls, records every call, can inject failures (429, 5xx) and
// collects posts to response_url. Posted messages are kept, so
// conversations.history and conversations.replies show them (with their
// metadata, as Slack does when include_all_metadata is set), and a test can
// put the bot out of a channel (SetChannel) to see not_in_channel.
//
// The server listens only on 127.0.0.1. Point a client at it with
// slack.OptionAPIURL(srv.APIURL()). Every Wait method is bounded by its
// context and returns ErrClosed once the server is closed.
package fakeslack

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Identifiers the fake reports for its workspace, app and bot user.
const (
	TeamID    = "T0FAKE"
	AppID     = "A0FAKE"
	BotUserID = "U0BOT"
	BotID     = "B0FAKE"
)

// DefaultPingInterval is the ping period used when Options.PingInterval is
// zero. It is well below slack-go's default ping timeout of 30 seconds.
const DefaultPingInterval = 5 * time.Second

// ErrClosed is returned by Send and the Wait methods once Close has been
// called.
var ErrClosed = errors.New("fakeslack: server closed")

// Options configures a Server.
type Options struct {
	// AppToken is the app-level token (xapp-…) that apps.connections.open
	// accepts. It defaults to "xapp-1-fake".
	AppToken string
	// BotToken is the bot token (xoxb-…) that the other Web API methods
	// accept. It defaults to "xoxb-fake".
	BotToken string
	// PingInterval is the period of websocket pings on every connection. It
	// must be shorter than the client's socketmode.OptionPingInterval
	// (30 seconds by default), or slack-go declares a ping timeout and
	// reconnects. Zero means DefaultPingInterval; a negative value disables
	// pings.
	PingInterval time.Duration
}

// Server is a running fake Slack. Its methods are safe for concurrent use.
type Server struct {
	opts      Options
	baseURL   string
	httpSrv   *http.Server
	serveDone chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	handlers  sync.WaitGroup
	seq       atomic.Int64
	methods   map[string]methodFunc

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every state change
	closing    bool
	revoked    bool
	tickets    map[string]bool
	conns      []*wsConn
	connects   int
	deliveries map[string]*delivery
	acks       []Ack
	calls      []Call
	failures   map[string][]Failure
	posts      []Post
	userTZ     map[string]string
	channels   map[string]ChannelState
	messages   []storedMessage
	lastTS     int64 // microseconds of the last ts handed out
	// files are the uploads of the files upload v2 flow (files.go).
	files        []*File
	dropComplete int // see DropCompleteAnswers

	// scopes is the X-OAuth-Scopes header of bot-token answers; nil sends
	// none (see SetScopes).
	scopes *string

	homes map[string][]PublishedView // views.publish, by user (views_publish.go)
}

// Start starts a fake Slack listening on 127.0.0.1 on a free port.
func Start(opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := newServer(withDefaults(opts), "http://"+ln.Addr().String())
	go func() {
		defer close(s.serveDone)
		_ = s.httpSrv.Serve(ln)
	}()
	return s, nil
}

func withDefaults(opts Options) Options {
	if opts.AppToken == "" {
		opts.AppToken = "xapp-1-fake"
	}
	if opts.BotToken == "" {
		opts.BotToken = "xoxb-fake"
	}
	if opts.PingInterval == 0 {
		opts.PingInterval = DefaultPingInterval
	}
	return opts
}

func newServer(opts Options, baseURL string) *Server {
	s := &Server{
		opts:       opts,
		baseURL:    baseURL,
		serveDone:  make(chan struct{}),
		done:       make(chan struct{}),
		changed:    make(chan struct{}),
		tickets:    map[string]bool{},
		deliveries: map[string]*delivery{},
		failures:   map[string][]Failure{},
		userTZ:     map[string]string{},
		channels:   map[string]ChannelState{},
	}
	s.methods = s.methodTable()
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.handleAPI)
	mux.HandleFunc("GET /link/", s.handleLink)
	mux.HandleFunc("POST /response/{id}", s.handleResponseURL)
	s.addFiles(mux)
	s.httpSrv = &http.Server{Handler: s.track(mux), ReadHeaderTimeout: 10 * time.Second}
	return s
}

// APIURL returns the Web API base URL, ending in a slash, for
// slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.baseURL + "/api/" }

// Close stops the server: it closes every websocket and HTTP connection and
// returns once all of the server's goroutines have ended. It is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closing = true
		conns := s.conns
		s.notifyLocked()
		s.mu.Unlock()

		close(s.done)
		_ = s.httpSrv.Close()
		for _, c := range conns {
			c.abort()
		}
		s.handlers.Wait()
		<-s.serveDone
	})
}

// track counts every request handler so that Close can wait for them,
// including the long-lived websocket handlers that http.Server forgets about
// once they hijack their connection.
func (s *Server) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.beginHandler() {
			http.Error(w, "fakeslack: server closed", http.StatusServiceUnavailable)
			return
		}
		defer s.handlers.Done()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) beginHandler() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.handlers.Add(1)
	return true
}

// notifyLocked wakes every waiter. The caller must hold s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil evaluates check under s.mu each time the server's state changes
// until it reports ok, ctx ends or the server is closed.
func waitUntil[T any](ctx context.Context, s *Server, check func() (T, bool)) (T, error) {
	for {
		s.mu.Lock()
		v, ok := check()
		changed := s.changed
		s.mu.Unlock()
		if ok {
			return v, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		case <-s.done:
			var zero T
			return zero, ErrClosed
		}
	}
}

// snapshot returns a copy of the items of list that match keep, taken under
// s.mu.
func snapshot[T any](s *Server, list *[]T, keep func(T) bool) []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filterLocked(*list, keep)
}

func filterLocked[T any](list []T, keep func(T) bool) []T {
	out := []T{}
	for _, v := range list {
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	return out
}
