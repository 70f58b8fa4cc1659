package storage

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

func TestBackup(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experimentIn(t, db, experiments.StatusRunning)
	c := experiments.CheckIn{Author: "U1", Value: ptr(3.0), Note: "n"}
	e, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}

	copy := mustOpenAt(t, path)
	got, err := copy.FindExperiment(ctx, "T1", e.Number)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Errorf("experiment in the backup = %+v, %v\nwant %+v", got, err, e)
	}
	checkIns, err := copy.ListCheckIns(ctx, e.ID, 0)
	if err != nil || len(checkIns) != 1 || !reflect.DeepEqual(checkIns[0], c) {
		t.Errorf("check-ins in the backup = %+v, %v; want [%+v]", checkIns, err, c)
	}
	if v, _ := copy.SchemaVersion(ctx); v == 0 {
		t.Errorf("backup has schema version 0")
	}

	err = db.Backup(ctx, path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Backup onto an existing file: err = %v, want one naming %s", err, path)
	}
}
