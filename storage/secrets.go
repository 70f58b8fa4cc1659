package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
)

// secretBytes is the size of a secret Secret draws.
const secretBytes = 32

// Secret returns the secret called name, drawing a random one the first
// time it is asked for. Every later call, in this process or the next,
// returns the same bytes.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, secretBytes)
	_, _ = rand.Read(fresh) // crypto/rand does not fail; it crashes the program instead
	var value []byte
	err := db.write(ctx, "secret", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO secrets (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&value)
	})
	return value, err
}
