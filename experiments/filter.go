package experiments

import (
	"strconv"
	"strings"
)

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
	Lever      *string // "" takes the lever away
	ICE        *ICE
}

// GoalUpdate holds the fields to change on a goal. A nil field is left as
// it is. Closing and reopening are separate methods, with their actor.
type GoalUpdate struct {
	Title    *string
	Metric   *string
	Target   *Target
	Deadline *Date
	Start    *float64 // the level the goal starts from; see Goal.Start
}

// IsZero reports whether u changes nothing.
func (u GoalUpdate) IsZero() bool { return u == GoalUpdate{} }

// ListPageSize is how many experiments one page of `list` shows.
const ListPageSize = 40

// ListQuery is what `list` was asked for: which statuses, the caller's own
// only (Mine), and which page.
type ListQuery struct {
	Which string // "" (running and ideas), "running", "ideas", "decided" or "all"
	Mine  bool
	Page  int // from 1
}

// listWhich maps each status word of `list` to its statuses and its
// canonical spelling.
var listWhich = map[string]struct {
	name     string
	statuses []Status
}{
	"running": {"running", []Status{StatusRunning}},
	"ideas":   {"ideas", []Status{StatusIdea}},
	"idea":    {"ideas", []Status{StatusIdea}},
	"decided": {"decided", []Status{StatusDecided}},
	"all":     {"all", nil},
}

// listUsage is the error of a `list` that is not understood.
const listUsage = "List `running`, `ideas`, `decided` or `all`, add `mine` for your own and `page:2` for the next %d, e.g. `/exp list running mine`."

// ParseListQuery reads the words after `list`, in any order, each at most
// once, case-insensitively: a status word (running, ideas, decided, all),
// `mine`, and `page:N`. Nothing at all means running and ideas, page 1.
func ParseListQuery(text string) (ListQuery, error) {
	q := ListQuery{Page: 1}
	seen := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		kind, err := q.read(w)
		if err != nil || seen[kind] {
			return ListQuery{}, Errorf(EINVALID, listUsage, ListPageSize)
		}
		seen[kind] = true
	}
	return q, nil
}

// read reads one lower-case word into q and says which kind it was.
func (q *ListQuery) read(w string) (kind string, err error) {
	if which, ok := listWhich[w]; ok {
		q.Which = which.name
		return "which", nil
	}
	if w == "mine" {
		q.Mine = true
		return "mine", nil
	}
	if v, ok := strings.CutPrefix(w, "page:"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxRefNumber {
			return "", Errorf(EINVALID, listUsage, ListPageSize)
		}
		q.Page = n
		return "page", nil
	}
	return "", Errorf(EINVALID, listUsage, ListPageSize)
}

// Statuses returns the statuses q lists; nil means all.
func (q ListQuery) Statuses() []Status {
	if q.Which == "" {
		return []Status{StatusRunning, StatusIdea}
	}
	return listWhich[q.Which].statuses
}

// Offset is how many experiments come before q's page.
func (q ListQuery) Offset() int { return (max(q.Page, 1) - 1) * ListPageSize }

// Pages returns how many pages total experiments fill.
func Pages(total int) int { return (total + ListPageSize - 1) / ListPageSize }

// Command returns the words after the command name that list page of the
// same query, e.g. "list running mine page:2".
func (q ListQuery) Command(page int) string {
	words := []string{"list"}
	if q.Which != "" {
		words = append(words, q.Which)
	}
	if q.Mine {
		words = append(words, "mine")
	}
	if page > 1 {
		words = append(words, "page:"+strconv.Itoa(page))
	}
	return strings.Join(words, " ")
}
