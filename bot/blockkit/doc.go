// Package blockkit builds Block Kit within Slack's limits (sections,
// buttons, headers, context lines, capped block lists), escapes text for
// mrkdwn, and reads Slack's text back: Block Kit and mrkdwn as plain text
// for a terminal, and a message's text as a reader sees it. It knows Slack,
// not the bot: it imports the standard library and slack-go only.
package blockkit
