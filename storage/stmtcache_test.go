package storage

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestCachedStatementRunAgainWhileItsRowsAreOpen runs a query while the
// rows of the same query text are still being read on the same
// connection: the second run gets a statement of its own, and neither
// cursor disturbs the other.
func TestCachedStatementRunAgainWhileItsRowsAreOpen(t *testing.T) {
	db := mustOpen(t)
	for _, title := range []string{"a", "b", "c"} {
		if err := createWith(db, title, 0); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT title FROM experiments WHERE team = ? ORDER BY number`
	var outer, inner []string
	err := db.read(context.Background(), "nested", func(tx *sql.Tx) error {
		rows, err := tx.Query(q, "T1")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			outer = append(outer, s)
			var first string
			if err := tx.QueryRow(q, "T1").Scan(&first); err != nil {
				return err
			}
			inner = append(inner, first)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(outer, "") + "|" + strings.Join(inner, ""); got != "abc|aaa" {
		t.Errorf("outer|inner = %s, want abc|aaa", got)
	}
	// The statement is free again once its rows closed: the cache serves
	// it, and it reads from the start.
	var n int
	if err := db.ro.QueryRow(`SELECT COUNT(*) FROM experiments WHERE team = ?`, "T1").Scan(&n); err != nil || n != 3 {
		t.Errorf("count = %d, %v; want 3", n, err)
	}
}
