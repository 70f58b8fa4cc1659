package main

import (
	"os"
	"strings"
	"testing"
)

func TestManifestMatchesTheRootCopy(t *testing.T) {
	root, err := os.ReadFile("../../manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(root) != manifestYAML {
		t.Error("cmd/aimlater/manifest.yaml differs from manifest.yaml: copy the root file over it")
	}
}

func TestManifestCommandPrintsIt(t *testing.T) {
	code, out, _ := runCLI(t, nil, "manifest")
	for _, want := range []string{"socket_mode_enabled: true", "command: /exp", "- chat:write", "- im:write", "- users:read", "- commands", "- channels:join", "- channels:history", "- groups:history", "- im:history", "- mpim:history", "callback_id: save_idea", "type: message", "- channels:read", "- groups:read", "- mpim:read"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("manifest: exit %d, output lacks %q", code, want)
		}
	}
}
