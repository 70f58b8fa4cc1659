package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// manifestScopes are the bot scopes manifest.yaml asks for, in its order.
var manifestScopes = []string{"commands", "chat:write", "im:write", "users:read", "channels:join",
	"channels:history", "groups:history", "im:history", "mpim:history", "channels:read", "groups:read", "mpim:read", "files:write"}

func TestManifestBotScopes(t *testing.T) {
	if got := manifestBotScopes(manifestYAML); !slices.Equal(got, manifestScopes) {
		t.Errorf("manifestBotScopes = %q, want %q", got, manifestScopes)
	}
	// Other lists, comments, quotes and a list at the key's own indent.
	yaml := "features:\n  bot:\n    - not:this\noauth_config:\n  scopes:\n    user:\n      - nor:this\n" +
		"    bot:  # the bot's\n    - a:b # why\n    # - commented:out\n    - \"c:d\"\n  other:\n    - x\n"
	if got := manifestBotScopes(yaml); !slices.Equal(got, []string{"a:b", "c:d"}) {
		t.Errorf("manifestBotScopes = %q, want [a:b c:d]", got)
	}
}

// checkLines runs `aimlater check` with env and returns its exit status and
// its lines by name ("config", "bot token", "scopes", "app token",
// "database").
func checkLines(t *testing.T, env map[string]string) (int, map[string]string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, env, "check")
	lines := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		_, rest, _ := strings.Cut(line, " ")
		name, _, _ := strings.Cut(rest, ":")
		lines[name] = line
	}
	return code, lines, stdout + stderr
}

// fakeWithScopes starts a fake Slack granting scopes.
func fakeWithScopes(t *testing.T, scopes []string) *fakeslack.Server {
	srv := startFake(t)
	srv.SetScopes(scopes...)
	return srv
}

func TestCheckAllGood(t *testing.T) {
	srv := fakeWithScopes(t, append([]string{"team:read"}, manifestScopes...))
	env := slackEnv(srv, noDB(t))
	code, lines, out := checkLines(t, env)
	if code != exitOK {
		t.Fatalf("exit %d, want 0:\n%s", code, out)
	}
	for _, name := range []string{"config", "bot token", "scopes", "app token", "database"} {
		if !strings.HasPrefix(lines[name], "✓ ") {
			t.Errorf("%s: %q, want a ✓ line", name, lines[name])
		}
	}
	mustContain(t, out, "team Fake (T0FAKE), bot user U0BOT", "all 13 the manifest asks for", "created, schema version")
	if code, lines, out = checkLines(t, env); code != exitOK || strings.Contains(lines["database"], "created") {
		t.Errorf("second run: exit %d, database %q; want 0, not created again\n%s", code, lines["database"], out)
	}
}

func TestCheckNamesAMissingScope(t *testing.T) {
	granted := slices.DeleteFunc(slices.Clone(manifestScopes), func(s string) bool { return s == "channels:read" || s == "mpim:history" })
	srv := fakeWithScopes(t, granted)
	code, lines, out := checkLines(t, slackEnv(srv, newDB(t)))
	if code != exitFailed {
		t.Errorf("exit %d, want 1:\n%s", code, out)
	}
	if want := "✗ scopes: missing mpim:history, channels:read: add them under OAuth & Permissions"; !strings.HasPrefix(lines["scopes"], want) {
		t.Errorf("scopes line %q, want it to start %q", lines["scopes"], want)
	}
	if !strings.HasPrefix(lines["bot token"], "✓") || !strings.HasPrefix(lines["database"], "✓") {
		t.Errorf("the other checks should pass:\n%s", out)
	}
}

func TestCheckWithoutScopesHeader(t *testing.T) {
	srv := startFake(t) // no SetScopes: no X-OAuth-Scopes
	code, lines, out := checkLines(t, slackEnv(srv, newDB(t)))
	if code != exitFailed || !strings.HasPrefix(lines["scopes"], "✗ scopes: Slack sent no X-OAuth-Scopes header") {
		t.Errorf("exit %d, scopes %q; want 1 and no header named\n%s", code, lines["scopes"], out)
	}
}

func TestCheckBadTokens(t *testing.T) {
	srv := fakeWithScopes(t, manifestScopes)
	t.Run("bot token refused", func(t *testing.T) {
		env := slackEnv(srv, newDB(t))
		env["SLACK_BOT_TOKEN"] = "xoxb-secret-wrong"
		code, lines, out := checkLines(t, env)
		if code != exitFailed || !strings.HasPrefix(lines["bot token"], "✗ bot token: Slack refused SLACK_BOT_TOKEN (invalid_auth)") {
			t.Errorf("exit %d, bot token %q; want 1 and invalid_auth\n%s", code, lines["bot token"], out)
		}
		if _, ok := lines["scopes"]; ok || strings.Contains(out, "secret") {
			t.Errorf("no scopes line without a token, and no token shown:\n%s", out)
		}
	})
	t.Run("app token refused", func(t *testing.T) {
		env := slackEnv(srv, newDB(t))
		env["SLACK_APP_TOKEN"] = "xapp-secret-wrong"
		code, lines, out := checkLines(t, env)
		if code != exitFailed || !strings.HasPrefix(lines["app token"], "✗ app token: Slack refused SLACK_APP_TOKEN (invalid_auth)") {
			t.Errorf("exit %d, app token %q; want 1 and invalid_auth\n%s", code, lines["app token"], out)
		}
		if !strings.HasPrefix(lines["bot token"], "✓") || strings.Contains(out, "secret") {
			t.Errorf("bot token should pass, and no token shown:\n%s", out)
		}
	})
	t.Run("malformed token", func(t *testing.T) {
		env := slackEnv(srv, newDB(t))
		env["SLACK_BOT_TOKEN"] = "xapp-secret"
		before := len(srv.Calls("auth.test"))
		code, lines, out := checkLines(t, env)
		if code != exitFailed || !strings.HasPrefix(lines["config"], "✗ config: SLACK_BOT_TOKEN: malformed") ||
			!strings.Contains(lines["bot token"], "not checked") {
			t.Errorf("exit %d; want 1, the config line naming the token, the bot token not checked\n%s", code, out)
		}
		if len(srv.Calls("auth.test")) != before || strings.Contains(out, "secret") {
			t.Errorf("a malformed token was sent to Slack or shown:\n%s", out)
		}
	})
}

func TestCheckSlackOutOfReach(t *testing.T) {
	srv := startFake(t)
	env := slackEnv(srv, newDB(t))
	srv.Close() // its port now refuses connections
	code, lines, out := checkLines(t, env)
	if code != exitFailed || !strings.HasPrefix(lines["bot token"], "✗ bot token: could not reach Slack at "+srv.APIURL()) ||
		!strings.HasPrefix(lines["app token"], "✗ app token: could not reach Slack") {
		t.Errorf("exit %d; want 1 and both tokens unreachable\n%s", code, out)
	}
	if !strings.HasPrefix(lines["database"], "✓") {
		t.Errorf("the database is checked without Slack:\n%s", out)
	}
}

func TestCheckDatabaseProblems(t *testing.T) {
	srv := fakeWithScopes(t, manifestScopes)
	t.Run("no such directory", func(t *testing.T) {
		env := slackEnv(srv, filepath.Join(t.TempDir(), "missing", "aimlater.db"))
		code, lines, out := checkLines(t, env)
		if code != exitFailed || !strings.Contains(lines["database"], "does not exist") {
			t.Errorf("exit %d, database %q; want 1 naming the directory\n%s", code, lines["database"], out)
		}
	})
	t.Run("bad zone", func(t *testing.T) {
		env := slackEnv(srv, newDB(t))
		env["AIMLATER_TZ"] = "Mars/Olympus"
		code, lines, out := checkLines(t, env)
		if code != exitFailed || !strings.HasPrefix(lines["config"], "✗ config: AIMLATER_TZ") ||
			!strings.Contains(lines["database"], "not checked") || !strings.HasPrefix(lines["scopes"], "✓") {
			t.Errorf("exit %d; want 1, the zone named, the database not checked, Slack checked\n%s", code, out)
		}
	})
}

// TestCheckBesideServe: check opens the database a running serve holds,
// without its lock, and serve goes on answering.
func TestCheckBesideServe(t *testing.T) {
	srv := fakeWithScopes(t, manifestScopes)
	db := newDB(t)
	s := startServe(t, srv, db)
	code, lines, out := checkLines(t, slackEnv(srv, db))
	if code != exitOK || !strings.Contains(lines["database"], "writable") {
		t.Errorf("check beside serve: exit %d\n%s", code, out)
	}
	mustContain(t, s.slash("C1", "U1", "new Try carousel ads metric:signups target:+20% by:2w"), "#1")
	if code := s.stop(); code != exitOK {
		t.Errorf("serve exit %d\n%s", code, s.stderr)
	}
}

func TestCheckAndProbeAnswerHelp(t *testing.T) {
	for _, name := range []string{"check", "probe"} {
		code, stdout, stderr := runCLI(t, nil, name, "-h")
		if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "Usage: aimlater "+name) {
			t.Errorf("%s -h: exit %d, stdout %q, stderr %q", name, code, stdout, stderr)
		}
	}
	if code, _, stderr := runCLI(t, nil, "check", "extra"); code != exitUsage || stderr == "" {
		t.Errorf("check extra: exit %d, stderr %q; want 2", code, stderr)
	}
}
