// Package request carries a Slack request's redelivery record in its
// context, from the transport that received it (bot/socket) down to the
// store that writes its keys with the request's effect. It sits apart from
// both, so neither imports the other, and apart from the domain, which has
// no notion of a delivery.
package request

import (
	"context"
	"sync"
)

// Delivery is one request as it reached the bot: a slash command, a click,
// a submitted form or an event. It travels in the request's context down to
// the store, which writes its keys in the same transaction as the first
// change the request makes, so the keys exist if and only if the effect
// does. A redelivery carries the same keys, finds them stored and changes
// nothing (experiments.ErrDuplicate); a crash before the commit leaves neither, and the
// redelivery runs the request as if for the first time.
//
// Messages queued while a Delivery is in the context record its Actor and
// ReplyURL, so the sender can tell the person who caused a post when Slack
// refuses it (the bot not in a private channel, say).
type Delivery struct {
	// Keys identify the request across redeliveries: what Slack keeps when
	// it sends the same payload again (a trigger_id, an event_id, a view
	// id and hash) and the envelope ID. Any one key already stored marks a
	// duplicate.
	Keys []string
	// Actor is the user whose action this request is, "" for none.
	Actor string
	// ReplyURL is the request's response_url, "" for none. Slack honours
	// it for 30 minutes.
	ReplyURL string

	mu      sync.Mutex
	claimed bool
}

type deliveryKey struct{}

// WithDelivery returns ctx carrying d.
func WithDelivery(ctx context.Context, d *Delivery) context.Context {
	return context.WithValue(ctx, deliveryKey{}, d)
}

// DeliveryOf returns the Delivery ctx carries, or nil.
func DeliveryOf(ctx context.Context) *Delivery {
	d, _ := ctx.Value(deliveryKey{}).(*Delivery)
	return d
}

// Pending returns the keys still to be written with an effect: all of them
// until one transaction has committed them (see Claimed), none after, so a
// request that writes twice is not taken for its own redelivery. A nil
// Delivery has none.
func (d *Delivery) Pending() []string {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.claimed {
		return nil
	}
	return d.Keys
}

// Claimed records that a transaction holding the keys has committed.
func (d *Delivery) Claimed() {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.claimed = true
}
