package png

import (
	"io"
	"testing"
	"time"

	"github.com/tarn-data/tarn/charts"
)

// BenchmarkRenderLine1000 measures drawing a 1,000-point line chart; the
// goal is at most 50 ms per image.
func BenchmarkRenderLine1000(b *testing.B) {
	const n = 1000
	ts := make([]any, n)
	vs := make([]any, n)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ts {
		ts[i] = t0.Add(time.Duration(i) * time.Hour)
		vs[i] = float64(i%97) * 1e6
	}
	c, err := charts.FromArrow(timestamps(b, ts, vs), charts.Hint{Title: "Requests per hour"})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Render(c, io.Discard, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromArrowMillion measures building a chart from a million rows.
func BenchmarkFromArrowMillion(b *testing.B) {
	const n = 1_000_000
	ts := make([]any, n)
	vs := make([]any, n)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ts {
		ts[i] = t0.Add(time.Duration(i) * time.Second)
		vs[i] = float64(i % 977)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		rdr := timestamps(b, ts, vs)
		b.StartTimer()
		if _, err := charts.FromArrow(rdr, charts.Hint{}); err != nil {
			b.Fatal(err)
		}
	}
}
