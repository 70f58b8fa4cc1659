package main

import "strings"

// manifestBotScopes returns the bot scopes the manifest asks for: the items
// of oauth_config.scopes.bot, in order. It reads that one list by
// indentation rather than YAML at large, since the manifest is this
// repository's own (a test holds it to the scopes the README names), and
// it keeps the manifest the one place the scopes are listed.
func manifestBotScopes(manifest string) []string {
	type key struct {
		indent int
		name   string
	}
	var open []key // the mapping keys the current line is under
	var scopes []string
	for _, line := range strings.Split(manifest, "\n") {
		text := strings.TrimSpace(stripComment(line))
		if text == "" {
			continue
		}
		if item, ok := strings.CutPrefix(text, "- "); ok {
			if len(open) == 3 && open[0].name == "oauth_config" && open[1].name == "scopes" && open[2].name == "bot" {
				scopes = append(scopes, strings.Trim(strings.TrimSpace(item), `"'`))
			}
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		for len(open) > 0 && open[len(open)-1].indent >= indent {
			open = open[:len(open)-1]
		}
		name, _, _ := strings.Cut(text, ":")
		open = append(open, key{indent, strings.TrimSpace(name)})
	}
	return scopes
}

// stripComment drops a YAML comment: from a # that starts the line or
// follows a space. Scope names hold no #.
func stripComment(line string) string {
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		return ""
	}
	if i := strings.Index(line, " #"); i >= 0 {
		return line[:i]
	}
	return line
}
