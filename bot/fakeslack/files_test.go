package fakeslack_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// TestUploadFileV2 checks the files upload v2 flow through slack-go: the
// upload URL is the fake's own, the bytes are kept, and the file is shared
// in the thread, where conversations.replies shows it.
func TestUploadFileV2(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	api := newAPI(srv, botToken)
	ctx := testContext(t)
	_, parent, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("digest", false))
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\nchart")
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(png), FileSize: len(png),
		Filename: "launches-2026-W48.png", Title: "Launches per week", AltTxt: "bars", Channel: "C1", ThreadTimestamp: parent})
	if err != nil {
		t.Fatalf("UploadFileContext: %v", err)
	}
	files, err := srv.WaitFiles(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	f := files[0]
	if f.ID != sum.ID || f.Name != "launches-2026-W48.png" || f.Title != "Launches per week" || f.AltText != "bars" ||
		f.Channel != "C1" || f.ThreadTS != parent || f.Length != len(png) || !bytes.Equal(f.Data, png) {
		t.Errorf("file = %+v, want it shared in C1's thread %s with its name, title, alt text and bytes", f, parent)
	}
	if url := srv.Calls("files.getUploadURLExternal"); len(url) != 1 {
		t.Errorf("getUploadURLExternal calls = %d, want 1", len(url))
	}
	msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || len(msgs[1].Files) != 1 || msgs[1].Files[0].Name != "launches-2026-W48.png" {
		t.Errorf("thread = %+v, want the digest and a message sharing the file", msgs)
	}
}

// TestUploadFailures checks that the upload URL fails as FailNext says,
// and that a file never uploaded cannot be shared.
func TestUploadFailures(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	api := newAPI(srv, botToken)
	ctx := testContext(t)
	params := slack.UploadFileParameters{Reader: strings.NewReader("png"), FileSize: 3, Filename: "a.png", Channel: "C1"}
	srv.FailNext(fakeslack.UploadMethod, fakeslack.Failure{Status: http.StatusInternalServerError}, 1)
	_, err := api.UploadFileContext(ctx, params)
	var status slack.StatusCodeError
	if !errors.As(err, &status) || status.Code != http.StatusInternalServerError {
		t.Errorf("upload with a failing URL = %v, want a 500", err)
	}
	srv.FailNext(fakeslack.UploadMethod, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: 2 * time.Second}, 1)
	params.Reader = strings.NewReader("png")
	_, err = api.UploadFileContext(ctx, params)
	var limited *slack.RateLimitedError
	if !errors.As(err, &limited) || limited.RetryAfter != 2*time.Second {
		t.Errorf("upload with a 429 = %v, want a RateLimitedError after 2s", err)
	}
	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: "F404"}}, Channel: "C1"})
	if err == nil || err.Error() != "file_not_found" {
		t.Errorf("sharing an unknown file = %v, want file_not_found", err)
	}
	if got := srv.Files(); len(got) != 0 {
		t.Errorf("shared files = %+v, want none", got)
	}
}

// TestDropCompleteAnswers checks that a dropped answer still shares the
// file, and the client sees no answer.
func TestDropCompleteAnswers(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	api := newAPI(srv, botToken)
	ctx := testContext(t)
	srv.DropCompleteAnswers(1)
	_, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: strings.NewReader("png"), FileSize: 3, Filename: "a.png", Channel: "C1"})
	var slackErr slack.SlackErrorResponse
	if err == nil || errors.As(err, &slackErr) {
		t.Errorf("upload with a dropped answer = %v, want a transport error", err)
	}
	if got := srv.Files(); len(got) != 1 || got[0].Name != "a.png" {
		t.Errorf("shared files = %+v, want a.png", got)
	}
	if _, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: strings.NewReader("png"), FileSize: 3, Filename: "b.png", Channel: "C1"}); err != nil {
		t.Errorf("next upload = %v, want it answered", err)
	}
}
