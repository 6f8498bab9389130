package codemode

import (
	"context"
	"testing"
)

// BenchmarkSandboxStart measures a fresh VM, the prelude and a trivial script:
// the fixed cost of every Code Mode answer (goal: at most 5 ms).
func BenchmarkSandboxStart(b *testing.B) {
	h := newFakeHost()
	ctx := context.Background()
	for b.Loop() {
		if _, err := Run(ctx, `tarn.answer("ok")`, h, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScript measures a typical script: search, one query, a chart and
// an answer, against a host that answers at once.
func BenchmarkScript(b *testing.B) {
	h := newFakeHost()
	ctx := context.Background()
	script := `const r = tarn.sql("` + revenueSQL + `", {mode: "display"});
tarn.search("revenue");
tarn.chart({xAxis: {data: r.rows.map(x => x[0])}, series: [{type: "bar", data: r.rows.map(x => x[1])}]});
tarn.answer("ok");`
	for b.Loop() {
		if _, err := Run(ctx, script, h, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
