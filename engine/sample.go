package engine

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tarn-data/tarn/lake"
)

// SampleOptions say how much of a table Sample reads.
type SampleOptions struct {
	// Rows is the sample's size (default 1,000).
	Rows int
	// Since, when not 0, is a snapshot sampled before: only data files
	// added after it are read. When it no longer exists, all are.
	Since int64
	// Seed makes the choice of files and rows repeatable.
	Seed uint64
	// Caller is who the audit log names (default "system:skimmer").
	Caller Caller
}

// SampleColumn is one column of a sample: its values as text, NULLs left out.
type SampleColumn struct {
	Name   string
	Type   string // DuckDB's type name
	Values []string
}

// Sample is a uniform sample of a table's rows, raw — before governance.
type Sample struct {
	Table    lake.Ident
	Snapshot int64 // the snapshot sampled; 0 for a table without one
	Columns  []SampleColumn
	Rows     int   // rows in the sample
	FromRows int64 // rows of the files it was drawn from
	Files    int   // data files read
	// Incremental reports that only files added since Since were read.
	Incremental bool
}

// sampleDraws is how many files a sample of a big table reads: when the
// files to sample hold more than filesPerSample times the rows wanted,
// sampleDraws files are drawn (with replacement, in proportion to their
// rows) and each draw takes an equal share of the rows from its file.
const (
	filesPerSample = 40
	sampleDraws    = 16
)

// Sample reads a uniform sample of a table's raw rows, every column cast to
// text, for the PII scanner. It bypasses governance — it is what finds the
// PII that governance then masks — so it is never reachable from SQL; every
// call that reads data, or fails, is written to the audit log as a query
// by o.Caller.
//
// Errors: lake.ErrNoSuchTable for an unknown table; a *tarn.Error when the
// audit log cannot be written.
func (e *Engine) Sample(ctx context.Context, id lake.Ident, o SampleOptions) (*Sample, error) {
	if o.Rows <= 0 {
		o.Rows = 1000
	}
	if o.Caller.Principal == "" {
		o.Caller.Principal = "system:skimmer"
	}
	rec := QueryRecord{Caller: o.Caller, Started: e.opts.Clock.Now(), Tables: []lake.Ident{id}}
	s, sql, err := e.sample(ctx, id, o)
	if err == nil && sql == "" {
		return s, nil // nothing was read (no new files): nothing to audit
	}
	rec.SQL, rec.Err = sql, err
	if s != nil {
		rec.Rows = int64(s.Rows)
	}
	if lerr := e.logQuery(ctx, rec); lerr != nil && err == nil {
		return nil, lerr
	}
	return s, err
}

func (e *Engine) sample(ctx context.Context, id lake.Ident, o SampleOptions) (*Sample, string, error) {
	plan, err := e.lake.PlanScan(ctx, id, lake.AsOf{}, nil)
	if err != nil {
		return nil, "", err
	}
	out := &Sample{Table: id}
	for _, f := range plan.Schema.Fields() {
		typ, err := duckType(f.Type)
		if err != nil {
			typ = f.Type.String()
		}
		out.Columns = append(out.Columns, SampleColumn{Name: f.Name, Type: typ})
	}
	if plan.Snapshot == nil {
		return out, "", nil
	}
	out.Snapshot = plan.Snapshot.ID
	files := plan.Files
	if o.Since != 0 && o.Since != plan.Snapshot.ID {
		if before, err := e.lake.PlanScan(ctx, id, lake.AsOf{SnapshotID: &o.Since}, nil); err == nil {
			seen := make(map[string]bool, len(before.Files))
			for _, f := range before.Files {
				seen[f.Location] = true
			}
			var added []lake.DataFile
			for _, f := range plan.Files {
				if !seen[f.Location] {
					added = append(added, f)
				}
			}
			files, out.Incremental = added, true
		}
	} else if o.Since == plan.Snapshot.ID {
		files, out.Incremental = nil, true
	}
	rng := rand.New(rand.NewPCG(o.Seed, uint64(len(files))))
	picks := pickFiles(rng, files, o.Rows)
	out.Files = len(picks)
	if len(picks) == 1 && picks[0].rows == 0 {
		out.Files = len(files)
	}
	casts := make([]string, len(out.Columns))
	for i, c := range out.Columns {
		casts[i] = fmt.Sprintf("CAST(%s AS VARCHAR)", quoteIdent(c.Name))
	}
	var read []lake.DataFile
	for _, p := range picks {
		if p.rows == 0 {
			read = append(read, files...)
		} else {
			read = append(read, p.file)
		}
	}
	local, release, err := e.localFiles(ctx, read)
	if err != nil {
		return nil, "", err
	}
	defer release()
	var parts []string
	for i, p := range picks {
		out.FromRows += p.file.Records
		sub := *plan
		sub.Files = []lake.DataFile{p.file}
		if p.rows == 0 { // all of them: one relation, one reservoir
			sub.Files = files
		}
		rel, err := buildRelation(&sub, TableDecision{}, local)
		if err != nil {
			return nil, "", err
		}
		rows := p.rows
		if rows == 0 {
			rows = o.Rows
		}
		parts = append(parts, fmt.Sprintf("(SELECT %s FROM (%s) AS s%d USING SAMPLE reservoir(%d ROWS) REPEATABLE (%d))",
			strings.Join(casts, ", "), rel.sql, i, rows, (o.Seed+uint64(i))%(1<<31)))
	}
	if len(parts) == 0 {
		return out, "", nil
	}
	sql := strings.Join(parts, "\nUNION ALL\n")
	conn, err := e.acquire(ctx)
	if err != nil {
		return nil, sql, err
	}
	defer e.release(conn)
	ar, err := NewArrowQuerier(conn)
	if err != nil {
		return nil, sql, err
	}
	rdr, err := ar.QueryContext(ctx, sql)
	if err != nil {
		return nil, sql, fmt.Errorf("sampling %s: %w", id, err)
	}
	defer rdr.Release()
	for rdr.Next() {
		b := rdr.RecordBatch()
		for i := range out.Columns {
			col, ok := b.Column(i).(*array.String)
			if !ok {
				return nil, sql, fmt.Errorf("sampling %s: column %s came back as %s", id, out.Columns[i].Name, b.Column(i).DataType())
			}
			for r := 0; r < col.Len(); r++ {
				if col.IsValid(r) {
					// Copied: the batch's memory is reused.
					out.Columns[i].Values = append(out.Columns[i].Values, strings.Clone(col.Value(r)))
				}
			}
		}
		out.Rows += int(b.NumRows())
	}
	if err := rdr.Err(); err != nil {
		return nil, sql, fmt.Errorf("sampling %s: %w", id, err)
	}
	return out, sql, nil
}

// pick is one file a sample reads and how many rows it takes from it; a
// single pick with rows 0 means every file, sampled as one.
type pick struct {
	file lake.DataFile
	rows int
}

// pickFiles decides which files a sample of n rows reads. When the files
// hold at most filesPerSample·n rows, all are read and sampled as one (the
// single pick's file carries their total rows). Otherwise sampleDraws files
// are drawn with replacement in proportion to their rows, and each draw
// takes n/sampleDraws rows of its file: two-stage sampling in which every
// row has about the same chance.
func pickFiles(rng *rand.Rand, files []lake.DataFile, n int) []pick {
	var total int64
	for _, f := range files {
		total += f.Records
	}
	switch {
	case total == 0:
		return nil
	case total <= int64(n)*filesPerSample:
		return []pick{{file: lake.DataFile{Records: total}}}
	}
	per := max(1, (n+sampleDraws-1)/sampleDraws)
	counts := map[int]int{}
	var order []int
	for range sampleDraws {
		r := rng.Int64N(total)
		i := 0
		for ; i < len(files)-1 && r >= files[i].Records; i++ {
			r -= files[i].Records
		}
		if counts[i] == 0 {
			order = append(order, i)
		}
		counts[i]++
	}
	slices.Sort(order)
	out := make([]pick, 0, len(order))
	for _, i := range order {
		out = append(out, pick{file: files[i], rows: min(int64ToInt(files[i].Records), counts[i]*per)})
	}
	return out
}

func int64ToInt(v int64) int {
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(v)
}
