package main

import (
	"strings"
	"testing"
)

// TestBadDefaultScheduleIsExplainedAtStart: serve refused a bad default
// schedule with robfig/cron's raw text ("expected exactly 5 fields, found
// 4: [every day at ten]"); it now says what is wrong, with an example.
func TestBadDefaultScheduleIsExplainedAtStart(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"AIMLATER_DIGEST_SCHEDULE", "every day at ten", `AIMLATER_DIGEST_SCHEDULE: "every day at ten" is not a schedule: a schedule has five fields`},
		{"AIMLATER_CHECKIN_SCHEDULE", "0 25 * * *", `the hour field "25" is not valid: it takes 0–23`},
		{"AIMLATER_CHECKIN_SCHEDULE", "CRON_TZ=Mars/Olympus 0 10 * * *", `"Mars/Olympus" is not a time zone`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			env := validEnv(t.TempDir())
			env[tt.key] = tt.value
			code, _, stderr := runCLI(t, env, "serve")
			if code != exitUsage || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, `e.g. "`) {
				t.Errorf("exit %d, stderr %q; want %d, %q and an example", code, stderr, exitUsage, tt.want)
			}
			if strings.Contains(stderr, "[") || strings.Contains(stderr, "expected exactly") {
				t.Errorf("stderr %q shows the parser's raw text", stderr)
			}
		})
	}
}

func TestDefaultSchedulesHaveNoHourlyFloor(t *testing.T) {
	for _, spec := range []string{"@every 1s", "*/5 * * * *"} {
		if err := ValidateSchedule(spec); err != nil {
			t.Errorf("ValidateSchedule(%q) = %v; the operator's defaults are exempt from the channels' floor", spec, err)
		}
	}
}
