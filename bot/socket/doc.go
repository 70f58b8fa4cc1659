// Package socket runs a bot.App over Slack's socket mode: the envelope loop
// (ack first, within Slack's 3 s), the redelivery keys of each request, the
// translation of slash commands, clicks, form submissions, message
// shortcuts and App Home events into App calls, views.open, response_url
// and the connection's state. It drives the App only through the App
// interface (the App's exported, transport-facing methods) and the bot
// never imports it.
package socket
