package outbox_test

import (
	"testing"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/bot/outbox/outboxtest"
)

func TestMemStoreConformance(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Store { return &outbox.MemStore{} })
}
