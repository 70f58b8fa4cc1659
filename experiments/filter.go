package experiments

// ExperimentFilter selects experiments. A nil field does not filter.
type ExperimentFilter struct {
	Team     *string
	Channel  *string
	Owner    *string
	ParentID *int64   // follow-ups of this experiment
	Statuses []Status // any of these; empty means all
	Limit    int      // at most this many; 0 means no limit
	Offset   int      // skip this many first
}

// ExperimentUpdate holds the fields to change on an experiment. A nil field
// is left as it is; a pointer to a zero value clears the field (no deadline,
// no goal, no target, no ICE score). The status changes only through the
// lifecycle methods. By is the user who edits, recorded as the last editor.
type ExperimentUpdate struct {
	By         string
	Title      *string
	Hypothesis *string
	Metric     *string
	Target     *Target
	Deadline   *Date
	GoalID     *int64
	ICE        *ICE
}
