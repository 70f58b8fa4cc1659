// Package testkit holds what the tests of several packages share: a clock
// moved by hand, time helpers, an observer that records what it hears and
// a migrated database to copy. Only tests import it; a _test.go file
// cannot be imported, so without it each package kept its own copies.
package testkit
