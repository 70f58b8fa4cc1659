package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadEnvRealEnvironmentWins(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("A=file\nB=file\nC=file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	real := map[string]string{"A": "real", "B": ""}
	getenv, err := loadEnv(path, func(k string) (string, bool) { v, ok := real[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"A": "real", "B": "", "C": "file", "D": ""} {
		if got := getenv(k); got != want {
			t.Errorf("getenv(%s) = %q, want %q", k, got, want)
		}
	}
}

func TestLoadEnvWithoutAFile(t *testing.T) {
	getenv, err := loadEnv(filepath.Join(t.TempDir(), ".env"), func(string) (string, bool) { return "", false })
	if err != nil || getenv("A") != "" {
		t.Errorf("err = %v, getenv(A) = %q; want no error and nothing set", err, getenv("A"))
	}
}

func TestReadDotEnvErrors(t *testing.T) {
	for _, tt := range malformedDotEnvs {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".env")
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := readDotEnv(path)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows a token: %v", err)
			}
			if want := path + ": line " + string(rune('0'+tt.line)) + ":"; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %v, want it to start with %q", err, want)
			}
		})
	}
}
