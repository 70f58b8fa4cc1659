package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// slackAnswer is what check reads of a Web API answer. Scopes is the
// X-OAuth-Scopes header, which slack-go does not expose: check makes its
// own small calls.
type slackAnswer struct {
	OK        bool   `json:"ok"`
	Error     string `json:"error"`
	Team      string `json:"team"`
	TeamID    string `json:"team_id"`
	UserID    string `json:"user_id"`
	Scopes    []string
	HasScopes bool
}

// slackRefusal is an answer with ok false: Slack was reached and said no.
type slackRefusal struct{ code string }

func (e slackRefusal) Error() string { return e.code }

// callSlack POSTs method with token as slack-go does (the API URL with the
// method appended, the token as a bearer), with no arguments.
func (c checker) callSlack(ctx context.Context, method, token string) (slackAnswer, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.APIURL+method, nil)
	if err != nil {
		return slackAnswer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	if err != nil {
		return slackAnswer{}, err
	}
	defer resp.Body.Close()
	return readSlackAnswer(resp)
}

// readSlackAnswer decodes a Web API answer and its scopes header.
func readSlackAnswer(resp *http.Response) (slackAnswer, error) {
	var a slackAnswer
	if resp.StatusCode != http.StatusOK {
		return a, fmt.Errorf("HTTP %s", resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&a); err != nil {
		return a, fmt.Errorf("not a Slack answer: %w", err)
	}
	if !a.OK {
		return a, slackRefusal{a.Error}
	}
	header, ok := resp.Header["X-Oauth-Scopes"]
	a.HasScopes = ok
	for _, s := range strings.Split(strings.Join(header, ","), ",") {
		if s = strings.TrimSpace(s); s != "" {
			a.Scopes = append(a.Scopes, s)
		}
	}
	return a, nil
}

// slackBot checks the bot token with auth.test, then the scopes it was
// granted against the manifest's.
func (c checker) slackBot(ctx context.Context) []checkResult {
	const name = "bot token"
	a, err := c.callSlack(ctx, "auth.test", c.cfg.BotToken)
	var refused slackRefusal
	switch {
	case errors.As(err, &refused):
		return []checkResult{fail(name, "Slack refused SLACK_BOT_TOKEN (%s): copy the Bot User OAuth Token "+
			"(xoxb-…) from the app's OAuth & Permissions page; reinstall the app if it was uninstalled "+
			"or the token revoked", refused.code)}
	case err != nil:
		return []checkResult{c.unreachable(name, err)}
	}
	who := pass(name, "team %s (%s), bot user %s", a.Team, a.TeamID, a.UserID)
	return []checkResult{who, c.scopes(a)}
}

// unreachable is the line of a call that got no answer from Slack. The
// URL is named once, not again in net/http's error.
func (c checker) unreachable(name string, err error) checkResult {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return fail(name, "could not reach Slack at %s: %v: check the network (a proxy, a firewall) "+
		"and SLACK_API_URL", c.cfg.APIURL, err)
}

// scopes compares the scopes auth.test reported with the manifest's.
func (c checker) scopes(a slackAnswer) checkResult {
	const name = "scopes"
	want := manifestBotScopes(c.manifest)
	if !a.HasScopes {
		return fail(name, "Slack sent no X-OAuth-Scopes header with auth.test, so the %d scopes "+
			"the manifest asks for could not be compared; is SLACK_API_URL Slack's?", len(want))
	}
	var missing []string
	for _, s := range want {
		if !slices.Contains(a.Scopes, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return fail(name, "missing %s: add them under OAuth & Permissions → Scopes → Bot Token Scopes "+
			"(aimlater manifest lists them all), then reinstall the app to the workspace",
			strings.Join(missing, ", "))
	}
	return pass(name, "all %d the manifest asks for are granted", len(want))
}

// appToken opens a socket-mode connection URL with the app token, as
// serve does first, and does not connect to it: the URL expires unused.
func (c checker) appToken(ctx context.Context) checkResult {
	const name = "app token"
	_, err := c.callSlack(ctx, "apps.connections.open", c.cfg.AppToken)
	var refused slackRefusal
	switch {
	case errors.As(err, &refused):
		return fail(name, "Slack refused SLACK_APP_TOKEN (%s): it must be an app-level token (xapp-…) "+
			"with the connections:write scope (Basic Information → App-Level Tokens) of an app with "+
			"socket mode on", refused.code)
	case err != nil:
		return c.unreachable(name, err)
	}
	return pass(name, "socket mode accepts it (apps.connections.open)")
}
