package experiments

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
	var c Capture
	err := c.setMetric(s)
	return c.Metric, err
}
