package storage

import (
	"io"
	"testing"

	"github.com/aimlater/aimlater/internal/testkit"
)

// template is the migrated database each test's fresh one copies.
var template = testkit.DBTemplate{Open: func(path string) (io.Closer, error) { return Open(path) }}

// freshPath is the path of a new migrated database in a temporary
// directory of tb.
func freshPath(tb testing.TB) string {
	tb.Helper()
	return template.Path(tb)
}
