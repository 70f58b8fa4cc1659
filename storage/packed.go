package storage

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A packed read returns thousands of narrow rows as one text that SQLite
// builds: each row's fields joined by concat_ws, the records by
// group_concat. Read row by row, the driver costs several times what
// SQLite does for an index entry of a few integers: a step, then for every
// column a type test and a read, each taking the connection's mutex, and a
// conversion by database/sql. The digest's 90 days of launches and
// decisions are some 11,000 such rows, a check-in round 10,000; packed,
// they cost one step and one string, and a parse that allocates only the
// texts it returns.
//
// A packed query selects count(*) and then the group_concat. A NULL field
// is the one way to lose a field silently (concat_ws skips it; a NULL
// record group_concat skips), so queries turn every nullable field into
// an explicit value, and the reader checks both: each record has exactly
// the fields read from it, and there are as many records as rows.
// group_concat keeps no order unless told to, and sorting costs SQLite
// more than the caller pays to check and, rarely, sort again.

// packedField and packedRecord separate a packed read's fields and records.
// No field holds either: fields are integers, empty for NULL; numbers
// rendered by quote(), NULL for NULL; user text in hex (see text); or a
// deadline, digits and dashes by its column's CHECK.
const (
	packedField  = ","
	packedRecord = ";"
)

// packedRows is the text of a packed read, read record by record.
type packedRows struct {
	rest   string // the records not yet read
	record string // the current record's fields not yet read
	more   bool   // whether record holds a field yet
	count  int    // the records read so far
	buf    []byte // text's, reused
	err    error  // the read's first error: a field of the wrong kind, or too few or too many
}

// queryPacked runs query, which selects count(*) and a group_concat of the
// records, and returns the count and the records.
func queryPacked(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, *packedRows, error) {
	var n int
	var text sql.NullString
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&n, &text); err != nil {
		return 0, nil, err
	}
	return n, &packedRows{rest: text.String}, nil
}

// next moves to the next record and reports whether there is one.
func (p *packedRows) next() bool {
	p.checkRecordRead()
	if p.rest == "" || p.err != nil {
		return false
	}
	p.record, p.rest, _ = strings.Cut(p.rest, packedRecord)
	p.more = true
	p.count++
	return true
}

// checkRecordRead fails the read if the current record has a field left.
func (p *packedRows) checkRecordRead() {
	if p.more && p.count > 0 && p.err == nil {
		p.err = fmt.Errorf("packed read: record %d has more fields than read", p.count)
	}
}

// field returns the current record's next field. Reading past its last
// field fails the read.
func (p *packedRows) field() string {
	if !p.more {
		if p.err == nil {
			p.err = fmt.Errorf("packed read: record %d has fewer fields than read", p.count)
		}
		return ""
	}
	var f string
	f, p.record, p.more = strings.Cut(p.record, packedField)
	return f
}

// int returns the current record's next field as an integer; a field that
// is none is remembered, and ends the read.
func (p *packedRows) int() int64 {
	f := p.field()
	n, err := strconv.ParseInt(f, 10, 64)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("packed read: field %q of record %d is no integer", f, p.count)
	}
	return n
}

// nullInt returns the current record's next field as an integer, and
// false for an empty field, which stands for NULL.
func (p *packedRows) nullInt() (int64, bool) {
	if p.more && (strings.HasPrefix(p.record, packedField) || p.record == "") {
		p.field()
		return 0, false
	}
	return p.int(), true
}

// float returns the current record's next field, a REAL rendered by
// quote(), as a float, and false for quote's NULL. quote renders a REAL
// with as many digits as it takes to read back the same float
// (TestPackedFloatsReadBackExactly).
func (p *packedRows) float() (float64, bool) {
	f := p.field()
	if f == "NULL" {
		return 0, false
	}
	x, err := strconv.ParseFloat(f, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) && p.err == nil { // ±Inf reads back as ErrRange
		p.err = fmt.Errorf("packed read: field %q of record %d is no number", f, p.count)
	}
	return x, true
}

// text returns the current record's next field, text in hex, decoded.
func (p *packedRows) text() string { return p.decode(p.field()) }

// cachedText is text for a field whose values repeat in a read (owners,
// metrics): each is decoded once, into cache.
func (p *packedRows) cachedText(cache map[string]string) string {
	f := p.field()
	t, ok := cache[f]
	if !ok {
		t = p.decode(f)
		cache[f] = t
	}
	return t
}

// decode decodes the hex of f, through p.buf; a field that is no hex is
// remembered, and ends the read.
func (p *packedRows) decode(f string) string {
	var err error
	if p.buf, err = hex.AppendDecode(p.buf[:0], []byte(f)); err != nil && p.err == nil {
		p.err = fmt.Errorf("packed read: a field of record %d is no hex: %w", p.count, err)
	}
	return string(p.buf)
}

// inOrder sorts list by compare unless it is sorted already: the index a
// packed read walks gives its order, but group_concat promises none.
func inOrder[T any](list []T, compare func(a, b T) int) {
	if !slices.IsSortedFunc(list, compare) {
		slices.SortStableFunc(list, compare)
	}
}

// done returns the first error of the read: a field that was no integer,
// a record with more or fewer fields than read, or fewer records than
// want, which means a record with a NULL field.
func (p *packedRows) done(want int) error {
	p.checkRecordRead()
	if p.err == nil && p.count != want {
		p.err = fmt.Errorf("packed read: %d records of %d rows: a record has a NULL field", p.count, want)
	}
	return p.err
}

// targetKind reads a target's kind as the packed records write it:
// target_percent + 2 × target_at_most.
func targetKind(k int64) (percent, atMost bool) { return k&1 == 1, k&2 == 2 }
