package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// A .env that godotenv cannot parse: its error quotes the rest of the line
// (an unclosed quote) or of the file (a bad name), tokens and all.
var malformedDotEnvs = []struct {
	name, file string
	line       int
}{
	{"unclosed quote", "SLACK_BOT_TOKEN=xoxb-1-secretbot\nSLACK_APP_TOKEN='xapp-1-secretapp\nAIMLATER_TZ=UTC\n", 2},
	{"token pasted without a name", "# tokens\nSLACK_BOT_TOKEN=xoxb-1-secretbot\n\nxapp-1-secretapp\n", 4},
	{"after a multi-line value", "AIMLATER_TZ=\"Europe/\nRome\"\nSLACK_BOT_TOKEN=\"xoxb-1-secretbot\nSLACK_APP_TOKEN=xapp-1-secretapp\n", 3},
}

// TestMalformedDotEnvNamesTheLineNotTheValue runs the real binary, since
// .env is read before run: the error names the file and the line, exits 2
// and shows no value.
func TestMalformedDotEnvNamesTheLineNotTheValue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	for _, tt := range malformedDotEnvs {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "version")
			cmd.Dir, cmd.Env = dir, []string{"PATH=" + os.Getenv("PATH")}
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != exitUsage {
				t.Errorf("exit = %d (%v), want %d", code, err, exitUsage)
			}
			if strings.Contains(string(out), "secret") {
				t.Errorf("output shows a token: %q", out)
			}
			if want := ".env: line " + string(rune('0'+tt.line)); !strings.Contains(string(out), want) {
				t.Errorf("output = %q, want it to name %q", out, want)
			}
		})
	}
}

// TestExamplePlaceholdersAreRefused configures serve from .env.example as
// it stands: each placeholder stops it with exit 2 and what to do, instead
// of a bot that retries auth forever.
func TestExamplePlaceholdersAreRefused(t *testing.T) {
	example, err := godotenv.Read(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	example["AIMLATER_DB"] = filepath.Join(t.TempDir(), "aimlater.db")
	for _, name := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"} {
		code, _, stderr := runCLI(t, example, "serve")
		if want := "fill in " + name + " in .env"; code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%s placeholder: exit %d, stderr %q; want exit 2 and %q", name, code, stderr, want)
		}
		example[name] = validEnv("")[name] // a real-looking token: on to the next
	}
}
