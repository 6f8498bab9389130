package html

import (
	"bytes"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn/charts"
)

// arrowResult builds a one-batch result with a string or date column named
// by label (nil for none) and one float64 measure.
func arrowResult(t *testing.T, labels []string, days int, measure string, values []float64) array.RecordReader {
	t.Helper()
	var fields []arrow.Field
	switch {
	case labels != nil:
		fields = append(fields, arrow.Field{Name: "region", Type: arrow.BinaryTypes.String})
	case days > 0:
		fields = append(fields, arrow.Field{Name: "day", Type: arrow.FixedWidthTypes.Date32})
	}
	fields = append(fields, arrow.Field{Name: measure, Type: arrow.PrimitiveTypes.Float64})
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, v := range values {
		switch fb := b.Field(0).(type) {
		case *array.StringBuilder:
			fb.Append(labels[i])
		case *array.Date32Builder:
			fb.Append(arrow.Date32FromTime(t0.AddDate(0, 0, i)))
		}
		b.Field(len(fields) - 1).(*array.Float64Builder).Append(v)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	return rdr
}

func TestChromiumDrawsChartsBuiltFromArrow(t *testing.T) {
	chromium := findChromium(t)
	revenue := make([]float64, 60)
	for i := range revenue {
		revenue[i] = 1000 + float64(i*i%97)*40
	}
	tests := []struct {
		name     string
		result   func(t *testing.T) array.RecordReader
		hint     charts.Hint
		wantKind string
		minDrawn int
	}{
		{"bar", func(t *testing.T) array.RecordReader {
			return arrowResult(t, []string{"EMEA", "AMER", "APAC", "LATAM"}, 0, "orders", []float64{120, 200, 150, 80})
		}, charts.Hint{Title: "Orders by region"}, charts.KindBar, 2000},
		{"line dark", func(t *testing.T) array.RecordReader {
			return arrowResult(t, nil, 60, "revenue_usd", revenue)
		}, charts.Hint{Title: "Revenue per day", Theme: charts.ThemeDark}, charts.KindLine, 2000},
		{"number", func(t *testing.T) array.RecordReader {
			return arrowResult(t, nil, 0, "orders", []float64{1234567})
		}, charts.Hint{Title: "Orders this year"}, charts.KindNumber, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rdr := tt.result(t)
			defer rdr.Release()
			c, err := charts.FromArrow(rdr, tt.hint)
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind != tt.wantKind {
				t.Fatalf("kind = %q, want %q", c.Kind, tt.wantKind)
			}
			option, err := c.Option.JSON()
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			if err := Render(&page, option, Options{Title: tt.hint.Title, Theme: tt.hint.Theme}); err != nil {
				t.Fatal(err)
			}
			srv := newChartServer(t, page.Bytes())

			img := screenshot(t, chromium, srv.URL+"/chart")

			drawn, _ := countPixels(img, [3]int{})
			t.Logf("%s: %d pixels differ from the background", c.Kind, drawn)
			if drawn < tt.minDrawn {
				t.Errorf("the %s chart is blank: only %d pixels differ from the background", c.Kind, drawn)
			}
		})
	}
}
