package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type linkFake struct {
	up  bool
	why string
}

func (l linkFake) Connected() (bool, string) { return l.up, l.why }

type writableFake struct{ err error }

func (w writableFake) Writable(context.Context, time.Duration) error { return w.err }

// TestHealthAnswers: 200 "ok" only when both checks pass; otherwise 503
// with one line per failed check.
func TestHealthAnswers(t *testing.T) {
	for _, c := range []struct {
		name     string
		link     *linkFake
		dbErr    error
		code     int
		wantBody string
	}{
		{"healthy", &linkFake{up: true}, nil, 200, "ok\n"},
		{"before the bot is wired", nil, nil, 503, "slack: not started\n"},
		{"socket down", &linkFake{why: "slack: reconnecting: connection closed"}, nil, 503, "slack: reconnecting: connection closed\n"},
		{"database failing", &linkFake{up: true}, errors.New("write probe: disk I/O error\nmore"), 503, "database: write probe: disk I/O error more\n"},
		{"both", &linkFake{why: "slack: cannot connect: 503"}, errors.New("database closed"), 503,
			"slack: cannot connect: 503\ndatabase: database closed\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &health{db: writableFake{c.dbErr}}
			if c.link != nil {
				h.setLink(*c.link)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != c.code || rec.Body.String() != c.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), c.code, c.wantBody)
			}
		})
	}
}
