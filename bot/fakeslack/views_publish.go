package fakeslack

import (
	"context"
	"encoding/json"
	"time"
)

// The App Home: views.publish, which the fake keeps per user, and the
// app_home_opened event a client gets when a user opens the app's Home tab.

// maxViewBlocks is Slack's limit on the blocks of a view.
const maxViewBlocks = 100

// PublishedView is a Home tab view published with views.publish.
type PublishedView struct {
	User string
	// View is the view as published (type, blocks, …), before the fields
	// Slack adds.
	View json.RawMessage
	// ID is the view's ID: a user's Home tab keeps one ID across publishes,
	// as Slack's does.
	ID string
	At time.Time
}

// Blocks returns the view's blocks as JSON.
func (v PublishedView) Blocks() json.RawMessage {
	var view struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(v.View, &view)
	return view.Blocks
}

// viewsPublish checks a Home tab view as Slack does (a user, type "home",
// at most 100 blocks), keeps it and echoes it with the fields Slack adds.
func (s *Server) viewsPublish(c Call) any {
	user := c.Param("user_id")
	var view struct {
		Type   string            `json:"type"`
		Blocks []json.RawMessage `json:"blocks"`
	}
	switch {
	case user == "":
		return errorBody("invalid_arguments")
	case json.Unmarshal([]byte(c.Param("view")), &view) != nil || view.Type != "home":
		return errorBody("invalid_arguments")
	case len(view.Blocks) > maxViewBlocks:
		return errorBody("invalid_blocks")
	}
	published := PublishedView{User: user, View: json.RawMessage(c.Param("view")), ID: "VH" + user, At: c.At}
	s.mu.Lock()
	if s.homes == nil {
		s.homes = map[string][]PublishedView{}
	}
	s.homes[user] = append(s.homes[user], published)
	s.notifyLocked()
	s.mu.Unlock()
	return s.viewResponse(c, published.ID)
}

// PublishedViews returns every view published as user's Home tab, oldest
// first: the last one is what the user sees.
func (s *Server) PublishedViews(user string) []PublishedView {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]PublishedView(nil), s.homes[user]...)
}

// WaitPublished waits until at least n views have been published as
// user's Home tab and returns them all.
func (s *Server) WaitPublished(ctx context.Context, user string, n int) ([]PublishedView, error) {
	return waitUntil(ctx, s, func() ([]PublishedView, bool) {
		views := append([]PublishedView(nil), s.homes[user]...)
		return views, len(views) >= n
	})
}

// HomeOpened returns the events_api envelope Slack sends when user opens
// the app's Home tab: an app_home_opened event with a fresh event_id and
// the DM channel the App Home belongs to. Send it; Send it again with an
// empty ID to redeliver the same event in a new envelope, as Slack does
// after a reconnect.
func (s *Server) HomeOpened(user string) Envelope {
	event, _ := json.Marshal(map[string]any{
		"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
		"event_ts": s.newTS(),
	})
	payload, _ := json.Marshal(eventCallback{Token: verificationToken, TeamID: TeamID, APIAppID: AppID,
		Event: event, Type: "event_callback", EventID: s.newID("Ev"), EventTime: time.Now().Unix()})
	return Envelope{Type: TypeEventsAPI, Payload: payload}
}

// SendHomeOpened pushes an app_home_opened event for user (HomeOpened) and
// returns its envelope ID.
func (s *Server) SendHomeOpened(ctx context.Context, user string) (string, error) {
	return s.Send(ctx, s.HomeOpened(user))
}
