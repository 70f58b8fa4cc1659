package bot

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// committingStore is the socket's store fake whose SetAway commits, as the
// real store does: the request's keys are written with the change.
type committingStore struct{ *socketStoreFake }

func (c committingStore) SetAway(ctx context.Context, team, user string, until time.Time) error {
	experiments.DeliveryOf(ctx).Claimed()
	return nil
}

// TestSocketWakesTheSenderOnlyAfterACommittedChange: the sender is woken
// after a request that stored a change (and so may have queued its
// announcements), never after one that stored nothing.
func TestSocketWakesTheSenderOnlyAfterACommittedChange(t *testing.T) {
	settings := func() experiments.ChannelSettings { return experiments.DefaultChannelSettings("T1", "C1") }
	for _, tt := range []struct {
		name  string
		store Store
		want  int
	}{
		{"committed", committingStore{&socketStoreFake{settings: settings}}, 1},
		{"nothing stored", &socketStoreFake{settings: settings}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &ackRecorder{done: make(chan struct{}), stopped: make(chan struct{})}
			s := newSocket(NewApp(tt.store, nil, nil), &deliveryLedgerFake{}, rec, nil, nil, nil)
			wakes := 0
			s.Wake = func() { wakes++ }
			s.handleEnvelope(context.Background(), slashEvent("away 3", ""))
			if wakes != tt.want {
				t.Errorf("Wake called %d times, want %d", wakes, tt.want)
			}
		})
	}
}
