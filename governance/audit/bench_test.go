package audit_test

import (
	"context"
	"testing"

	"github.com/tarn-data/tarn/store/storetest"
)

// BenchmarkAppendSQLite measures one append (a write transaction with the
// head update) on a SQLite store.
func BenchmarkAppendSQLite(b *testing.B) {
	l, _, _ := openLog(b, storetest.SQLiteURL(b))
	ctx := context.Background()
	e := sample(0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.Append(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifySQLite measures verifying a log of 10,000 entries; ns/op
// divided by 10,000 is the cost per entry.
func BenchmarkVerifySQLite(b *testing.B) {
	l, _, clock := openLog(b, storetest.SQLiteURL(b))
	appendN(b, l, clock, 10000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := l.Verify(ctx)
		if err != nil || !r.OK {
			b.Fatal(r, err)
		}
	}
}
