package socket

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestDeliveryKeysComeFromThePayload(t *testing.T) {
	view := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, TriggerID: "tr-2", User: slack.User{ID: "U2"},
		View: slack.View{ID: "V9", Hash: "h1"}}
	click := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: "tr-3", User: slack.User{ID: "U3"},
		ResponseURL: "https://hooks/3"}
	tests := []struct {
		name      string
		evt       socketmode.Event
		payload   string
		wantKeys  []string
		wantActor string
		wantURL   string
	}{
		{"slash command by trigger", socketmode.Event{Type: socketmode.EventTypeSlashCommand,
			Data: slack.SlashCommand{TriggerID: "tr-1", UserID: "U1", ResponseURL: "https://hooks/1"}}, "",
			[]string{"trigger:tr-1", "envelope:E1"}, "U1", "https://hooks/1"},
		{"form by view and hash", socketmode.Event{Type: socketmode.EventTypeInteractive, Data: view}, "",
			[]string{"view:V9/h1", "envelope:E1"}, "U2", ""},
		{"click by trigger", socketmode.Event{Type: socketmode.EventTypeInteractive, Data: click}, "",
			[]string{"trigger:tr-3", "envelope:E1"}, "U3", "https://hooks/3"},
		{"event by event_id", socketmode.Event{Type: socketmode.EventTypeEventsAPI}, `{"event_id":"Ev1"}`,
			[]string{"event:Ev1", "envelope:E1"}, "", ""},
		{"nothing but the envelope", socketmode.Event{Type: socketmode.EventTypeEventsAPI}, `{}`,
			[]string{"envelope:E1"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := socketmode.Request{EnvelopeID: "E1", Payload: json.RawMessage(tt.payload)}
			d := deliveryOf(tt.evt, req)
			if !reflect.DeepEqual(d.Keys, tt.wantKeys) || d.Actor != tt.wantActor || d.ReplyURL != tt.wantURL {
				t.Errorf("delivery = %v by %q via %q; want %v by %q via %q",
					d.Keys, d.Actor, d.ReplyURL, tt.wantKeys, tt.wantActor, tt.wantURL)
			}
		})
	}
}
