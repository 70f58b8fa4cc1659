package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// File is a file the sender shares with Slack's files upload v2 flow: a
// digest's chart, say. Either its bytes travel in the outbox row (Data),
// or what to draw does (Chart) and the sender draws it just before the
// upload, with its RenderChart.
type File struct {
	// Name is the file's name, such as "launches-2026-W48.png". After an
	// interrupted upload the sender looks for a file of this name in the
	// thread (or channel) it was going to, so it must be the only one of
	// its name there.
	Name    string `json:"name"`
	Title   string `json:"title,omitempty"`
	AltText string `json:"alt_text,omitempty"` // read out by screen readers
	Data    []byte `json:"data,omitempty"`
	// Chart, for a file without Data, is the data of a chart, opaque here:
	// the Sender's RenderChart turns it into the file's bytes when the
	// file is sent. A digest's tick thus stores a few hundred bytes of
	// numbers, not a PNG, and does not pay for the drawing.
	Chart json.RawMessage `json:"chart,omitempty"`
}

// missingFile returns " file" when f has no name, or neither bytes nor a
// chart to draw.
func missingFile(f *File) string {
	if f == nil || f.Name == "" || (len(f.Data) == 0 && len(f.Chart) == 0) {
		return " file"
	}
	return ""
}

// drawError is a chart the sender could not draw: permanent for that
// file, and nobody's doing in Slack, so it is logged and not told.
type drawError struct{ err error }

func (e *drawError) Error() string { return "draw chart: " + e.err.Error() }
func (e *drawError) Unwrap() error { return e.err }

// fileBytes returns what f uploads: its Data, or its Chart drawn now.
func (s *Sender) fileBytes(f *File) ([]byte, error) {
	if len(f.Data) > 0 {
		return f.Data, nil
	}
	if s.RenderChart == nil {
		return nil, &drawError{errors.New("no chart renderer")}
	}
	data, err := s.RenderChart(f.Chart)
	if err == nil && len(data) == 0 {
		err = errors.New("empty drawing")
	}
	if err != nil {
		return nil, &drawError{fmt.Errorf("%s: %w", f.Name, err)}
	}
	return data, nil
}

// upload shares p.File in p.Channel, in the thread of p.ThreadTS when set,
// drawn first if it is a chart, with files.getUploadURLExternal, a POST of the bytes to the upload URL
// Slack returns (used as it comes), and files.completeUploadExternal. The
// file is in Slack only once the last call succeeds: a failure before it
// leaves an upload Slack never shows, and the retry starts afresh.
func (s *Sender) upload(ctx context.Context, p Payload) error {
	f := p.File
	data, err := s.fileBytes(f)
	if err != nil {
		return err
	}
	return s.call(ctx, func(ctx context.Context) error {
		sum, err := s.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: f.Name,
			Title: f.Title, AltTxt: f.AltText, Channel: p.Channel, ThreadTimestamp: p.ThreadTS,
		})
		if err == nil && (sum == nil || sum.ID == "") {
			err = errors.New("no file in answer")
		}
		if err != nil {
			return fmt.Errorf("upload %s: %w", f.Name, err)
		}
		return nil
	})
}

// lookupFile looks for an interrupted upload of m in Slack: a message
// since the attempt, in p's thread (or channel), sharing a file named as
// p.File. Messages carry no metadata of an upload's, so the name it was
// uploaded under is what tells.
func (s *Sender) lookupFile(ctx context.Context, m experiments.OutboxMessage, p Payload) (sentMessage, bool, error) {
	oldest := slackTS(m.InFlightSince.Add(-lookupSkew))
	msgs, err := s.recent(ctx, p.Channel, p.ThreadTS, oldest)
	if err != nil {
		if _, class := classify(err); class == errPermanent {
			return sentMessage{}, false, nil // not readable: the upload will say why
		}
		return sentMessage{}, false, &lookupError{err}
	}
	for _, msg := range msgs {
		if sharesFile(msg, p.File.Name) {
			s.log.Info("interrupted upload found in Slack, not sent again", "id", m.ID, "channel", p.Channel, "file", p.File.Name)
			return sentMessage{at: s.Now(), channel: p.Channel}, true, nil
		}
	}
	return sentMessage{}, false, nil
}

// sharesFile reports whether msg shares a file named name.
func sharesFile(msg slack.Message, name string) bool {
	for _, f := range msg.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}
