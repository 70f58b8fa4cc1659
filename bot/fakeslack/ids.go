package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// baseTS is the Unix time of the first message timestamp the fake hands out.
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

// newTS returns a unique message timestamp; timestamps increase with every
// call, like "1700000000.000100", "1700000000.000200".
func (s *Server) newTS() string {
	micros := s.next() * 100
	return fmt.Sprintf("%d.%06d", baseTS+micros/1_000_000, micros%1_000_000)
}
