package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// baseTS is the Unix time in the trigger IDs the fake hands out.
const baseTS = 1700000000

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails.
	return hex.EncodeToString(b)
}

// newUUID returns a random UUID, the format Slack uses for envelope IDs.
func newUUID() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// next returns the next value of the server's sequence, starting at 1.
func (s *Server) next() int64 { return s.seq.Add(1) }

// newID returns a unique ID with the given prefix, like "V00000042".
func (s *Server) newID(prefix string) string {
	return fmt.Sprintf("%s%08d", prefix, s.next())
}

// newTriggerID returns a unique trigger ID in Slack's format.
func (s *Server) newTriggerID() string {
	return fmt.Sprintf("%d.%d.%s", s.next(), baseTS, randomHex(16))
}

// newTS returns a unique message timestamp: the wall-clock time, as
// Slack's are (so a lookup by oldest finds recent posts), raised when
// needed to stay above the last one handed out.
func (s *Server) newTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	micros := max(time.Now().UnixMicro(), s.lastTS+1)
	s.lastTS = micros
	return fmt.Sprintf("%d.%06d", micros/1_000_000, micros%1_000_000)
}
