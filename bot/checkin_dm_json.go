package bot

import (
	"strconv"
	"unicode/utf8"
)

// A check-in round encodes a thousand DMs at once. Through slack-go's
// Block Kit types and encoding/json that was most of a tick's time and
// memory (a struct per block, text object and button, reflection, then
// a second pass to compact the blocks' own MarshalJSON), so the DM is
// drawn as the few blocks it uses and encoded by hand, byte for byte as
// json.Marshal(outbox.Payload{…}) encodes it (TestCheckInDMWireFormat
// holds the two side by side).

// dmBlockKind is the kind of a block of a check-in DM.
type dmBlockKind int

const (
	dmSection dmBlockKind = iota // mrkdwn section; an experiment's when number > 0
	dmButtons                    // the actions of experiment number
	dmContext                    // a context line of mrkdwn
)

// dmBlock is one block of a check-in DM.
type dmBlock struct {
	kind   dmBlockKind
	text   string // escaped mrkdwn, cut to Slack's limit (section, context)
	number int    // the experiment (its section, its buttons)
	cue    bool   // buttons: the decide buttons first ("decide now?")
	learn  bool   // section: with the button to write its learning
}

// dmDoc is a check-in DM as drawn: its fallback text and its blocks.
type dmDoc struct {
	text   string
	blocks []dmBlock
}

// payloadHead is the addressing of an outbox payload (outbox.Payload's
// fields before text), "" when not set.
type payloadHead struct{ channel, user, ts string }

// checkInButtonSpecs are the four actions on a running experiment: action
// ID, label, style.
var checkInButtonSpecs = [...]struct{ action, label, style string }{
	{actionCheckInLog, "Log result", ""},
	{actionCheckInKeep, "Keep", "primary"},
	{actionCheckInKill, "Kill", "danger"},
	{actionCheckInIterate, "Iterate", ""},
}

// cueButtonOrder is the order of checkInButtonSpecs for an experiment
// ready for its decision: Keep, Kill, Iterate, then Log result.
var cueButtonOrder = [len(checkInButtonSpecs)]int{1, 2, 3, 0}

// learnButtonLabel is the label of the button that opens the learning
// form (actionLearn) beside a decided experiment in a check-in DM.
const learnButtonLabel = "Write the learning"

// appendPayload appends the outbox payload of d addressed by h to b, as
// json.Marshal encodes an outbox.Payload.
func appendPayload(b []byte, h payloadHead, d dmDoc) []byte {
	b = append(b, '{')
	b = appendField(b, "channel", h.channel)
	b = appendField(b, "user", h.user)
	b = appendField(b, "ts", h.ts)
	b = append(b, `"text":`...)
	b = appendJSONString(b, d.text)
	b = append(b, `,"blocks":[`...)
	for i, blk := range d.blocks {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendBlock(b, blk)
	}
	return append(b, "]}"...)
}

// appendField appends "name":"value", for a value that is not empty.
func appendField(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `":`...)
	b = appendJSONString(b, value)
	return append(b, ',')
}

// appendBlock appends one block as slack-go encodes it.
func appendBlock(b []byte, blk dmBlock) []byte {
	switch blk.kind {
	case dmButtons:
		b = append(b, `{"type":"actions","block_id":"`+checkInBlockPrefix...)
		b = strconv.AppendInt(b, int64(blk.number), 10)
		b = append(b, `:actions","elements":[`...)
		for i := range checkInButtonSpecs {
			if i > 0 {
				b = append(b, ',')
			}
			s := checkInButtonSpecs[i]
			if blk.cue {
				s = checkInButtonSpecs[cueButtonOrder[i]]
			}
			b = appendButton(b, s.action, s.label, s.style, blk.number)
		}
		return append(b, "]}"...)
	case dmContext:
		b = append(b, `{"type":"context","elements":[{"type":"mrkdwn","text":`...)
		b = appendJSONString(b, blk.text)
		return append(b, "}]}"...)
	}
	b = append(b, `{"type":"section","text":{"type":"mrkdwn","text":`...)
	b = appendJSONString(b, blk.text)
	b = append(b, '}')
	if blk.number > 0 {
		b = append(b, `,"block_id":"`+checkInBlockPrefix...)
		b = strconv.AppendInt(b, int64(blk.number), 10)
		b = append(b, '"')
	}
	if blk.learn {
		b = append(b, `,"accessory":`...)
		b = appendButton(b, actionLearn, learnButtonLabel, "primary", blk.number)
	}
	return append(b, '}')
}

// appendButton appends a button whose value is the experiment's number.
// Labels are the bot's own, well within the 75 characters of a button.
func appendButton(b []byte, action, label, style string, number int) []byte {
	b = append(b, `{"type":"button","text":{"type":"plain_text","text":`...)
	b = appendJSONString(b, label)
	b = append(b, `,"emoji":true},"action_id":`...)
	b = appendJSONString(b, action)
	b = append(b, `,"value":"`...)
	b = strconv.AppendInt(b, int64(number), 10)
	b = append(b, '"')
	if style != "" {
		b = append(b, `,"style":`...)
		b = appendJSONString(b, style)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string the way encoding/json does
// by default: <, > and & as \u003c, \u003e and \u0026, control characters
// escaped, invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
