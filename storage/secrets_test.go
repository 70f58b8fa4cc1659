package storage

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

func TestSecretIsDrawnOnceAndKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aimlater.db")
	db := mustOpenAt(t, path)
	first, err := db.Secret(ctx, "modal")
	if err != nil || len(first) != secretBytes {
		t.Fatalf("Secret = %x, %v; want %d bytes", first, err, secretBytes)
	}
	other, err := db.Secret(ctx, "other")
	if err != nil || bytes.Equal(other, first) {
		t.Errorf("another name's secret %x, %v; want its own", other, err)
	}
	db.Close()
	reopened := mustOpenAt(t, path)
	again, err := reopened.Secret(ctx, "modal")
	if err != nil || !bytes.Equal(again, first) {
		t.Errorf("after reopening: %x, %v; want %x", again, err, first)
	}
}
