package guard

import (
	"context"
	"testing"
)

// typicalQuery is benchmark query 4: a three-way join with a date range.
var typicalQuery = benchmarkQueries[3].sql

func BenchmarkParse(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		if _, err := testParser.Parse(ctx, typicalQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseParallel(b *testing.B) {
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := testParser.Parse(ctx, typicalQuery); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkRewrite(b *testing.B) {
	ctx := context.Background()
	q, err := testParser.Parse(ctx, typicalQuery)
	if err != nil {
		b.Fatal(err)
	}
	names := viewNames(q)
	for b.Loop() {
		if _, err := q.Rewrite(ctx, testParser, names); err != nil {
			b.Fatal(err)
		}
	}
}
