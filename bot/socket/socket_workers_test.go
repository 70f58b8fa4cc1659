package socket

import (
	"sync"
	"testing"
)

// TestWorkersRunEveryJob checks that every job runs once, that a job
// never waits for a busy worker (all block together until the last
// starts), and that idle workers take later jobs.
func TestWorkersRunEveryJob(t *testing.T) {
	var w workers
	const n = 50
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	release := make(chan struct{})
	ran := make([]int, n)
	for i := range n {
		w.run(func() {
			defer done.Done()
			ran[i]++
			started.Done()
			<-release // held until all n run at once
		})
	}
	started.Wait()
	close(release)
	done.Wait()
	done.Add(n)
	for i := range n {
		w.run(func() { ran[i]++; done.Done() })
	}
	done.Wait()
	for i, c := range ran {
		if c != 2 {
			t.Errorf("job %d ran %d times, want 2", i, c)
		}
	}
}
