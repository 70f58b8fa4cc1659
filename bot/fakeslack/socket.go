package fakeslack

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const (
	// writeTimeout bounds every websocket write so a stuck client cannot
	// block the server.
	writeTimeout = 5 * time.Second
	// closeGrace is how long Disconnect waits for the client to close its
	// side before the fake drops the TCP connection.
	closeGrace = 2 * time.Second
)

var upgrader = websocket.Upgrader{
	// slack-go dials with "Origin: https://api.slack.com".
	CheckOrigin: func(*http.Request) bool { return true },
}

// wsConn is one socket-mode websocket connection.
type wsConn struct {
	ws      *websocket.Conn
	writeMu sync.Mutex    // serialises data frames; control frames need no lock
	done    chan struct{} // closed when the read loop has ended
	retired bool          // guarded by Server.mu: no longer used for Send
}

func (c *wsConn) write(v any) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	return c.writeLocked(v)
}

// writeLocked writes v as a text frame. The caller must hold c.writeMu.
func (c *wsConn) writeLocked(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// abort closes the TCP connection without a close frame.
func (c *wsConn) abort() { _ = c.ws.Close() }

// closeGracefully sends a close frame, gives the client closeGrace to close
// its side, then drops the connection.
func (c *wsConn) closeGracefully() {
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(writeTimeout))
	timer := time.NewTimer(closeGrace)
	defer timer.Stop()
	select {
	case <-c.done:
	case <-timer.C:
	}
	c.abort()
}

func (c *wsConn) pingLoop(interval time.Duration) {
	if interval < 0 {
		<-c.done
		return
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
			_ = c.ws.WriteControl(websocket.PingMessage, []byte("fakeslack"), time.Now().Add(writeTimeout))
		}
	}
}

// hello is the first message Slack sends on every socket-mode connection.
type hello struct {
	Type           string         `json:"type"`
	NumConnections int            `json:"num_connections"`
	DebugInfo      helloDebugInfo `json:"debug_info"`
	ConnectionInfo struct {
		AppID string `json:"app_id"`
	} `json:"connection_info"`
}

type helloDebugInfo struct {
	Host                      string `json:"host"`
	BuildNumber               int    `json:"build_number"`
	ApproximateConnectionTime int    `json:"approximate_connection_time"`
}

// disconnect is Slack's request that the client reconnect.
type disconnect struct {
	Type      string `json:"type"`
	Reason    string `json:"reason"`
	DebugInfo struct {
		Host string `json:"host"`
	} `json:"debug_info"`
}

func newHello(numConnections int) hello {
	h := hello{Type: "hello", NumConnections: numConnections}
	h.DebugInfo = helloDebugInfo{Host: "fake", BuildNumber: 1, ApproximateConnectionTime: 18060}
	h.ConnectionInfo.AppID = AppID
	return h
}

func newDisconnect(reason string) disconnect {
	d := disconnect{Type: "disconnect", Reason: reason}
	d.DebugInfo.Host = "fake"
	return d
}

// handleLink serves the websocket URL handed out by apps.connections.open.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request) {
	if !s.redeemTicket(r.URL.Query().Get("ticket")) {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has already answered the request.
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}
	if !s.register(c) {
		c.abort()
		return
	}
	defer s.unregister(c)

	pingDone := make(chan struct{})
	go func() {
		defer close(pingDone)
		c.pingLoop(s.opts.PingInterval)
	}()
	s.readLoop(c)
	close(c.done)
	c.abort()
	<-pingDone
}

// register makes c available to Send and greets it with hello. Holding c's
// write lock until hello is written guarantees that hello comes first.
func (s *Server) register(c *wsConn) bool {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	live, ok := s.addConn(c)
	if ok {
		_ = c.writeLocked(newHello(live))
	}
	return ok
}

// addConn records c and returns the number of live connections, or false if
// the server is closing.
func (s *Server) addConn(c *wsConn) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return 0, false
	}
	s.conns = append(s.conns, c)
	s.connects++
	s.notifyLocked()
	return len(filterLocked(s.conns, isLive)), true
}

func (s *Server) unregister(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns = filterLocked(s.conns, func(o *wsConn) bool { return o != c })
	s.notifyLocked()
}

// readLoop records the client's acks until the connection fails or closes.
func (s *Server) readLoop(c *wsConn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(data)
	}
}

func isLive(c *wsConn) bool { return !c.retired }

// retireAll takes every live connection out of service and returns them.
func (s *Server) retireAll() []*wsConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	live := filterLocked(s.conns, isLive)
	for _, c := range live {
		c.retired = true
	}
	s.notifyLocked()
	return live
}

// Disconnect asks every live connection to reconnect the way Slack does: it
// sends {"type":"disconnect","reason":reason} and then closes the websocket
// gracefully. It returns once those connections are closed.
func (s *Server) Disconnect(reason string) {
	for _, c := range s.retireAll() {
		_ = c.write(newDisconnect(reason))
		c.closeGracefully()
	}
}

// DropConnections closes the TCP connection of every live websocket
// abruptly, without a close frame, as a network failure would.
func (s *Server) DropConnections() {
	for _, c := range s.retireAll() {
		c.abort()
	}
}

// Connections returns the number of websocket connections established so
// far, including ones that have since closed.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// WaitConnected waits until at least n websocket connections have been
// established since Start.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	_, err := waitUntil(ctx, s, func() (int, bool) { return s.connects, s.connects >= n })
	return err
}

// liveConn waits for the newest live connection.
func (s *Server) liveConn(ctx context.Context) (*wsConn, error) {
	return waitUntil(ctx, s, func() (*wsConn, bool) {
		live := filterLocked(s.conns, isLive)
		if len(live) == 0 {
			return nil, false
		}
		return live[len(live)-1], true
	})
}

// writeToLive writes v to a live connection, waiting for one if necessary.
// A connection whose write fails is retired and the write is retried on the
// next one; before each attempt, beforeWrite is called.
func (s *Server) writeToLive(ctx context.Context, v any, beforeWrite func()) error {
	for {
		c, err := s.liveConn(ctx)
		if err != nil {
			return err
		}
		beforeWrite()
		err = c.write(v)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		s.retire(c)
	}
}

func (s *Server) retire(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.retired = true
	s.notifyLocked()
}
