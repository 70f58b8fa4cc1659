package main

import (
	"bytes"
	"os/exec"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReadBuildStamp(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "-trimpath", Value: "true"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "dbe34146ac72ac0db136d0254488d2554305c4f9"},
		{Key: "vcs.time", Value: "2026-11-30T12:23:38Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name    string
		bi      *debug.BuildInfo
		ldflags string
		want    []string
	}{
		{"go install of a tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: vcs[:1]}, "dev",
			[]string{"aimlater v1.2.0", "revision not recorded (a release build: its version names it)", "built with go1.26.8"}},
		{"a clean clone", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130122338-dbe34146ac72"}, Settings: vcs[:4]}, "dev",
			[]string{"aimlater v0.0.0-20261130122338-dbe34146ac72", "revision dbe34146ac72ac0db136d0254488d2554305c4f9", "committed 2026-11-30T12:23:38Z", "built with go1.26.8"}},
		{"a clone with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130122338-dbe34146ac72+dirty"}, Settings: vcs}, "dev",
			[]string{"aimlater v0.0.0-20261130122338-dbe34146ac72+dirty", "revision dbe34146ac72ac0db136d0254488d2554305c4f9, modified (built with uncommitted changes)", "committed 2026-11-30T12:23:38Z", "built with go1.26.8"}},
		{"go run, no VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, "dev",
			[]string{"aimlater (devel)", "revision unknown (built without VCS data: go run, or -buildvcs=false)", "built with go1.26.8"}},
		{"-ldflags version wins", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs[:4]}, "v9.9.9",
			[]string{"aimlater v9.9.9", "revision dbe34146ac72ac0db136d0254488d2554305c4f9", "committed 2026-11-30T12:23:38Z"}},
		{"no build info", nil, "dev", []string{"aimlater (devel)", "revision unknown (built without VCS data: go run, or -buildvcs=false)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			readBuildStamp(tt.bi, tt.ldflags).print(&b)
			if got := strings.Split(strings.TrimSpace(b.String()), "\n"); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestZonesAreEmbedded: the binary links time/tzdata, so a zone loads in a
// container with no zoneinfo. The test binary cannot show it (LoadLocation
// reads the host's zoneinfo first, and the fake Slack links tzdata too),
// so it asks the go command what the command itself imports.
func TestZonesAreEmbedded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if !slices.Contains(strings.Fields(string(out)), "time/tzdata") {
		t.Error("cmd/aimlater does not import time/tzdata: zones would fail where the system has none")
	}
	if _, err := time.LoadLocation("Europe/Rome"); err != nil {
		t.Error(err)
	}
}
