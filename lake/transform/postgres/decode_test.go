package postgres

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzDecoders feeds arbitrary bytes to every decoder: they may refuse a
// value, never panic or leak.
func FuzzDecoders(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 7, 255, 255, 255, 255})
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 2, 0, 12})
	text := pgType{kind: kText}
	kinds := []pgType{{kind: kInt16}, {kind: kInt32}, {kind: kInt64}, {kind: kFloat32}, {kind: kFloat64}, {kind: kNumeric, prec: 38, scale: 9},
		text, {kind: kBool}, {kind: kDate}, {kind: kTime}, {kind: kTimestamp}, {kind: kTimestampTz}, {kind: kUUID}, {kind: kBytea},
		{kind: kJSON}, {kind: kJSONB}, {kind: kList, elem: &pgType{kind: kInt32}}, {kind: kList, elem: &text}}
	fields := make([]arrow.Field, len(kinds))
	cols := make([]column, len(kinds))
	for i, k := range kinds {
		fields[i] = arrow.Field{Name: string(rune('a' + i)), Type: k.arrow(), Nullable: true}
		cols[i] = column{name: fields[i].Name, typ: k}
	}
	schema := arrow.NewSchema(fields, nil)
	f.Fuzz(func(t *testing.T, v []byte) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		b := newRowBuilder(mem, schema, cols)
		defer b.release()
		for _, d := range b.decs {
			_ = d.decode(v)
			_ = d.decode(nil)
		}
		_, _ = cursorKey(pgType{kind: kNumeric, prec: 10, scale: 2}, v, nil)
	})
}
