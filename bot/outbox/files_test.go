package outbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// uploadAPI is the sender's fake with uploads and thread replies: each
// upload records what it was given and fails with errs in turn.
type uploadAPI struct {
	*senderAPIFake
	mu      sync.Mutex
	uploads []slack.UploadFileParameters
	data    [][]byte
	errs    []error
	thread  []slack.Message // what conversations.replies answers
}

func (a *uploadAPI) UploadFileContext(_ context.Context, p slack.UploadFileParameters) (*slack.FileSummary, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	data, _ := io.ReadAll(p.Reader)
	p.Reader = nil
	a.uploads, a.data = append(a.uploads, p), append(a.data, data)
	if len(a.errs) > 0 {
		err := a.errs[0]
		a.errs = a.errs[1:]
		return nil, err
	}
	return &slack.FileSummary{ID: "F1", Title: p.Title}, nil
}

func (a *uploadAPI) GetConversationRepliesContext(context.Context, *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error) {
	return a.thread, false, "", nil
}

// newUploadFixture is newSenderFixture whose Sender talks to an uploadAPI.
func newUploadFixture(t *testing.T) (*senderFixture, *uploadAPI) {
	f := newSenderFixture(t)
	api := &uploadAPI{senderAPIFake: f.api}
	s := NewSender(f.store, api, f.s.log)
	s.Now, s.Jitter = f.s.Now, f.s.Jitter
	f.s = s
	return f, api
}

// chartFile is a file as the digest queues one.
func chartFile() File {
	return File{Name: "launches-2026-W48.png", Title: "Launches per week", AltText: "bars", Data: []byte("\x89PNG fake")}
}

// TestSenderUploadsThreadFilesAfterReplies checks that a post's files go
// out after it and its replies, in its thread, with their bytes.
func TestSenderUploadsThreadFilesAfterReplies(t *testing.T) {
	f, api := newUploadFixture(t)
	posts := &postRecorder{}
	f.api.post = posts.post
	p := threadedPost()
	p.ThreadFiles = []File{chartFile()}
	f.store.add(KindPost, p)
	for range 5 {
		f.drain(t)
		f.clock.Advance(time.Second)
	}
	if got := posts.got(); len(got) != 3 {
		t.Fatalf("posts = %v, want the digest and its two replies", got)
	}
	if len(api.uploads) != 1 {
		t.Fatalf("uploads = %d, want 1", len(api.uploads))
	}
	up := api.uploads[0]
	if up.Channel != "C1" || up.ThreadTimestamp != "1.0" || up.Filename != "launches-2026-W48.png" ||
		up.Title != "Launches per week" || up.AltTxt != "bars" || up.FileSize != len(chartFile().Data) {
		t.Errorf("upload = %+v, want C1 in thread 1.0 with the file's name, title, alt text and size", up)
	}
	if !bytes.Equal(api.data[0], chartFile().Data) {
		t.Errorf("uploaded %q, want %q", api.data[0], chartFile().Data)
	}
	if f.store.Pending() != 0 {
		t.Errorf("%d messages pending, want none", f.store.Pending())
	}
}

// TestSenderRetriesUploadThenSharesOnce checks that a 500 and a 429 are
// retried and the file is shared once.
func TestSenderRetriesUploadThenSharesOnce(t *testing.T) {
	f, api := newUploadFixture(t)
	api.errs = []error{
		slack.StatusCodeError{Code: http.StatusInternalServerError, Status: "500 Internal Server Error"},
		&slack.RateLimitedError{RetryAfter: 3 * time.Second},
	}
	file := chartFile()
	id := f.store.add(KindFile, Payload{Channel: "C1", ThreadTS: "1.0", File: &file})
	for range 10 {
		f.drain(t)
		f.clock.Advance(2 * time.Second)
	}
	row := f.store.row(id)
	if row.SentAt.IsZero() || row.Msg.Attempts != 2 {
		t.Errorf("row = sent %v after %d failed attempts, want sent after 2", row.SentAt, row.Msg.Attempts)
	}
	if len(api.uploads) != 3 {
		t.Errorf("upload calls = %d, want 3 (500, 429, ok)", len(api.uploads))
	}
}

// TestSenderFindsInterruptedUpload checks that an upload interrupted
// after Slack shared the file is found in the thread, not shared twice,
// and that one not found is uploaded.
func TestSenderFindsInterruptedUpload(t *testing.T) {
	for _, tt := range []struct {
		name        string
		thread      []slack.Message
		wantUploads int
	}{
		{"shared before the crash", []slack.Message{{Msg: slack.Msg{Timestamp: "2.0",
			Files: []slack.File{{ID: "F1", Name: "launches-2026-W48.png"}}}}}, 0},
		{"another file in the thread", []slack.Message{{Msg: slack.Msg{Timestamp: "2.0",
			Files: []slack.File{{ID: "F9", Name: "launches-2026-W47.png"}}}}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, api := newUploadFixture(t)
			api.thread = tt.thread
			file := chartFile()
			id := f.store.add(KindFile, Payload{Channel: "C1", ThreadTS: "1.0", File: &file})
			// A claim whose lease runs out with no outcome: the crash.
			if ok, err := f.store.Claim(t.Context(), id, f.clock.Now(), f.clock.Now().Add(time.Second)); !ok || err != nil {
				t.Fatalf("Claim = %v, %v", ok, err)
			}
			f.clock.Advance(time.Minute)
			f.drain(t)
			if len(api.uploads) != tt.wantUploads || f.store.row(id).SentAt.IsZero() {
				t.Errorf("uploads = %d, sent %v; want %d and sent", len(api.uploads), f.store.row(id).SentAt, tt.wantUploads)
			}
		})
	}
}

// TestSenderDropsFileWithoutBytes checks that a file message with nothing
// to upload is given up on at once, with no call.
func TestSenderDropsFileWithoutBytes(t *testing.T) {
	f, api := newUploadFixture(t)
	id := f.store.add(KindFile, Payload{Channel: "C1", File: &File{Name: "x.png"}})
	f.drain(t)
	row := f.store.row(id)
	if row.DeadAt.IsZero() || len(api.uploads) != 0 {
		t.Errorf("dead %v after %d uploads, want dead with none", row.DeadAt, len(api.uploads))
	}
	if err := Validate(KindFile, Payload{Channel: "C1"}); !errors.Is(err, ErrBadMessage) {
		t.Errorf("Validate without a file = %v, want ErrBadMessage", err)
	}
	if got := refusalText(KindFile, "C1", errors.New("missing_scope")); !strings.Contains(got, "chart") || !strings.Contains(got, "missing_scope") {
		t.Errorf("refusal = %q, want the chart and the code named", got)
	}
}

// drawnChart is a file as the digest queues its chart: the data to draw,
// no bytes.
func drawnChart() File {
	return File{Name: "launches-2026-W48.png", Title: "Launches per week", AltText: "bars", Chart: []byte(`{"Title":"t"}`)}
}

// chartRenderer is a RenderChart that records the data it was given and
// answers with "PNG of " and the data, or with err.
type chartRenderer struct {
	calls []string
	err   error
}

func (r *chartRenderer) render(data []byte) ([]byte, error) {
	r.calls = append(r.calls, string(data))
	if r.err != nil {
		return nil, r.err
	}
	return append([]byte("PNG of "), data...), nil
}

// TestSenderDrawsChartAtUpload checks that a chart queued as data is drawn
// by RenderChart when it is sent, after its post and in its thread, and
// that its drawing is what is uploaded.
func TestSenderDrawsChartAtUpload(t *testing.T) {
	f, api := newUploadFixture(t)
	r := &chartRenderer{}
	f.s.RenderChart = r.render
	f.api.post = (&postRecorder{}).post
	p := Payload{Channel: "C1", Text: "digest", ThreadFiles: []File{drawnChart()}}
	f.store.add(KindPost, p)
	f.drain(t)
	if len(r.calls) != 0 {
		t.Fatalf("drawn %d times with the post, want none before the upload", len(r.calls))
	}
	f.clock.Advance(time.Second)
	f.drain(t)
	if len(r.calls) != 1 || r.calls[0] != `{"Title":"t"}` || len(api.uploads) != 1 {
		t.Fatalf("drawn %q, %d uploads; want the chart's data drawn once and uploaded", r.calls, len(api.uploads))
	}
	if up := api.uploads[0]; string(api.data[0]) != `PNG of {"Title":"t"}` || up.FileSize != len(api.data[0]) || up.ThreadTimestamp != "1.0" {
		t.Errorf("uploaded %q (%d bytes announced) in thread %q, want the drawing in 1.0", api.data[0], up.FileSize, up.ThreadTimestamp)
	}
}

// TestSenderGivesUpChartNotDrawn checks that a chart that cannot be drawn
// (RenderChart fails, or there is none) is given up on at once with no
// upload and nobody told, the post standing, and that a chart found in
// the thread after a crash is not drawn at all.
func TestSenderGivesUpChartNotDrawn(t *testing.T) {
	for name, render := range map[string]func([]byte) ([]byte, error){
		"render fails": (&chartRenderer{err: errors.New("no weeks")}).render,
		"no renderer":  nil,
	} {
		t.Run(name, func(t *testing.T) {
			f, api := newUploadFixture(t)
			f.s.RenderChart = render
			file := drawnChart()
			m := Message(KindFile, "T1", Payload{Channel: "C1", ThreadTS: "1.0", File: &file})
			m.Actor = "U1" // not told: f.api.open and post are unset
			id := f.store.addRaw(m)
			f.drain(t)
			row := f.store.row(id)
			if row.DeadAt.IsZero() || len(api.uploads) != 0 || !strings.Contains(row.LastError, "draw chart") {
				t.Errorf("dead %v (%q) after %d uploads, want dead at once, not drawn, none", row.DeadAt, row.LastError, len(api.uploads))
			}
		})
	}
	t.Run("found after a crash", func(t *testing.T) {
		f, api := newUploadFixture(t)
		r := &chartRenderer{}
		f.s.RenderChart = r.render
		api.thread = []slack.Message{{Msg: slack.Msg{Timestamp: "2.0", Files: []slack.File{{ID: "F1", Name: "launches-2026-W48.png"}}}}}
		file := drawnChart()
		id := f.store.add(KindFile, Payload{Channel: "C1", ThreadTS: "1.0", File: &file})
		if ok, err := f.store.Claim(t.Context(), id, f.clock.Now(), f.clock.Now().Add(time.Second)); !ok || err != nil {
			t.Fatalf("Claim = %v, %v", ok, err)
		}
		f.clock.Advance(time.Minute)
		f.drain(t)
		if len(r.calls)+len(api.uploads) != 0 || f.store.row(id).SentAt.IsZero() {
			t.Errorf("drawn %d times, %d uploads, sent %v; want found, neither drawn nor uploaded", len(r.calls), len(api.uploads), f.store.row(id).SentAt)
		}
	})
}
