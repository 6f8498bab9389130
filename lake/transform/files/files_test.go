package files_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/tarn-data/tarn/lake/transform/files"
)

func TestCSVFilesAreLoadedInPathOrderAndEachRunReadsOnlyTheNewOnes(t *testing.T) {
	e := newEnv(t)
	j := e.job("orders", "target: raw.orders\nsource: {kind: files, path: landing/*.csv}\ncolumns: {amount: the order's total in euros}")
	e.write("landing/2026-12-01.csv", "id,amount,placed\n1,9.5,2026-12-01 10:00:00\n2,12.25,2026-12-01 11:30:00\n")
	e.write("landing/2026-12-02.csv", "id,amount,placed\n3,7,2026-12-02 09:00:00\n")
	e.write("landing/_SUCCESS", "")
	e.write("landing/.2026-12-03.csv.tmp", "id,amount\n99,1\n")
	r := e.mustRun(j)
	if r.Status != transform.StatusSucceeded || r.Rows != 3 {
		t.Fatalf("first run: %+v", r)
	}
	same(t, e.columns("raw.orders"), "id long", "amount double", "placed timestamp")
	if len(e.created) != 1 || e.created[0] != lake.MustIdent("raw.orders") {
		t.Fatalf("new tables reported: %v", e.created)
	}

	e.write("landing/2026-12-03.csv", "id,amount,placed\n4,1.5,2026-12-03 08:00:00\n")
	if r := e.mustRun(j); r.Rows != 1 {
		t.Fatalf("second run read %d rows, want only the new file's 1", r.Rows)
	}
	if r := e.mustRun(j); r.Status != transform.StatusUpToDate || r.Rows != 0 {
		t.Fatalf("third run with nothing new: %+v", r)
	}
	same(t, e.rows("SELECT id, amount FROM raw.orders"), "1|9.5", "2|12.25", "3|7", "4|1.5")
	pos, _, err := e.lake.Position(t.Context(), lake.MustIdent("raw.orders"), lake.PositionPrefix+"files.orders")
	if err != nil || !strings.Contains(pos, `"last":"2026-12-03.csv"`) || !strings.Contains(pos, `"files":3`) {
		t.Fatalf("position %q, %v", pos, err)
	}
	lin, err := e.lake.Lineage(t.Context(), lake.MustIdent("raw.orders"))
	if err != nil || len(lin.Sources) != 1 || !strings.HasPrefix(lin.Sources[0], "files:") || !strings.HasSuffix(lin.Sources[0], "landing/*.csv") {
		t.Fatalf("lineage %+v, %v", lin, err)
	}
	note, err := e.lake.Note(t.Context(), lake.MustIdent("raw.orders"))
	if err != nil || len(note.Columns) != 1 || note.Columns[0].Description != "the order's total in euros" {
		t.Fatalf("annotations %+v, %v", note, err)
	}
}

func TestDeclaredTypesOverrideInferenceAndHeadersBecomeColumnNames(t *testing.T) {
	e := newEnv(t)
	j := e.job("shops", "target: raw.shops\nsource:\n  kind: files\n  path: shops.tsv\n  delimiter: '\\t'\n  types: {Zip Code: VARCHAR, Opened: DATE}")
	e.write("shops.tsv", "Shop ID\tZip Code\tOpened\tTiny\n1\t02134\t2026-01-05\t3\n2\t10115\t2025-12-31\t4\n")
	e.mustRun(j)
	same(t, e.columns("raw.shops"), "shop_id long", "zip_code string", "opened date", "tiny long")
	same(t, e.rows("SELECT zip_code, opened FROM raw.shops"), "02134|2026-01-05", "10115|2025-12-31")
}

func TestJSONLinesFilesAddColumnsAsTheyAppear(t *testing.T) {
	e := newEnv(t)
	j := e.job("clicks", "target: raw.clicks\nsource: {kind: files, path: 'clicks/**/*.jsonl'}")
	e.write("clicks/dt=2026-12-01/a.jsonl", `{"user":"u1","n":1,"tags":["a","b"]}`+"\n"+`{"user":"u2","n":2,"tags":[]}`+"\n")
	e.mustRun(j)
	same(t, e.columns("raw.clicks"), "user string", "n long", "tags string")
	e.write("clicks/dt=2026-12-02/a.jsonl", `{"user":"u3","n":3,"tags":["c"],"country":"NL"}`+"\n")
	e.mustRun(j)
	same(t, e.columns("raw.clicks"), "user string", "n long", "tags string", "country string")
	same(t, e.rows("SELECT user, n, tags, country FROM raw.clicks"), `u1|1|["a","b"]|(null)`, `u2|2|[]|(null)`, `u3|3|["c"]|NL`)

	h := e.job("hive", "target: raw.hive\nsource: {kind: files, path: 'clicks/**/*.jsonl', hive_partitioning: true}")
	e.mustRun(h)
	same(t, e.rows("SELECT dt, count(*) FROM raw.hive GROUP BY dt"), "2026-12-01|2", "2026-12-02|1")
}

func TestParquetFilesAreReadWithTheirOwnTypes(t *testing.T) {
	e := newEnv(t)
	writeParquet(t, e, "pq/part-0.parquet", "SELECT i::BIGINT AS id, (i * 1.5)::DECIMAL(10,2) AS price, TIMESTAMPTZ '2026-12-01 00:00:00+00' + INTERVAL (i) HOUR AS at, i::UTINYINT AS small FROM range(5) t(i)")
	j := e.job("prices", "target: raw.prices\nmaterialization: full_replace\nsource: {kind: files, path: pq, format: parquet}")
	e.mustRun(j)
	same(t, e.columns("raw.prices"), "id long", "price decimal(10, 2)", "at timestamptz", "small int")
	same(t, e.rows("SELECT count(*), sum(price), max(small) FROM raw.prices"), "5|15|4")
}

func TestAFullReplaceSkipsUnchangedFilesAndNeverEmptiesItsTableForAMissingFolder(t *testing.T) {
	e := newEnv(t)
	j := e.job("rates", "target: raw.rates\nmaterialization: full_replace\nsource: {kind: files, path: rates/*.csv}")
	e.write("rates/eur.csv", "ccy,rate\nUSD,1.05\n")
	e.mustRun(j)
	if r := e.mustRun(j); r.Status != transform.StatusUpToDate {
		t.Fatalf("unchanged files: %+v", r)
	}
	e.write("rates/eur.csv", "ccy,rate\nUSD,1.07\nGBP,0.86\n")
	if r := e.mustRun(j); r.Rows != 2 {
		t.Fatalf("changed file: %+v", r)
	}
	same(t, e.rows("SELECT * FROM raw.rates"), "GBP|0.86", "USD|1.07")
	e.write("rates/eur.csv", "")
	if err := removeAll(e, "rates"); err != nil {
		t.Fatal(err)
	}
	_, err := e.run(j, transform.RunOptions{})
	if !errors.Is(err, files.ErrSource) || tarn.ErrorCode(err) != tarn.ENOTFOUND || !strings.Contains(tarn.ErrorMessage(err), "rates") {
		t.Fatalf("missing folder: %v", err)
	}
	same(t, e.rows("SELECT * FROM raw.rates"), "GBP|0.86", "USD|1.07")
}

func TestAMalformedFileStopsTheRunNamingItAndTheBatchesBeforeItStay(t *testing.T) {
	e := newEnv(t)
	j := e.job("events", "target: raw.events\nsource: {kind: files, path: ev/*.csv, batch_bytes: 1, types: {n: BIGINT}}")
	e.write("ev/1.csv", "n\n1\n2\n")
	e.write("ev/2.csv", "n\n3\n")
	e.write("ev/3.csv", "n\nfour\n")
	e.write("ev/4.csv", "n\n5\n")
	_, err := e.run(j, transform.RunOptions{})
	if !errors.Is(err, files.ErrMalformed) || tarn.ErrorCode(err) != tarn.EINVALID {
		t.Fatalf("malformed file: %v", err)
	}
	if msg := tarn.ErrorMessage(err); !strings.Contains(msg, "3.csv") || !strings.Contains(msg, `column "n" is not a BIGINT`) || strings.Contains(msg, "four") {
		t.Fatalf("the message should name the file and the column, never the value: %s", msg)
	}
	same(t, e.rows("SELECT n FROM raw.events"), "1", "2", "3")
	e.write("ev/3.csv", "n\n4\n")
	if r := e.mustRun(j); r.Rows != 2 {
		t.Fatalf("rerun after the fix: %+v", r)
	}
	same(t, e.rows("SELECT n FROM raw.events"), "1", "2", "3", "4", "5")
}

func TestARunStoppedAtAnyStepLosesAndDuplicatesNothing(t *testing.T) {
	for stop := 1; stop <= 6; stop++ {
		t.Run(fmt.Sprint("stop after batch ", stop), func(t *testing.T) {
			e := newEnv(t)
			j := e.job("ev", "target: raw.ev\nsource: {kind: files, path: 'ev/*.csv', batch_bytes: 20}")
			var want []string
			for f := 0; f < 6; f++ {
				var sb strings.Builder
				sb.WriteString("f,k\n")
				for k := 0; k < 3; k++ {
					fmt.Fprintf(&sb, "%d,%d\n", f, k)
					want = append(want, fmt.Sprintf("%d|%d", f, k))
				}
				e.write(fmt.Sprintf("ev/%02d.csv", f), sb.String())
			}
			ctx, cancel := contextWithCancel(t)
			n := 0
			e.step = func(_ ctxT, _ *transform.Job, step string) {
				if step == "batch" {
					if n++; n == stop {
						cancel()
					}
				}
			}
			_, err := e.runner.Run(ctx, j, transform.RunOptions{})
			if stop < 6 && tarn.ErrorCode(err) != tarn.ETIMEOUT {
				t.Fatalf("stopped run: %v", err)
			}
			e.step = nil
			e.mustRun(j)
			e.mustRun(j)
			same(t, e.rows("SELECT f, k FROM raw.ev"), sortStrings(want)...)
		})
	}
}

func TestFilesStillBeingWrittenWaitForTheNextRun(t *testing.T) {
	e := newEnv(t)
	j := e.job("ev", "target: raw.ev\nsource: {kind: files, path: ev, format: csv, settle: 30m}")
	e.write("ev/a.csv", "x\n1\n")
	e.clock.Set(time.Now().Add(10 * time.Minute))
	if r, err := e.run(j, transform.RunOptions{}); err != nil || r.Status != transform.StatusUpToDate {
		t.Fatalf("fresh file read: %+v %v", r, err)
	}
	e.clock.Set(time.Now().Add(31 * time.Minute))
	if r := e.mustRun(j); r.Rows != 1 {
		t.Fatalf("settled file: %+v", r)
	}
}

func TestBadSourceSettingsAreRefusedNamingTheSetting(t *testing.T) {
	e := newEnv(t)
	for front, want := range map[string]string{
		"source: {kind: files}":                                                 "needs a path",
		"source: {kind: files, path: x.xlsx}":                                   "format of",
		"source: {kind: files, path: x.csv, format: xml}":                       `format "xml" is unknown`,
		"source: {kind: files, path: x.csv, pattern: y}":                        "pattern is not a setting",
		"source: {kind: files, path: x.csv, types: {a: 'INT; DROP'}}":           "is not a type",
		"source: {kind: files, path: x.csv, settle: soon}":                      `settle "soon"`,
		"source: {kind: files, path: x.csv}\nmaterialization: merge\nkeys: [a]": "full_replace or incremental_append",
		"source: {kind: files, path: x.csv, follow: true}":                      "cannot follow",
		"source: {kind: ftp, path: x.csv}":                                      `kind "ftp" is unknown`,
	} {
		j, err := transform.ParseJob("j", "jobs/j.sql", []byte("---\ntarget: raw.x\n"+front+"\n---\n"))
		if err == nil {
			_, err = e.runner.Ingester(j)
		}
		if !errors.Is(err, transform.ErrInvalidJob) || tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(tarn.ErrorMessage(err), want) {
			t.Errorf("%s: got %v, want a message with %q", front, err, want)
		}
	}
}

func TestAFileLandingUnderAnEarlierNameIsNotReadAndIsReported(t *testing.T) {
	e := newEnv(t)
	j := e.job("ev", "target: raw.ev\nsource: {kind: files, path: ev/*.csv}")
	e.write("ev/b.csv", "x\n1\n")
	e.write("ev/c.csv", "x\n2\n")
	e.mustRun(j)
	if strings.Contains(e.log.String(), "not read") {
		t.Fatalf("nothing arrived late yet: %s", e.log)
	}
	e.write("ev/a.csv", "x\n0\n")
	if r := e.mustRun(j); r.Status != transform.StatusUpToDate {
		t.Fatalf("late file: %+v", r)
	}
	if !strings.Contains(e.log.String(), "files=1") || !strings.Contains(e.log.String(), "last=c.csv") {
		t.Fatalf("the late file should be reported: %s", e.log)
	}
	same(t, e.rows("SELECT x FROM raw.ev"), "1", "2")
}

func TestAColumnWhoseTypeNoLongerFitsStopsTheJobNamingItAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	j := e.job("ev", "target: raw.ev\nsource: {kind: files, path: ev/*.csv}")
	e.write("ev/1.csv", "id,code\n1,10\n")
	e.mustRun(j)
	e.write("ev/2.csv", "id,code\n2,AB-7\n")
	_, err := e.run(j, transform.RunOptions{})
	if !errors.Is(err, transform.ErrIncompatibleSchema) || tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(tarn.ErrorMessage(err), "code") {
		t.Fatalf("incompatible change: %v", err)
	}
	same(t, e.rows("SELECT id, code FROM raw.ev"), "1|10")
}
