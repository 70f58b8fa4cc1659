package experiments

import "unicode/utf8"

// ParseTitle cleans a title typed into a form field (not the quick-capture
// line: a colon here is just a colon) and checks its length, 1–MaxTitleRunes
// runes.
func ParseTitle(s string) (string, error) {
	title := CleanLine(s)
	return title, checkTitle(title)
}

// ParseMetric cleans a metric name typed into a form field and checks its
// length, at most MaxMetricRunes runes; empty means none.
func ParseMetric(s string) (string, error) {
	m := CleanLine(s)
	if n := utf8.RuneCountInString(m); n > MaxMetricRunes {
		return "", Errorf(EINVALID, "A metric name is at most %d characters and this one has %d: name it briefly, e.g. %s.", MaxMetricRunes, n, captureKeys["metric"])
	}
	return m, nil
}
