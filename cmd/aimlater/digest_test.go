package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
)

// runDigest runs `aimlater digest args…` on the database at path and
// returns the exit status, stdout and stderr.
func runDigest(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	useSkipClock(t) // a posted digest's chart waits out Slack's pace
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"digest"}, args...), envOf(env), strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// digestEnv is a configuration for the local subcommands on the database at
// path; the default zone is UTC, so the fixture's Rome can only come from
// the channel's own setting.
func digestEnv(path string) map[string]string {
	return map[string]string{"AIMLATER_DB": path, "AIMLATER_TZ": "UTC"}
}

// TestDigestGolden renders the representative channel's digest as the
// terminal prints it and as the Block Kit Slack receives, and compares both
// with the golden files (go test ./cmd/aimlater -run DigestGolden -update
// rewrites them).
func TestDigestGolden(t *testing.T) {
	path := newDigestFixture(t)
	code, stdout, stderr := runDigest(t, digestEnv(path), "--channel", "C1", "--week", digestWeek)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	checkGolden(t, "digest.golden", stdout)
	checkGolden(t, "digest_blocks.golden", digestPayloads(t, path))
}

// digestPayloads returns the outbox payloads of the fixture's digest as
// indented JSON, one after the other.
func digestPayloads(t *testing.T, path string) string {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	loc, _ := time.LoadLocation("Europe/Rome")
	at, err := experiments.ISOWeekEnd(digestWeek, loc)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := bot.NewApp(appStores(db), nil, time.UTC).DigestMessages(context.Background(), "T1", "C1", at)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("DigestMessages = %d messages, %v; want 1", len(msgs), err)
	}
	return readableJSON(t, chartUndrawn(t, msgs[0].Payload))
}

// chartUndrawn checks that a payload's thread files carry their chart's
// data, not a PNG: the sender draws it at the upload. The data then shows
// in the golden as it is, platform independent.
func chartUndrawn(t *testing.T, raw []byte) []byte {
	t.Helper()
	var p outbox.Payload
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	for _, f := range p.ThreadFiles {
		if len(f.Data) != 0 || len(f.Chart) == 0 {
			t.Errorf("thread file %s holds %d bytes and %d of chart data, want data only", f.Name, len(f.Data), len(f.Chart))
		}
	}
	return raw
}

// readableJSON re-encodes JSON indented and without the \u003c escapes of
// <, > and &, so the golden file shows the mrkdwn escaping (&lt;) as Slack
// reads it. Object keys come out sorted.
func readableJSON(t *testing.T, raw []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return out.String()
}
