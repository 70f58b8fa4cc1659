package storage

import (
	"slices"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestMergeByNumber checks the in-place merge of the running lists, with
// and without spare capacity, either side empty, and interleaved.
func TestMergeByNumber(t *testing.T) {
	list := func(capacity int, numbers ...int) []experiments.Experiment {
		l := make([]experiments.Experiment, 0, max(capacity, len(numbers)))
		for _, n := range numbers {
			l = append(l, experiments.Experiment{Number: n, ID: int64(n)})
		}
		return l
	}
	tests := []struct {
		a, b []experiments.Experiment
		want []int
	}{
		{list(0), list(0), nil},
		{list(0, 1, 2), list(0), []int{1, 2}},
		{list(0), list(0, 3), []int{3}},
		{list(0, 1, 4, 9), list(0, 2, 3, 10), []int{1, 2, 3, 4, 9, 10}},
		{list(8, 5, 6, 7), list(0, 1, 2), []int{1, 2, 5, 6, 7}},
		{list(8, 1, 2), list(0, 5, 6, 7), []int{1, 2, 5, 6, 7}},
		{list(8, 2, 4, 6), list(0, 1, 3, 5, 7), []int{1, 2, 3, 4, 5, 6, 7}},
	}
	for _, tt := range tests {
		var got []int
		for _, e := range mergeByNumber(tt.a, tt.b) {
			if e.ID != int64(e.Number) {
				t.Fatalf("experiment #%d carries the id %d", e.Number, e.ID)
			}
			got = append(got, e.Number)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("mergeByNumber = %v, want %v", got, tt.want)
		}
	}
}
