package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// buildStamp is what `aimlater version` reports of the binary: the module
// version and the VCS revision, commit time and modified flag that the Go
// toolchain records at build time (debug.ReadBuildInfo), with no flag to
// remember. go install …@v1.2.0 stamps v1.2.0 and no revision (the
// module's zip has no VCS data); a build in a clone stamps the revision
// and a pseudo-version from the commit (Go 1.24 and later).
type buildStamp struct {
	Version   string
	Revision  string // "" when the build recorded no VCS data (go run, go test, -buildvcs=false)
	Time      string // the commit's time, RFC 3339
	Modified  bool   // the work tree had uncommitted changes
	GoVersion string
}

// readBuildStamp reads bi (nil when the binary has no build info). A
// version set with -ldflags "-X main.version=…" wins over the module's.
func readBuildStamp(bi *debug.BuildInfo, ldflagsVersion string) buildStamp {
	s := buildStamp{Version: "(devel)"}
	if bi != nil {
		s.GoVersion = bi.GoVersion
		if bi.Main.Version != "" {
			s.Version = bi.Main.Version
		}
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				s.Revision = kv.Value
			case "vcs.time":
				s.Time = kv.Value
			case "vcs.modified":
				s.Modified = kv.Value == "true"
			}
		}
	}
	if ldflagsVersion != "" && ldflagsVersion != "dev" {
		s.Version = ldflagsVersion
	}
	return s
}

// currentBuild is this binary's stamp.
func currentBuild() buildStamp {
	bi, _ := debug.ReadBuildInfo()
	return readBuildStamp(bi, version)
}

func init() {
	// serve logs version at start: the module's, not "dev", unless -ldflags
	// set one.
	version = currentBuild().Version
}

// print writes the stamp, one fact a line, the version first.
func (s buildStamp) print(w io.Writer) {
	fmt.Fprintf(w, "aimlater %s\n", s.Version)
	switch {
	case s.Revision == "" && strings.HasPrefix(s.Version, "v"):
		// go install …@v1.2.0 builds from the module's zip, which has no
		// VCS data: the tag is the revision.
		fmt.Fprintln(w, "revision not recorded (a release build: its version names it)")
	case s.Revision == "":
		fmt.Fprintln(w, "revision unknown (built without VCS data: go run, or -buildvcs=false)")
	case s.Modified:
		fmt.Fprintf(w, "revision %s, modified (built with uncommitted changes)\n", s.Revision)
	default:
		fmt.Fprintf(w, "revision %s\n", s.Revision)
	}
	if s.Time != "" {
		fmt.Fprintf(w, "committed %s\n", s.Time)
	}
	if s.GoVersion != "" {
		fmt.Fprintf(w, "built with %s\n", s.GoVersion)
	}
}

// cmdVersion prints the version, the revision and the commit time.
func cmdVersion(_ context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	currentBuild().print(env.stdout)
	return nil
}
