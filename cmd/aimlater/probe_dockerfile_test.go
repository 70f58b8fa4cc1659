package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// dockerInstruction is one instruction of a Dockerfile: its keyword, upper
// case, and its arguments with continuation lines joined.
type dockerInstruction struct {
	keyword, args string
	line          int
}

// dockerKeywords are the Dockerfile instructions (docs.docker.com's
// reference).
var dockerKeywords = []string{"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}

// parseDockerfile splits a Dockerfile into instructions the way Docker
// does for one without heredocs: comments and blank lines dropped, a
// trailing backslash joining the next line. It fails on an unknown
// keyword or a continuation left open at the end.
func parseDockerfile(t *testing.T, text string) []dockerInstruction {
	t.Helper()
	var out []dockerInstruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		body, cont := strings.CutSuffix(trimmed, `\`)
		cur.WriteString(body + " ")
		if cont {
			continue
		}
		keyword, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		if !slices.Contains(dockerKeywords, strings.ToUpper(keyword)) {
			t.Fatalf("Dockerfile line %d: unknown instruction %q", start, keyword)
		}
		out = append(out, dockerInstruction{strings.ToUpper(keyword), strings.TrimSpace(args), start})
		cur.Reset()
	}
	if cur.Len() > 0 {
		t.Fatalf("Dockerfile line %d: continuation never ends", start)
	}
	return out
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDockerfile checks what CI cannot build without a registry: the
// Dockerfile parses, builds a static binary with the Go of go.mod, and
// runs it as a non-root user with /data as a volume, the database in it,
// and the health check through `aimlater probe`. (.ci/run also runs
// hadolint where it is installed.)
func TestDockerfile(t *testing.T) {
	all := parseDockerfile(t, readRepoFile(t, "Dockerfile"))
	var stages [][]dockerInstruction
	for _, in := range all {
		if in.keyword == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("line %d: %s before the first FROM", in.line, in.keyword)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	if len(stages) != 2 {
		t.Fatalf("%d stages, want 2 (build, run)", len(stages))
	}
	build, final := stages[0], stages[1]
	goVersion := goModVersion(t)
	if want := "golang:" + goVersion + " AS build"; build[0].args != want {
		t.Errorf("build stage FROM %q, want %q (go.mod's Go)", build[0].args, want)
	}
	if !containsArg(build, "RUN", "CGO_ENABLED=0 go build") {
		t.Error("the binary is not built with CGO_ENABLED=0: it would not be static")
	}
	checkFinalStage(t, final)
}

func checkFinalStage(t *testing.T, final []dockerInstruction) {
	t.Helper()
	if strings.Contains(final[0].args, "golang") {
		t.Errorf("the image runs on %q, the toolchain", final[0].args)
	}
	if user := lastArg(final, "USER"); user == "" || user == "root" || strings.HasPrefix(user, "0") {
		t.Errorf("USER %q, want a non-root user", user)
	}
	for _, want := range []struct{ keyword, arg string }{
		{"VOLUME", `["/data"]`}, {"ENV", "AIMLATER_DB=/data/aimlater.db"},
		{"COPY", "--chown=65532:65532 /out/data /data"}, {"ENTRYPOINT", "aimlater"},
	} {
		if !containsArg(final, want.keyword, want.arg) {
			t.Errorf("run stage lacks %s %s", want.keyword, want.arg)
		}
	}
	health := lastArg(final, "HEALTHCHECK")
	_, cmd, ok := strings.Cut(health, "CMD ")
	var argv []string
	if !ok || json.Unmarshal([]byte(cmd), &argv) != nil || len(argv) < 2 || argv[1] != "probe" {
		t.Errorf("HEALTHCHECK %q, want CMD [\".../aimlater\", \"probe\"] in exec form (no shell in the image)", health)
	}
}

func containsArg(ins []dockerInstruction, keyword, arg string) bool {
	return slices.ContainsFunc(ins, func(in dockerInstruction) bool {
		return in.keyword == keyword && strings.Contains(in.args, arg)
	})
}

func lastArg(ins []dockerInstruction, keyword string) string {
	for _, in := range slices.Backward(ins) {
		if in.keyword == keyword {
			return in.args
		}
	}
	return ""
}

// goModVersion is go.mod's go line as major.minor: "1.26".
func goModVersion(t *testing.T) string {
	for _, line := range strings.Split(readRepoFile(t, "go.mod"), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			parts := strings.Split(strings.TrimSpace(v), ".")
			return strings.Join(parts[:min(2, len(parts))], ".")
		}
	}
	t.Fatal("go.mod has no go line")
	return ""
}

// TestContainerFiles: the build context leaves secrets and databases out
// but keeps .git (the commit stamp), and compose keeps the database in its
// volume and the listener on the host's loopback.
func TestContainerFiles(t *testing.T) {
	var ignored []string
	for _, line := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			ignored = append(ignored, line)
		}
	}
	for _, want := range []string{".env", "*.db", "*.db-wal"} {
		if !slices.Contains(ignored, want) {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
	if slices.Contains(ignored, ".git") {
		t.Error(".dockerignore leaves out .git: the binary would not know its commit")
	}
	compose := readRepoFile(t, "compose.yaml")
	for _, want := range []string{"AIMLATER_DB: /data/aimlater.db", "- aimlater-data:/data", `"127.0.0.1:9090:9090"`, "env_file: .env"} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
}
