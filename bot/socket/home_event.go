package socket

import (
	"context"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// answerEvent handles an events_api envelope. The one event aimlater
// subscribes to is app_home_opened: a person opened the bot's Home tab (or
// its Messages tab, which needs nothing), and their home is queued for
// publishing. The event's event_id is stored with the publish, so a
// redelivery is a no-op (handledBefore, experiments.ErrDuplicate). The
// envelope is acked either way: a publish that could not be stored is
// logged, and the home is published at the person's next opening.
func (s *Socket) answerEvent(ctx context.Context, evt socketmode.Event) answer {
	team, user, ok := homeOpened(evt)
	if !ok {
		s.log.Debug("event ignored", "type", evt.Type)
		return answer{}
	}
	err := s.app.OpenHome(ctx, team, user)
	if err != nil && experiments.ErrorCode(err) != experiments.EDUPLICATE {
		s.log.Error("home not published", "team", team, "user", user, "err", err)
	}
	return answer{}
}

// homeOpened reads an app_home_opened event on the Home tab: the team and
// the person who opened it.
func homeOpened(evt socketmode.Event) (team, user string, ok bool) {
	e, isAPI := evt.Data.(slackevents.EventsAPIEvent)
	if !isAPI || e.Type != slackevents.CallbackEvent {
		return "", "", false
	}
	opened, isHome := e.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !isHome || opened.Tab != "home" || opened.User == "" || e.TeamID == "" {
		return "", "", false
	}
	return e.TeamID, opened.User, true
}
