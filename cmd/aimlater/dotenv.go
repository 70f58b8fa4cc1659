package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// dotEnvFile is the file of settings read from the working directory.
const dotEnvFile = ".env"

// loadEnv returns a getenv that reads lookup (os.LookupEnv in main) first
// and the settings in the file at path second: a variable set in the real
// environment wins, even when set empty, as with godotenv.Load. A missing
// file is no error. The process environment is left as it is.
func loadEnv(path string, lookup func(string) (string, bool)) (func(string) string, error) {
	file, err := readDotEnv(path)
	if err != nil {
		return nil, err
	}
	return func(k string) string {
		if v, ok := lookup(k); ok {
			return v
		}
		return file[k]
	}, nil
}

// readDotEnv parses the file at path. Its errors name the file and the
// line and never quote the file: godotenv's own errors quote the rest of
// the line, or of the file, and that is where the tokens are.
func readDotEnv(path string) (map[string]string, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	vars, err := godotenv.UnmarshalBytes(src)
	if err != nil {
		return nil, fmt.Errorf("%s: line %d: %s (see .env.example)", path, badDotEnvLine(src), dotEnvProblem(err))
	}
	return vars, nil
}

// badDotEnvLine finds the line of the statement godotenv failed on, which
// its error does not give. Every prefix of the file that ends after the
// last good statement parses, and none that holds the bad one does (the
// library fails on the first bad statement; a quote that never closes or a
// bad name stays bad however much follows), so the bad statement starts on
// the line after the longest prefix that parses.
func badDotEnvLine(src []byte) int {
	lines := bytes.SplitAfter(src, []byte("\n"))
	good := 0
	for n := 1; n <= len(lines); n++ {
		if _, err := godotenv.UnmarshalBytes(bytes.Join(lines[:n], nil)); err == nil {
			good = n
		}
	}
	return good + 1
}

// dotEnvProblem says what is wrong from the start of godotenv's error,
// which is fixed text; what follows it quotes the file.
func dotEnvProblem(err error) string {
	switch msg := err.Error(); {
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return "a quoted value has no closing quote"
	case strings.HasPrefix(msg, "unexpected character"):
		return "not a NAME=value line (a name holds only letters, digits, _ and .)"
	default:
		return "not a NAME=value line"
	}
}
