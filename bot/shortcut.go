package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The message shortcut "Save as experiment idea" (callback_id save_idea in
// the manifest) opens a form prefilled from the message: its text as the
// title, a link to it in the hypothesis, and ICE scores to fill in.
// Submitting saves an idea in the message's channel, credited to the
// submitter, and replies "saved as idea #N" in the message's thread.
// When the bot is not in that conversation (or it is a direct message,
// where ideas cannot live), the form says so and asks for a channel
// instead; the idea goes there and the thread gets no reply.
//
// Trust (see access.go): the form's sealed state names the message's
// channel, its thread and whether the bot was found in it. The picked
// channel is read only from a form sealed as "pick", and never a DM.

// Callback IDs of the shortcut and of its form, and the form's own fields.
const (
	// ShortcutSaveIdea is the callback ID of the "Save as idea" message
	// shortcut, as manifest.yaml declares it.
	ShortcutSaveIdea = "save_idea"
	callbackSaveIdea = "exp_save_idea"

	fieldIdeaChannel = "idea_channel"
	fieldImpact      = "impact"
	fieldConfidence  = "confidence"
	fieldEase        = "ease"
)

// Membership is whether the bot can save an idea in a message's
// conversation and reply in its thread.
type Membership int

// Memberships a message shortcut can find.
const (
	// InChannel: the bot is in the channel, or could not tell (the form
	// then saves there, and the sender reports a refused reply).
	InChannel Membership = iota
	// NotInChannel: a channel the bot is not in.
	NotInChannel
	// InDirectMessage: a direct or group message, where ideas cannot live.
	InDirectMessage
)

// MessageShortcut is a message shortcut as the App sees it, whatever
// transport brought it.
type MessageShortcut struct {
	Team, TeamDomain     string
	Channel, ChannelName string
	User                 string
	MessageTS            string // the message
	ThreadTS             string // its thread's parent when it is a reply, else ""
	Text                 string // as Slack sends it: mrkdwn
	// Names maps the users the text mentions to their display names.
	Names map[string]string
	Where Membership
}

// thread is the ts to reply under: the thread's parent for a reply (Slack
// asks not to thread under a reply), the message itself otherwise.
func (m MessageShortcut) thread() string {
	if m.ThreadTS != "" {
		return m.ThreadTS
	}
	return m.MessageTS
}

// ideaFormState is the sealed state of the save-idea form: modalState's
// Channel and From are the message's conversation.
type ideaFormState struct {
	modalState
	Thread string `json:"thread,omitempty"` // the thread to reply in
	Pick   bool   `json:"pick,omitempty"`   // the bot is not there: the user picks a channel
}

// SaveIdeaForm answers a message shortcut with the save-idea form.
func (a *App) SaveIdeaForm(ctx context.Context, m MessageShortcut) (Reply, error) {
	st := ideaFormState{modalState: modalState{Team: m.Team, Channel: m.Channel, From: m.Channel, User: m.User},
		Thread: m.thread(), Pick: m.Where != InChannel}
	title := ideaTitle(blockkit.Readable(m.Text, m.Names))
	var blocks []slack.Block
	if title == "" {
		blocks = append(blocks, blockkit.Section("The message has no text: give the idea a title."))
	}
	if st.Pick {
		blocks = append(blocks, blockkit.Section(notHereText(m)), channelPicker())
	}
	blocks = append(blocks,
		textInput(fieldTitle, "Title", "Referral bonus for annual plans", title, false, false, experiments.MaxTitleRunes),
		textInput(fieldHypothesis, "Hypothesis", "We believe that … will … because …",
			sourceLine(m), true, true, experiments.MaxNoteRunes),
		iceInput(fieldImpact, "Impact"), iceInput(fieldConfidence, "Confidence"), iceInput(fieldEase, "Ease"),
		leverSelect(a.formLevers(ctx, st), ""),
		slack.NewContextBlock("", blockkit.Mrkdwn("ICE: score impact, confidence and ease from 1 to 10, or leave all three empty. "+
			"`"+a.CommandName+" next` ranks ideas by it.")))
	return Reply{Text: "Opening the save-idea form…", Modal: &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackSaveIdea, Title: plain("Save as idea"),
		Submit: plain("Save idea"), Close: plain("Cancel"), PrivateMetadata: a.sealState(&st),
		Blocks: slack.Blocks{BlockSet: blocks},
	}}, nil
}

// formLevers are the levers the save-idea form offers: the channel's own,
// or the suggested set when the channel is still to be picked (the pick is
// checked against its own list on submit) or its settings cannot be read.
func (a *App) formLevers(ctx context.Context, st ideaFormState) []string {
	if st.Pick {
		return experiments.DefaultLevers
	}
	settings, err := a.store.Settings.ChannelSettings(ctx, st.Team, st.Channel)
	if err != nil {
		a.log.Warn("save-idea form: channel settings unreadable, offering the suggested levers", "err", err, "channel", st.Channel)
		return experiments.DefaultLevers
	}
	return settings.LeverList()
}

// notHereText says why the form asks for a channel.
func notHereText(m MessageShortcut) string {
	if m.Where == InDirectMessage {
		return ":warning: This message is in a direct message, and ideas live in a channel. " +
			"Pick the channel to save the idea in; I won't reply under the message."
	}
	where := "this channel"
	if m.ChannelName != "" {
		where = "#" + blockkit.Escape(m.ChannelName)
	}
	return fmt.Sprintf(":warning: I'm not in %s, so I can't save the idea there or reply in its thread. "+
		"Pick a channel to save it in (or invite me to %s and use the shortcut again).", where, where)
}

// channelPicker is the conversations select of the channel to save in.
func channelPicker() *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Pick a channel"), fieldIdeaChannel)
	el.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}}
	return slack.NewInputBlock(fieldIdeaChannel, plain("Save in"), nil, el)
}

// iceInput is an optional whole number from 1 to 10; Slack checks the
// bounds as the user types, the submission checks them again.
func iceInput(id, label string) *slack.InputBlock {
	el := slack.NewNumberInputBlockElement(plain("1–10"), id, false)
	el.MinValue, el.MaxValue = "1", fmt.Sprint(experiments.MaxICEScore)
	b := slack.NewInputBlock(id, plain(label), nil, el)
	b.Optional = true
	return b
}

// sourceLine is the hypothesis' prefill: a link to the message.
func sourceLine(m MessageShortcut) string {
	link := permalink(m.TeamDomain, m.Channel, m.MessageTS, m.ThreadTS)
	if link == "" {
		return ""
	}
	return "Source: " + link
}
