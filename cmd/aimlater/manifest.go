package main

import (
	"context"
	_ "embed"
	"fmt"
)

// manifestYAML is the Slack app manifest. The copy at the repository root
// is the one users read; a test keeps the two identical.
//
//go:embed manifest.yaml
var manifestYAML string

// cmdManifest prints the Slack app manifest.
func cmdManifest(_ context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("manifest takes no arguments")
	}
	_, err := fmt.Fprint(env.stdout, manifestYAML)
	return err
}
