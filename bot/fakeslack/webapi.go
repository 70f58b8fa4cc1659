package fakeslack

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBodySize bounds the request bodies the fake reads.
const maxBodySize = 1 << 20

// Call is a recorded Web API call.
type Call struct {
	// Method is the API method, such as "chat.postMessage".
	Method string
	// Params holds the form values of a form-encoded call, or the top-level
	// fields of a JSON call: JSON strings unquoted, other values as raw JSON.
	Params map[string]string
	// Body is the raw request body.
	Body []byte
	// At is when the fake received the call.
	At time.Time
	// Failed reports whether the call was answered with a Failure injected
	// by FailNext.
	Failed bool
}

// Param returns the named parameter, or "" if it is absent.
func (c Call) Param(name string) string { return c.Params[name] }

// Text returns the call's text parameter.
func (c Call) Text() string { return c.Params["text"] }

// Blocks returns the call's blocks as JSON, or nil if it has none.
func (c Call) Blocks() json.RawMessage {
	if b := c.Params["blocks"]; b != "" {
		return json.RawMessage(b)
	}
	return nil
}

// Failure is an error answer injected with FailNext.
type Failure struct {
	// Status is the HTTP status; zero means 200, which with Error set
	// simulates an API-level error such as "channel_not_found".
	Status int
	// RetryAfter is sent, rounded up to whole seconds, in the Retry-After
	// header when positive. slack-go turns a 429 with that header into a
	// *slack.RateLimitedError and any other non-200 status into a
	// slack.StatusCodeError.
	RetryAfter time.Duration
	// Error is the error code in the {"ok":false,"error":…} body. It
	// defaults to "ratelimited" for 429 and "internal_error" otherwise.
	Error string
}

// FailNext makes the next times calls of method (including
// "apps.connections.open") answer with f instead of succeeding. Calling it
// again queues more failures after the pending ones.
func (s *Server) FailNext(method string, f Failure, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.failures[method] = append(s.failures[method], f)
	}
}

// Calls returns the recorded calls of method, or of every method if method
// is empty, in arrival order.
func (s *Server) Calls(method string) []Call {
	return snapshot(s, &s.calls, byMethod(method))
}

// WaitCalls waits until at least n calls of method (every method if empty)
// have been recorded and returns them all.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	return waitUntil(ctx, s, func() ([]Call, bool) {
		calls := filterLocked(s.calls, byMethod(method))
		return calls, len(calls) >= n
	})
}

func byMethod(method string) func(Call) bool {
	return func(c Call) bool { return method == "" || c.Method == method }
}

// handleAPI serves /api/METHOD.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	call, err := readCall(r)
	if err != nil {
		writeJSON(w, http.StatusOK, errorBody("invalid_form_data"))
		return
	}
	if f, failed := s.recordCall(&call); failed {
		writeFailure(w, f)
		return
	}
	if code := s.authorize(call.Method, bearerToken(r, call)); code != "" {
		writeJSON(w, http.StatusOK, errorBody(code))
		return
	}
	s.writeScopes(w, call.Method)
	handle, ok := s.methods[call.Method]
	if !ok {
		writeJSON(w, http.StatusOK, errorBody("unknown_method"))
		return
	}
	writeJSON(w, http.StatusOK, handle(call))
}

// readCall reads a request into a Call.
func readCall(r *http.Request) (Call, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodySize))
	if err != nil {
		return Call{}, err
	}
	call := Call{Method: r.PathValue("method"), Body: body, At: time.Now()}
	call.Params, err = parseParams(r, body)
	return call, err
}

// parseParams decodes a form-encoded or JSON body, plus any query string.
func parseParams(r *http.Request, body []byte) (map[string]string, error) {
	params := firstValues(r.URL.Query())
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if len(body) == 0 {
		return params, nil
	}
	if mediaType == "application/json" {
		return params, addJSONFields(params, body)
	}
	form, err := url.ParseQuery(string(body))
	for k, v := range firstValues(form) {
		params[k] = v
	}
	return params, err
}

func firstValues(values url.Values) map[string]string {
	out := make(map[string]string, len(values))
	for k, v := range values {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

func addJSONFields(params map[string]string, body []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return err
	}
	for k, raw := range fields {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			params[k] = str
		} else {
			params[k] = string(raw)
		}
	}
	return nil
}

// recordCall records call, consuming and reporting a pending failure.
func (s *Server) recordCall(call *Call) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var f Failure
	if pending := s.failures[call.Method]; len(pending) > 0 {
		f, s.failures[call.Method] = pending[0], pending[1:]
		call.Failed = true
	}
	s.calls = append(s.calls, *call)
	s.notifyLocked()
	return f, call.Failed
}

// bearerToken returns the token of the Authorization header or, as
// slack-go's form-encoded methods send it, of the token parameter.
func bearerToken(r *http.Request, call Call) string {
	if token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return token
	}
	return call.Param("token")
}

// authorize returns the Slack error code for token, or "" if it may call
// method.
func (s *Server) authorize(method, token string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := s.opts.BotToken
	if method == "apps.connections.open" {
		want = s.opts.AppToken
		if s.revoked {
			want = ""
		}
	}
	switch {
	case token == "":
		return "not_authed"
	case token != want:
		return "invalid_auth"
	}
	return ""
}

func writeFailure(w http.ResponseWriter, f Failure) {
	status := cmp.Or(f.Status, http.StatusOK)
	code := f.Error
	if code == "" && status == http.StatusTooManyRequests {
		code = "ratelimited"
	}
	if f.RetryAfter > 0 {
		secs := int(math.Ceil(f.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	writeJSON(w, status, errorBody(cmp.Or(code, "internal_error")))
}

func errorBody(code string) map[string]any {
	return map[string]any{"ok": false, "error": code}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
