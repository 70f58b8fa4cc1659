package socket

import (
	"context"
	"encoding/json"

	"github.com/aimlater/aimlater/request"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// DeliveryLedger tells whether a request was handled already: whether any
// of its keys is stored with an effect. It only reads; the store writes
// the keys with the effect (see request.Delivery). *storage.DB
// implements it.
type DeliveryLedger interface {
	Handled(ctx context.Context, keys []string) (bool, error)
}

// deliveryOf is the identity of one envelope: what Slack keeps when it
// sends the same payload again in a new envelope (after a reconnect, say),
// then the envelope ID, which a plain redelivery of a late ack reuses.
// Slash commands and clicks are keyed by their trigger_id, a form by its
// view's ID and hash, an event by its event_id.
func deliveryOf(evt socketmode.Event, req socketmode.Request) *request.Delivery {
	d := &request.Delivery{}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		d.Actor, d.ReplyURL = data.UserID, data.ResponseURL
		d.Keys = keyIf("trigger:", data.TriggerID)
	case slack.InteractionCallback:
		d.Actor, d.ReplyURL = data.User.ID, data.ResponseURL
		d.Keys = interactionKeys(data)
	default:
		d.Keys = keyIf("event:", eventID(req.Payload))
	}
	d.Keys = append(d.Keys, keyIf("envelope:", req.EnvelopeID)...)
	return d
}

// interactionKeys identifies a click or a submitted form. A view's hash
// changes whenever the view does, so a form submitted again after an
// update is a new request; one fixed after field errors stored nothing the
// first time and so is not taken for a duplicate either.
func interactionKeys(cb slack.InteractionCallback) []string {
	if cb.Type == slack.InteractionTypeViewSubmission && cb.View.ID != "" {
		return []string{"view:" + cb.View.ID + "/" + cb.View.Hash}
	}
	if cb.TriggerID != "" {
		return []string{"trigger:" + cb.TriggerID}
	}
	if cb.ActionTs != "" {
		return []string{"action:" + cb.ActionTs + "/" + cb.User.ID}
	}
	return nil
}

// eventID reads an events_api payload's event_id, "" when it has none.
func eventID(payload json.RawMessage) string {
	var p struct {
		EventID string `json:"event_id"`
	}
	_ = json.Unmarshal(payload, &p)
	return p.EventID
}

// keyIf returns prefix+id as the one key, or none when id is empty.
func keyIf(prefix, id string) []string {
	if id == "" {
		return nil
	}
	return []string{prefix + id}
}
