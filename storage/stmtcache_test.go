package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"

	"modernc.org/sqlite"
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

// TestCachedStatementLegacyExecAndQuery runs cached statements through
// driver.Stmt's Exec and Query, which go through the context methods: the
// rows Query returns keep the statement busy until they close.
func TestCachedStatementLegacyExecAndQuery(t *testing.T) {
	conn, err := stmtConnector{dsn: ":memory:", drv: &sqlite.Driver{}}.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string, args ...driver.Value) {
		t.Helper()
		st, err := conn.Prepare(q)
		if err == nil {
			_, err = st.(*cachedStmt).Exec(args)
		}
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE t (v INTEGER)`)
	exec(`INSERT INTO t (v) VALUES (?)`, int64(7))
	prepared, err := conn.Prepare(`SELECT v FROM t WHERE v = ?`)
	if err != nil {
		t.Fatal(err)
	}
	st := prepared.(*cachedStmt)
	rows, err := st.Query([]driver.Value{int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	if !st.busy {
		t.Error("the statement is not busy while its rows are open")
	}
	row := make([]driver.Value, 1)
	if err := rows.Next(row); err != nil || row[0] != int64(7) {
		t.Errorf("row = %v, %v; want [7]", row, err)
	}
	rows.Close()
	if st.busy {
		t.Error("the statement is still busy after its rows closed")
	}
}
