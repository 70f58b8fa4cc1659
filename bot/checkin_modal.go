package bot

import (
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Callback IDs of the modals opened from a check-in DM, and the block IDs
// of their fields.
const (
	callbackCheckInLog    = "checkin_log"
	callbackDecideKeep    = "decide_keep"
	callbackDecideKill    = "decide_kill"
	callbackDecideIterate = "decide_iterate"

	fieldValue    = "value"
	fieldNote     = "note"
	fieldOnTrack  = "on_track"
	fieldLearning = "learning"
	fieldChange   = "change"
)

// checkInModalOf maps each DM button to the modal it opens.
var checkInModalOf = map[string]string{
	actionCheckInLog:     callbackCheckInLog,
	actionCheckInKeep:    callbackDecideKeep,
	actionCheckInKill:    callbackDecideKill,
	actionCheckInIterate: callbackDecideIterate,
}

// decisionOf maps each decision modal to its verdict.
var decisionOf = map[string]experiments.Decision{
	callbackDecideKeep:    experiments.DecisionKeep,
	callbackDecideKill:    experiments.DecisionKill,
	callbackDecideIterate: experiments.DecisionIterate,
}

// dmModalState travels in the private_metadata of a modal opened from a
// check-in DM: the experiment (modalState), and the DM to redraw once the
// modal is submitted — where it is and which experiments it lists. Home
// marks a form opened from the owner's App Home instead, which is
// republished once the form is submitted.
type dmModalState struct {
	modalState
	DMChannel string `json:"dm_channel,omitempty"`
	DMTS      string `json:"dm_ts,omitempty"`
	Listed    []int  `json:"listed,omitempty"`
	Home      bool   `json:"home,omitempty"`
}

// checkInModal builds the modal a DM button opens on experiment e; meta is
// its sealed dmModalState.
func checkInModal(callbackID string, e experiments.Experiment, meta string) *slack.ModalViewRequest {
	about := blockkit.Section(fmt.Sprintf("*%s* %s\n%s", e.Ref(), blockkit.Escape(e.Title), aimLine(e)))
	var title, submit string
	var fields []slack.Block
	switch callbackID {
	case callbackCheckInLog:
		title, submit = "Log "+e.Ref(), "Log"
		fields = []slack.Block{
			textInput(fieldValue, "Value of "+blockkit.Truncate(metricOr(e), 60), "412 or 3.5", "", true, false, 30),
			textInput(fieldNote, "Note", "What happened, what do the numbers say?", "", true, true, experiments.MaxNoteRunes),
			onTrackInput(),
		}
	case callbackDecideIterate:
		title, submit = "Iterate "+e.Ref(), "Iterate"
		fields = []slack.Block{
			textInput(fieldLearning, "What did you learn?", "Carousels beat single images on signups", "", false, true, experiments.MaxNoteRunes),
			textInput(fieldChange, "What changes in the follow-up?", "Same carousels, as video", "", false, true, experiments.MaxNoteRunes),
		}
	default:
		d := decisionOf[callbackID]
		title, submit = capitalize(string(d))+" "+e.Ref(), capitalize(string(d))
		fields = []slack.Block{
			textInput(fieldLearning, "What did you learn?", "Carousels doubled signups at the same cost", "", false, true, experiments.MaxNoteRunes),
		}
	}
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackID, Title: plain(blockkit.Truncate(title, 24)),
		Submit: plain(submit), Close: plain("Cancel"), PrivateMetadata: meta,
		Blocks: slack.Blocks{BlockSet: append([]slack.Block{about}, fields...)},
	}
}

// onTrackInput asks whether the experiment is on track, yes by default.
func onTrackInput() *slack.InputBlock {
	yes := slack.NewOptionBlockObject("yes", plain("Yes"), nil)
	no := slack.NewOptionBlockObject("no", plain("No"), nil)
	el := slack.NewRadioButtonsBlockElement(fieldOnTrack, yes, no)
	el.InitialOption = yes
	return slack.NewInputBlock(fieldOnTrack, plain("On track?"), nil, el)
}

// metricOr is the experiment's metric, or a stand-in when it has none.
func metricOr(e experiments.Experiment) string {
	if e.Metric == "" {
		return "the metric"
	}
	return e.Metric
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
