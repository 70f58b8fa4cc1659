package fakeslack_test

import (
	"net/http"
	"testing"
)

// TestScopesHeader: the scopes set are reported on bot-token answers, as
// Slack's X-OAuth-Scopes; none before SetScopes, none to a refused token.
func TestScopesHeader(t *testing.T) {
	ctx, srv, _ := startAPI(t)
	header := func(token string) (string, bool) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.APIURL()+"auth.test", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		v, ok := resp.Header["X-Oauth-Scopes"]
		if !ok {
			return "", false
		}
		return v[0], true
	}
	if v, ok := header(botToken); ok {
		t.Errorf("before SetScopes: X-OAuth-Scopes = %q, want none", v)
	}
	srv.SetScopes("commands", "chat:write")
	if v, ok := header(botToken); !ok || v != "commands,chat:write" {
		t.Errorf("X-OAuth-Scopes = %q (sent %v), want commands,chat:write", v, ok)
	}
	if v, ok := header("xoxb-wrong"); ok {
		t.Errorf("to a refused token: X-OAuth-Scopes = %q, want none", v)
	}
}
