package experiments

import "time"

// OutboxMessage is a message the bot will send to Slack, stored in the same
// transaction as the change it reports so that a crash loses nothing. The
// payload is opaque here: the bot builds and reads it.
type OutboxMessage struct {
	ID        int64
	Team      string
	Channel   string
	Kind      string // what the sender does with it, e.g. "post", "update", "dm"
	Payload   []byte // JSON, built by the bot
	NotBefore time.Time
	Attempts  int
	CreatedAt time.Time
	// Actor is the user whose action queued the message, and ReplyURL the
	// response_url of that action ("" for none), taken from the request's
	// request.Delivery when the message is stored. The sender tells the actor
	// when Slack refuses the message.
	Actor    string
	ReplyURL string
	// InFlightSince is when an attempt at the message started whose
	// outcome was never recorded (the process stopped mid-call, or the
	// call's answer was lost), zero otherwise: the message may already be
	// in Slack, and the sender looks for it before sending it again.
	InFlightSince time.Time
}
