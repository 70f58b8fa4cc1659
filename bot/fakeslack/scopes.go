package fakeslack

import (
	"net/http"
	"strings"
)

// SetScopes sets the scopes granted to the bot token, which the Web API
// reports as Slack does: in the X-OAuth-Scopes header (comma-separated) of
// every answer to an authorised bot-token call, auth.test included. Until
// SetScopes is called the header is not sent.
func (s *Server) SetScopes(scopes ...string) {
	joined := strings.Join(scopes, ",")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = &joined
}

// writeScopes sets the X-OAuth-Scopes header of an answer to method, once
// its token was accepted. The app-level token's own scope is not reported.
func (s *Server) writeScopes(w http.ResponseWriter, method string) {
	s.mu.Lock()
	scopes := s.scopes
	s.mu.Unlock()
	if scopes != nil && method != "apps.connections.open" {
		w.Header().Set("X-OAuth-Scopes", *scopes)
	}
}
