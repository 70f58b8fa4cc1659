package bot

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// RenderReply renders a command's reply as readable plain text, without a
// final newline: its blocks, else its text. A modal, which only Slack can
// open, is shown as its form followed by what to do in a terminal instead.
func RenderReply(r Reply) string {
	if r.Modal != nil {
		return blockkit.PlainModal(r.Modal) + "\n\n" + modalNote(r.Modal.CallbackID, modalNumber(r.Modal))
	}
	if len(r.Blocks) > 0 {
		return blockkit.Plain(r.Blocks)
	}
	return blockkit.PlainMrkdwn(r.Text)
}

// modalNote says how to do without the form outside Slack; number is the
// experiment the form is about, 0 for none.
func modalNote(callbackID string, number int) string {
	switch callbackID {
	case callbackNewExperiment:
		return "Forms open in Slack only. Here, type the experiment in one line instead, e.g.\n" +
			"  new Try LinkedIn carousel ads metric:signups target:+20% by:2w"
	case callbackEditExperiment:
		return fmt.Sprintf("Forms open in Slack only. Here, change just the fields you name, in one line, e.g.\n"+
			"  edit #%d metric:signups target:+20%% by:fri\n"+
			"Options: title: hypothesis: metric: target: by: goal: ice:", max(number, 1))
	case callbackLearn:
		return fmt.Sprintf("Forms open in Slack only. Here, type it in one line instead, e.g.\n  learn #%d carousels doubled signups", max(number, 1))
	}
	return "Forms open in Slack only: this one cannot be filled in here."
}

// modalNumber is the experiment number in a modal's private metadata, 0
// for none.
func modalNumber(m *slack.ModalViewRequest) int {
	var st modalState
	_ = json.Unmarshal([]byte(m.PrivateMetadata), &st) // no number is fine
	return st.Number
}

// RenderOutboxMessage renders a queued message as the console shows it: a
// line saying what Slack call it stands for and where it goes, then its
// content indented by two spaces. It fails on a payload it cannot read or a
// kind it does not know.
func RenderOutboxMessage(m experiments.OutboxMessage) (string, error) {
	o, err := outbox.Decode(m)
	if err != nil {
		return "", err
	}
	if err := outbox.Validate(m.Kind, o); err != nil {
		return "", fmt.Errorf("outbox message %d: %w", m.ID, err)
	}
	s := destination(m.Kind, o) + ":\n" + indent(plainBody(o))
	for _, r := range o.Replies {
		s += "\n→ reply in its thread:\n" + indent(plainBody(r))
	}
	for _, f := range o.ThreadFiles {
		s += "\n→ file in its thread:\n" + indent(plainFile(f))
	}
	return s, nil
}

// plainBody is a message's blocks, else its text; for a file, what it is.
func plainBody(o outgoing) string {
	if o.File != nil {
		return plainFile(*o.File)
	}
	if len(o.Blocks.BlockSet) > 0 {
		return blockkit.Plain(o.Blocks.BlockSet)
	}
	return blockkit.PlainMrkdwn(o.Text)
}

// indent puts two spaces before every line of s that is not empty.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// destination says where a message of kind goes, as in "→ post to #C1".
func destination(kind string, o outgoing) string {
	var s string
	switch kind {
	case kindPost:
		s = "→ post to #" + o.Channel
	case kindUpdate:
		s = "→ update of message " + o.TS + " in #" + o.Channel
	case kindEphemeral:
		s = "→ ephemeral to @" + o.User + " in #" + o.Channel
	case kindFile:
		s = "→ file to #" + o.Channel
	case kindHome:
		s = "→ App Home of @" + o.User
	default: // kindDM, as validate allows nothing else
		s = "→ DM to @" + o.User
	}
	if o.ThreadTS != "" {
		s += " (in thread " + o.ThreadTS + ")"
	}
	return s
}
