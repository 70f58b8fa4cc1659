package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// chartRows counts the chart messages (kind file) of a stopped bot's
// database: all of them, and those marked sent.
func chartRows(t *testing.T, path string) (all, sent int) {
	t.Helper()
	all = countRows(t, path, `SELECT COUNT(*) FROM outbox WHERE kind = 'file'`)
	sent = countRows(t, path, `SELECT COUNT(*) FROM outbox WHERE kind = 'file' AND sent_at IS NOT NULL`)
	return all, sent
}

// TestE2EDigestTickSharesChart runs a scheduled digest through the fake
// Slack: the digest is posted, then its chart is uploaded with the files
// upload v2 flow into the digest's own thread, as a PNG.
func TestE2EDigestTickSharesChart(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	s := startServeWith(t, srv, path, map[string]string{"AIMLATER_DIGEST_SCHEDULE": "@every 1s"})
	s.waitDigestPost(1)
	files, err := srv.WaitFiles(ctxT(t), 1)
	if err != nil {
		t.Fatalf("no chart shared: %v\nlog:\n%s", err, s.stderr)
	}
	s.stop()
	f := files[0]
	if f.Channel != "C1" || f.ThreadTS == "" || f.Title == "" || f.AltText == "" {
		t.Errorf("chart = %s in %s thread %q, title %q; want it in C1's digest thread, titled, with alt text",
			f.Name, f.Channel, f.ThreadTS, f.Title)
	}
	checkChartPNG(t, f.Data)
	if f.Length != len(f.Data) {
		t.Errorf("announced %d bytes, uploaded %d", f.Length, len(f.Data))
	}
	api := slack.New("xoxb-e2e", slack.OptionAPIURL(srv.APIURL()))
	hist, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Latest: f.ThreadTS, Inclusive: true, Limit: 1})
	if err != nil || len(hist.Messages) != 1 || hist.Messages[0].Timestamp != f.ThreadTS || !isDigestText(hist.Messages[0].Text) {
		t.Errorf("the chart's thread %s is not a digest's: %+v, %v", f.ThreadTS, hist, err)
	}
}

// TestE2EChartUploadRetriedSharedOnce fails the upload URL with a 500 and
// files.getUploadURLExternal with a 429: the chart is retried through the
// outbox and shared once, after the digest, which stands from the start.
func TestE2EChartUploadRetriedSharedOnce(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	srv.FailNext(fakeslack.UploadMethod, fakeslack.Failure{Status: http.StatusInternalServerError}, 1)
	srv.FailNext("files.getUploadURLExternal", fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: time.Second}, 1)
	s := startServe(t, srv, path)
	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted")
	if _, err := srv.WaitFiles(ctxT(t), 1); err != nil {
		t.Fatalf("no chart shared: %v\nlog:\n%s", err, s.stderr)
	}
	s.stop()
	for method, want := range map[string]int{"files.getUploadURLExternal": 3, fakeslack.UploadMethod: 2, "files.completeUploadExternal": 1} {
		if got := len(srv.Calls(method)); got != want {
			t.Errorf("%s calls = %d, want %d", method, got, want)
		}
	}
	if got := len(srv.Files()); got != 1 {
		t.Errorf("%d charts shared, want 1", got)
	}
	if all, sent := chartRows(t, path); all != 1 || sent != 1 {
		t.Errorf("chart rows = %d, sent %d; want 1 and 1", all, sent)
	}
}

// TestE2EChartNotSharedTwiceAfterCrash loses the answer of
// files.completeUploadExternal (the file is shared) and stops serve at
// once, as a crash would: the restarted bot finds the chart in the
// digest's thread and does not upload it again.
func TestE2EChartNotSharedTwiceAfterCrash(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	srv.DropCompleteAnswers(1)
	s := startServe(t, srv, path)
	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted")
	if _, err := srv.WaitCalls(ctxT(t), "files.completeUploadExternal", 1); err != nil {
		t.Fatalf("no upload completed: %v\nlog:\n%s", err, s.stderr)
	}
	s.stop()
	if _, sent := chartRows(t, path); sent != 0 {
		t.Log("the sender looked the chart up before the stop; the restart has nothing left to do")
	}
	s = startServe(t, srv, path)
	if _, err := srv.WaitCalls(ctxT(t), "conversations.replies", 1); err != nil {
		t.Fatalf("the restarted bot did not look for the chart: %v\nlog:\n%s", err, s.stderr)
	}
	s.stop()
	if got := len(srv.Files()); got != 1 {
		t.Errorf("%d charts shared, want 1", got)
	}
	for _, method := range []string{"files.getUploadURLExternal", "files.completeUploadExternal"} {
		if got := len(srv.Calls(method)); got != 1 {
			t.Errorf("%s calls = %d, want 1", method, got)
		}
	}
	if all, sent := chartRows(t, path); all != 1 || sent != 1 {
		t.Errorf("chart rows = %d, sent %d; want 1 and 1", all, sent)
	}
}
