package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// poisonAllocator overwrites memory when it is freed, as DuckDB's Arrow
// reader effectively does when it moves to the next chunk.
type poisonAllocator struct{ memory.Allocator }

func (p poisonAllocator) Free(b []byte) {
	for i := range b {
		b[i] = 0xFF
	}
	p.Allocator.Free(b)
}

// Table output buffers rows to align columns; the strings it keeps must not
// point into batches the reader has already released.
func TestTableOutputSurvivesReleasedBatches(t *testing.T) {
	mem := poisonAllocator{memory.NewGoAllocator()}
	sc := arrow.NewSchema([]arrow.Field{{Name: "colo", Type: arrow.BinaryTypes.String}}, nil)
	var batches []arrow.RecordBatch
	for _, v := range []string{"FRA", "AMS"} {
		b := array.NewRecordBuilder(mem, sc)
		b.Field(0).(*array.StringBuilder).Append(v)
		batches = append(batches, b.NewRecordBatch())
		b.Release()
	}
	rdr, _ := array.NewRecordReader(sc, batches)
	for _, b := range batches {
		b.Release() // the reader holds the only reference now
	}
	var out bytes.Buffer
	if _, _, err := WriteRecords(&out, FormatTable, rdr, 0); err != nil {
		t.Fatal(err)
	}
	rdr.Release()
	if !strings.Contains(out.String(), "FRA") || !strings.Contains(out.String(), "AMS") {
		t.Fatalf("values were lost when their batches were released:\n%q", out.String())
	}
}
