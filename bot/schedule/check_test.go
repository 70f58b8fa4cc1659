package schedule

import (
	"strings"
	"testing"
)

func TestCheckDefaultSchedule(t *testing.T) {
	for _, spec := range []string{"off", "@every 1s", "*/5 * * * *", "0 10 * * 2,4", "CRON_TZ=Europe/Rome 0 9 * * 1"} {
		if err := CheckDefault(spec); err != nil {
			t.Errorf("CheckDefault(%q) = %v; the operator's defaults have no hourly floor", spec, err)
		}
	}
	for spec, want := range map[string]string{
		"every day at ten": `"every day at ten" is not a schedule: a schedule has five fields`,
		"0 0 30 2 *":       "never runs",
		"@every":           `"@every" needs a period such as "2h"`,
	} {
		err := CheckDefault(spec)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `e.g. "`) || strings.Contains(err.Error(), "`") {
			t.Errorf("CheckDefault(%q) = %v, want %q with a quoted example and no backticks", spec, err, want)
		}
	}
}
