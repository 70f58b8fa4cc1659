package fakeslack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// Post is a recorded POST to a response URL.
type Post struct {
	// Path is the URL path, such as "/response/R00000007".
	Path string
	// Body is the posted body, normally a JSON message.
	Body json.RawMessage
	// At is when the fake received the post.
	At time.Time
}

// ResponseURL returns a fresh response URL served by the fake
// (http://127.0.0.1:PORT/response/ID). POSTs to it are recorded.
func (s *Server) ResponseURL() string {
	return s.baseURL + "/response/" + s.newID("R")
}

// ResponseURLPosts returns every post to a response URL so far, in arrival
// order.
func (s *Server) ResponseURLPosts() []Post {
	return snapshot(s, &s.posts, nil)
}

// WaitResponseURLPosts waits until at least n posts to response URLs have
// been recorded and returns them all.
func (s *Server) WaitResponseURLPosts(ctx context.Context, n int) ([]Post, error) {
	return waitUntil(ctx, s, func() ([]Post, bool) {
		return filterLocked(s.posts, nil), len(s.posts) >= n
	})
}

// handleResponseURL records a post and answers {"ok":true} like Slack.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodySize))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.posts = append(s.posts, Post{Path: r.URL.Path, Body: body, At: time.Now()})
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}
