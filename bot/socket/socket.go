package socket

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/request"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Timing of the socket-mode loop.
const (
	// ackBudget is how long a handler may run before its envelope is acked
	// without the reply, which then follows through response_url. Slack
	// wants the ack within 3 s.
	ackBudget = 2 * time.Second
	// drainTimeout bounds how long shutdown waits for in-flight handlers.
	drainTimeout = 10 * time.Second
	// maxAckPayload keeps ack payloads below Slack's ~20 KB cut-off.
	maxAckPayload = 19 * 1024
)

// socketClient is the part of *socketmode.Client the loop uses.
type socketClient interface {
	RunContext(ctx context.Context) error
	Ack(req socketmode.Request, payload ...any) error
}

// Socket runs an App over Slack's socket mode.
type Socket struct {
	app    App
	ledger DeliveryLedger
	client socketClient
	events <-chan socketmode.Event
	api    slackAPI
	http   *http.Client
	log    *slog.Logger
	// AckBudget is how long a slash command may run before its envelope is
	// acked without the reply; ackBudget by default.
	AckBudget time.Duration
	// Observe, if set, hears what the socket does, for metrics.
	Observe bot.Observer

	inflight sync.WaitGroup
	link     link // the connection's state, for health and logs (observe_conn.go)
	workers  workers
}

// NewSocket connects app to Slack with the bot token and app-level token;
// apiURL is the Web API base URL. ledger tells redeliveries apart.
func NewSocket(app App, ledger DeliveryLedger, botToken, appToken, apiURL string, log *slog.Logger) (*Socket, *slack.Client) {
	api := slack.New(botToken, slack.OptionAppLevelToken(appToken), slack.OptionAPIURL(apiURL))
	client := socketmode.New(api)
	return newSocket(app, ledger, client, client.Events, api, log), api
}

func newSocket(app App, ledger DeliveryLedger, client socketClient, events <-chan socketmode.Event, api slackAPI, log *slog.Logger) *Socket {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Socket{app: app, ledger: ledger, client: client, events: events, api: api, log: log,
		http: &http.Client{Timeout: 10 * time.Second}, AckBudget: ackBudget}
}

// ErrAuth reports that Slack refused a token; retrying will not help.
var ErrAuth = errors.New("slack refused the app token (invalid, revoked or inactive)")

// Run takes envelopes until ctx is done, then lets in-flight handlers finish
// (at most 10 s) and returns nil. A dropped connection or a disconnect
// message is reconnected by the client; an auth error ends Run with ErrAuth.
func (s *Socket) Run(ctx context.Context) error {
	clientCtx, stopClient := context.WithCancel(context.Background())
	defer stopClient()
	done := make(chan error, 1)
	go func() { done <- s.client.RunContext(clientCtx) }()
	for {
		select {
		case <-ctx.Done():
			// Drain first: in-flight handlers still need the connection
			// for their acks. Envelopes that arrive meanwhile are not
			// taken; unacked, Slack redelivers them after the restart.
			s.drain()
			stopClient()
			return nil
		case err := <-done:
			s.linkDown("socket mode stopped", fmt.Sprint(outbox.WithoutURL(err)))
			s.drain()
			return s.clientError(err)
		case evt := <-s.events:
			s.dispatch(ctx, evt)
		}
	}
}

// clientError explains why the socket-mode client stopped.
func (s *Socket) clientError(err error) error {
	if IsAuthError(err) {
		return fmt.Errorf("%w: %v", ErrAuth, err)
	}
	return fmt.Errorf("socket mode: %w", err)
}

// IsAuthError reports whether err is Slack refusing a token: retrying
// with it cannot help.
func IsAuthError(err error) bool {
	switch err.Error() {
	case "invalid_auth", "account_inactive", "not_authed", "token_revoked", "token_expired":
		return true
	}
	return false
}

// drain waits for in-flight handlers, at most drainTimeout.
func (s *Socket) drain() {
	finished := make(chan struct{})
	go func() { s.inflight.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(drainTimeout):
		s.log.Warn("shutdown: handlers still running after drain timeout", "timeout", drainTimeout)
	}
}

// dispatch routes one event; envelopes are handled in their own goroutine
// so a slow handler never delays the next ack.
func (s *Socket) dispatch(ctx context.Context, evt socketmode.Event) {
	s.observeConnection(evt)
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		s.inflight.Add(1)
		s.workers.run(func() {
			defer s.inflight.Done()
			s.handleEnvelope(context.WithoutCancel(ctx), evt)
		})
	case socketmode.EventTypeInvalidAuth:
		s.log.Error("slack refused the app token")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError:
		s.log.Warn("slack connection problem", "type", evt.Type, "err", connectionError(evt.Data))
	default:
		s.log.Debug("socket mode event", "type", evt.Type)
	}
}

// connectionError is what a connection event says, for the log: an error
// without the URL it failed on (a socket URL carries its ticket).
func connectionError(data any) any {
	if err, ok := data.(error); ok {
		return outbox.WithoutURL(err)
	}
	return data
}

// answer is what handling an envelope produced: the ack payload, work that
// follows the ack, and what to do instead of the payload when the ack had
// to go out without it.
type answer struct {
	payload any
	after   func() // after the ack: open a modal, act on a click
	late    func() // when the payload missed the ack: e.g. reply through response_url
	outcome string // for metrics, when not plainly answered or late: a redelivery, a panic
}

// handleEnvelope dedupes, handles and acks one envelope, and logs it. The
// whole of it, the ledger look-up included, runs against one budget from
// the envelope's arrival: an answer ready in time rides in the ack, and
// when the budget runs out the envelope is acked bare and the answer
// follows late. The envelope's Delivery rides in ctx down to the store,
// which writes its keys with the first change it makes.
func (s *Socket) handleEnvelope(ctx context.Context, evt socketmode.Event) {
	start := time.Now()
	req := *evt.Request
	d := deliveryOf(evt, req)
	ctx = request.WithDelivery(ctx, d)
	// The sender is woken by the store, after the commit that queued the
	// request's announcements (storage's OnQueued), not from here.
	defer func() {
		// Checked first: the arguments, boxed into a []any, cost four
		// allocations per envelope even when the line is dropped.
		if s.log.Enabled(ctx, slog.LevelDebug) {
			s.log.Debug("envelope", "type", evt.Type, "envelope_id", req.EnvelopeID,
				"retry_attempt", req.RetryAttempt, "took", time.Since(start))
		}
	}()
	result := make(chan answer, 1)
	s.workers.run(func() { result <- s.answerSafely(ctx, evt, req) })
	select {
	case a := <-result:
		s.ack(req, a.payload)
		s.observeEnvelope(evt.Type, a.outcome, bot.OutcomeAnswered, time.Since(start))
		runIf(a.after)
	case <-time.After(time.Until(start.Add(s.AckBudget))):
		s.ack(req, nil)
		acked := time.Since(start)
		a := <-result
		s.observeEnvelope(evt.Type, a.outcome, bot.OutcomeLate, acked)
		if a.late != nil {
			a.late()
		} else if a.payload != nil {
			s.log.Warn("answer missed the ack", "type", evt.Type, "envelope_id", req.EnvelopeID)
		}
		runIf(a.after)
	}
}

// answerSafely is answer with a panic turned into an apology.
func (s *Socket) answerSafely(ctx context.Context, evt socketmode.Event, req socketmode.Request) (a answer) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("envelope handler panicked", "type", evt.Type, "panic", p, "stack", string(debug.Stack()))
			a = answer{payload: apologyPayload(evt.Type), outcome: bot.OutcomePanic}
			s.observer().HandlerError("panic")
		}
	}()
	if s.handledBefore(ctx, req) {
		return answer{outcome: bot.OutcomeRedelivery}
	}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, _ := evt.Data.(slack.SlashCommand)
		return s.answerSlash(ctx, cmd)
	case socketmode.EventTypeInteractive:
		cb, _ := evt.Data.(slack.InteractionCallback)
		return s.answerInteractive(ctx, cb)
	case socketmode.EventTypeEventsAPI:
		return s.answerEvent(ctx, evt) // app_home_opened; see home_event.go
	}
	return answer{}
}

func runIf(f func()) {
	if f != nil {
		f()
	}
}

// handledBefore reports whether the envelope's request is stored already,
// so a redelivery is acked with no answer and runs nothing. It only reads:
// the keys are written with the request's effect, in its transaction, so a
// crash between the two cannot lose the request. A request that raced its
// own redelivery past this look finds its keys at the write and changes
// nothing (experiments.ErrDuplicate). On a ledger error the envelope is
// handled, for that same reason.
func (s *Socket) handledBefore(ctx context.Context, req socketmode.Request) bool {
	d := request.DeliveryOf(ctx)
	if s.ledger == nil || len(d.Keys) == 0 {
		return false
	}
	seen, err := s.ledger.Handled(ctx, d.Keys)
	if err != nil {
		s.log.Error("idempotency ledger", "err", err)
		return false
	}
	if seen {
		s.log.Info("redelivery ignored", "envelope_id", req.EnvelopeID, "retry_attempt", req.RetryAttempt, "keys", d.Keys)
	}
	return seen
}

// ack acknowledges an envelope, with payload when there is one.
func (s *Socket) ack(req socketmode.Request, payload any) {
	var err error
	if payload == nil {
		err = s.client.Ack(req)
	} else {
		err = s.client.Ack(req, payload)
	}
	if err != nil {
		s.log.Warn("ack failed", "envelope_id", req.EnvelopeID, "err", err)
	}
}

// apologyPayload is the ack payload after a panic: a short ephemeral
// apology for a slash command, nothing otherwise.
func apologyPayload(t socketmode.EventType) any {
	if t != socketmode.EventTypeSlashCommand {
		return nil
	}
	return bot.Apology().Webhook()
}

// workerIdle is how long an idle worker waits for the next job before it
// ends.
const workerIdle = 30 * time.Second

// workers runs jobs on goroutines that outlive them. A handler's stack
// grows deep (SQLite's frames), and a new goroutine per envelope grew it
// anew each time, 7% of a command's CPU; a worker keeps the stack it grew
// for the next job. A job never waits for a worker: with none idle, a new
// one starts, so there are as many as jobs at once, as before. Workers
// idle for workerIdle end.
type workers struct {
	jobs chan func() // unbuffered: a send succeeds only when a worker waits
	once sync.Once
}

// run runs job on an idle worker, or on a new one.
func (w *workers) run(job func()) {
	w.once.Do(func() { w.jobs = make(chan func()) })
	select {
	case w.jobs <- job:
	default:
		go w.work(job)
	}
}

// work runs job, then the jobs handed to it, until it waits workerIdle.
func (w *workers) work(job func()) {
	idle := time.NewTimer(workerIdle)
	defer idle.Stop()
	for {
		job()
		idle.Reset(workerIdle)
		select {
		case job = <-w.jobs:
		case <-idle.C:
			return
		}
	}
}
