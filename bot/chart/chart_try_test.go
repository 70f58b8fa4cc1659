package chart

import (
	"fmt"
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	cases := map[string]Data{}
	d := Data{Title: "#growth · launches per week, W37–W48", Target: 3, WinRate: 0.4, Decided: 10, Partial: true}
	l := []int{1, 3, 2, 0, 4, 5, 2, 3, 1, 6, 2, 4}
	dec := []int{0, 1, 2, 0, 1, 3, 0, 2, 1, 2, 0, 3}
	k := []int{0, 1, 1, 0, 0, 2, 0, 1, 1, 0, 0, 2}
	for i := range l {
		d.Weeks = append(d.Weeks, Week{Label: fmt.Sprintf("W%02d", 37+i), Launches: l[i], Decisions: dec[i], Keeps: k[i]})
	}
	cases["a"] = d
	e := Data{Title: "Launches per week, W47–W06", Target: 5}
	for i := range 12 {
		e.Weeks = append(e.Weeks, Week{Label: fmt.Sprintf("W%02d", (46+i)%52+1), Launches: i * 4})
	}
	cases["b"] = e
	z := Data{Title: "Launches per week, W37–W48", Target: 3, WinRate: 1, Decided: 2}
	for i := range 12 {
		z.Weeks = append(z.Weeks, Week{Label: fmt.Sprintf("W%02d", 37+i)})
	}
	z.Weeks[11].Decisions, z.Weeks[11].Keeps = 2, 2
	cases["c"] = z
	for name, d := range cases {
		b, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/chart-"+name+".png", b, 0o644)
		t.Log(name, len(b))
	}
}
