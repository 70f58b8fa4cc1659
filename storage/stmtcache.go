package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// maxCachedStmts bounds the statements one connection keeps prepared. The
// package's SQL is a fixed set of texts (a few vary with a count of
// placeholders), far below it; past it a statement is prepared per use.
const maxCachedStmts = 256

// stmtConnector opens modernc.org/sqlite connections that keep every
// statement they prepare, keyed by its text, until they close. SQLite's
// parser was 14–27% of a command's CPU when each statement was parsed
// again at each use; with this each text is parsed once per connection.
// It works below database/sql, so no query site changes: the connections
// do not offer database/sql the one-shot Exec and Query, which makes it
// prepare every statement, and Close of a cached statement keeps it.
type stmtConnector struct {
	dsn string
	drv *sqlite.Driver
}

// openCachedPool is sql.Open for dsn through stmtConnector.
func openCachedPool(dsn string) *sql.DB {
	return sql.OpenDB(stmtConnector{dsn: dsn, drv: &sqlite.Driver{}})
}

// Connect opens one connection.
func (c stmtConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachedConn{conn: conn, stmts: map[string]*cachedStmt{}}, nil
}

// Driver returns the underlying driver.
func (c stmtConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what cachedConn needs of a modernc.org/sqlite connection.
type sqliteConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachedConn is a connection with its prepared statements. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type cachedConn struct {
	conn  driver.Conn
	stmts map[string]*cachedStmt
}

func (c *cachedConn) sqlite() sqliteConn { return c.conn.(sqliteConn) }

// Prepare is PrepareContext without a context.
func (c *cachedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns the statement of query this connection prepared
// before, or prepares it. A statement whose rows are still open (the same
// query run again while reading them) gets a one-off statement instead.
func (c *cachedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if s, ok := c.stmts[query]; ok && !s.busy {
		return s, nil
	}
	st, err := c.sqlite().PrepareContext(ctx, query)
	if err != nil || len(c.stmts) >= maxCachedStmts || c.stmts[query] != nil {
		return st, err
	}
	s := &cachedStmt{stmt: st}
	c.stmts[query] = s
	return s, nil
}

// Close finalizes the cached statements and closes the connection.
func (c *cachedConn) Close() error {
	var err error
	for _, s := range c.stmts {
		err = errors.Join(err, s.stmt.Close())
	}
	c.stmts = nil
	return errors.Join(err, c.conn.Close())
}

// Begin is deprecated in database/sql; BeginTx is used.
func (c *cachedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx begins a transaction the way the driver does (BEGIN IMMEDIATE
// for _txlock=immediate).
func (c *cachedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.sqlite().BeginTx(ctx, opts)
}

// Ping checks the connection.
func (c *cachedConn) Ping(ctx context.Context) error { return c.sqlite().Ping(ctx) }

// ResetSession is called before the pool hands the connection out again.
func (c *cachedConn) ResetSession(ctx context.Context) error { return c.sqlite().ResetSession(ctx) }

// IsValid reports whether the connection may go back to the pool.
func (c *cachedConn) IsValid() bool { return c.sqlite().IsValid() }

// cachedStmt is a prepared statement that lives as long as its connection.
type cachedStmt struct {
	stmt driver.Stmt
	busy bool // rows of it are open
}

// Close keeps the statement for the next use; the connection's Close
// finalizes it.
func (s *cachedStmt) Close() error { return nil }

// NumInput returns the number of placeholders.
func (s *cachedStmt) NumInput() int { return s.stmt.NumInput() }

// Exec is required by driver.Stmt; database/sql calls ExecContext, and so
// does Exec rather than the deprecated driver.Stmt.Exec.
func (s *cachedStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), namedValues(args))
}

// Query is required by driver.Stmt; database/sql calls QueryContext, and
// so does Query rather than the deprecated driver.Stmt.Query.
func (s *cachedStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), namedValues(args))
}

// namedValues numbers positional args as database/sql does (from 1).
func namedValues(args []driver.Value) []driver.NamedValue {
	named := make([]driver.NamedValue, len(args))
	for i, v := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return named
}

// ExecContext runs the statement.
func (s *cachedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// QueryContext runs the statement; it is busy until its rows close.
func (s *cachedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	s.busy = true
	return &cachedRows{Rows: rows, stmt: s}, nil
}

// cachedRows frees its statement for the next use when closed.
type cachedRows struct {
	driver.Rows
	stmt *cachedStmt
}

// Close closes the rows (the driver resets the statement) and frees the
// statement.
func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.stmt.busy = false
	return err
}
