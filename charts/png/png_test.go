package png

import (
	"bytes"
	"errors"
	"flag"
	"image"
	stdpng "image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tarn-data/tarn/charts"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata")

// record builds a RecordReader from named columns of float64, string or
// time.Time values (nil is NULL).
func record(t testing.TB, names []string, cols ...[]any) array.RecordReader {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		var typ arrow.DataType = arrow.PrimitiveTypes.Float64
		for _, v := range c {
			switch v.(type) {
			case string:
				typ = arrow.BinaryTypes.String
			case time.Time:
				typ = arrow.FixedWidthTypes.Date32
			}
		}
		fields[i] = arrow.Field{Name: names[i], Type: typ, Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	for i, c := range cols {
		for _, v := range c {
			switch fb := b.Field(i).(type) {
			case *array.Float64Builder:
				if v == nil {
					fb.AppendNull()
				} else {
					fb.Append(v.(float64))
				}
			case *array.StringBuilder:
				if v == nil {
					fb.AppendNull()
				} else {
					fb.Append(v.(string))
				}
			case *array.Date32Builder:
				fb.Append(arrow.Date32FromTime(v.(time.Time)))
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	return rdr
}

func days(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	}
	return out
}

func wave(n int, base, amp float64, phase int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = base + amp*float64((i*7+phase)%11)
	}
	return out
}

// cases are one chart per kind, built from Arrow like the bot builds them.
func cases(t testing.TB) map[string]charts.Chart {
	t.Helper()
	build := func(h charts.Hint, names []string, cols ...[]any) charts.Chart {
		c, err := charts.FromArrow(record(t, names, cols...), h)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	teams := []any{"edge", "zürich-ops", "são-paulo", "billing", "search", "kraków", "ml", "infra", "growth", "mobile", "web", "data", "sec"}
	queries := []any{1200.0, 950.0, 700.0, 640.0, 300.0, 220.0, 180.0, 150.0, 90.0, 60.0, 40.0, 20.0, 10.0}
	return map[string]charts.Chart{
		"line": build(charts.Hint{Title: "Bytes scanned per day"}, []string{"day", "bytes_scanned"},
			days(30), wave(30, 2e9, 3e8, 0)),
		"area": build(charts.Hint{Title: "Share of queries by engine"}, []string{"day", "duckdb_share", "trino_share"},
			days(14), wave(14, 0.5, 0.03, 0), complement(wave(14, 0.5, 0.03, 0))),
		"bar": build(charts.Hint{Title: "Queries by team this week"}, []string{"team", "queries"},
			teams, queries),
		"donut": build(charts.Hint{Title: "Share of revenue by plan"}, []string{"plan", "revenue_share"},
			[]any{"free", "pro", "business", "enterprise"}, []any{0.1, 0.3, 0.25, 0.35}),
		"scatter": build(charts.Hint{Title: "Rows vs bytes per query"}, []string{"rows", "bytes"},
			wave(80, 1000, 900, 1), wave(80, 5e6, 4e6, 3)),
		"number": build(charts.Hint{Title: "Revenue this month"}, []string{"revenue"}, []any{1.25e4}),
		"table": build(charts.Hint{Title: "Largest tables"}, []string{"table", "owner", "size_bytes"},
			[]any{"events", "logs", "users"}, []any{"edge", nil, "zürich-ops"}, []any{5.2e12, 8e11, 3.1e9}),
		"bar_dark": build(charts.Hint{Title: "Queries by team this week", Theme: charts.ThemeDark}, []string{"team", "queries"},
			teams, queries),
	}
}

func TestRenderMatchesGoldens(t *testing.T) {
	for name, c := range cases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(c, &buf, Options{}); err != nil {
				t.Fatal(err)
			}
			got, err := stdpng.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			path := filepath.Join("testdata", name+".png")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("no golden (run with -update): %v", err)
			}
			defer f.Close()
			want, err := stdpng.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if frac := differing(got, want, 16); frac > 0.01 {
				t.Fatalf("%.2f%% of pixels differ from %s by more than 16 luminance levels", frac*100, path)
			}
		})
	}
}

func TestChartsAreSizedForChatPreviews(t *testing.T) {
	c := cases(t)["bar"]
	var buf bytes.Buffer
	if err := Render(c, &buf, Options{}); err != nil {
		t.Fatal(err)
	}
	cfg, err := stdpng.DecodeConfig(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != DefaultWidth || cfg.Height != DefaultHeight {
		t.Fatalf("size %dx%d, want %dx%d", cfg.Width, cfg.Height, DefaultWidth, DefaultHeight)
	}
	buf.Reset()
	if err := Render(c, &buf, Options{Width: 400, Height: 300}); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := stdpng.DecodeConfig(&buf); cfg.Width != 400 || cfg.Height != 300 {
		t.Fatalf("size %dx%d, want 400x300", cfg.Width, cfg.Height)
	}
}

func TestMillionPointsRenderDownsampled(t *testing.T) {
	const n = 1_000_000
	ts := make([]any, n)
	vs := make([]any, n)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ts {
		ts[i] = t0.Add(time.Duration(i) * time.Minute)
		vs[i] = float64(i % 977)
	}
	c, err := charts.FromArrow(timestamps(t, ts, vs), charts.Hint{Title: "Requests per minute"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Note == "" {
		t.Fatal("no note about downsampling")
	}
	var buf bytes.Buffer
	if err := Render(c, &buf, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestValidatedOptionRenders(t *testing.T) {
	o, err := charts.Validate([]byte(`{"title":{"text":"From a script"},"xAxis":{"type":"category","data":["a","b","c"]},
		"yAxis":{"type":"value","min":0},"series":[{"type":"bar","data":[3,1,2]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(charts.Chart{Kind: charts.KindBar, Option: o}, &buf, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := stdpng.Decode(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestUnrenderableOptionIsAnError(t *testing.T) {
	o := charts.Option{"series": []any{map[string]any{"type": "line", "stack": "a", "data": []any{1}},
		map[string]any{"type": "line", "data": []any{2}}}}
	err := Render(charts.Chart{Kind: charts.KindLine, Option: o}, &bytes.Buffer{}, Options{})
	if !errors.Is(err, ErrRender) {
		t.Fatalf("err = %v, want ErrRender", err)
	}
}

func timestamps(t testing.TB, ts, vs []any) array.RecordReader {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "minute", Type: &arrow.TimestampType{Unit: arrow.Microsecond}},
		{Name: "requests", Type: arrow.PrimitiveTypes.Float64},
	}, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	tb := b.Field(0).(*array.TimestampBuilder)
	fb := b.Field(1).(*array.Float64Builder)
	for i := range ts {
		tb.Append(arrow.Timestamp(ts[i].(time.Time).UnixMicro()))
		fb.Append(vs[i].(float64))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	return rdr
}

// differing is the fraction of pixels whose luminance differs by more than
// tol levels (0–255); images of different sizes differ entirely.
func differing(a, b image.Image, tol int) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 1
	}
	ab, bb := a.Bounds(), b.Bounds()
	n, bad := 0, 0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			la := luma(a.At(ab.Min.X+x, ab.Min.Y+y).RGBA())
			lb := luma(b.At(bb.Min.X+x, bb.Min.Y+y).RGBA())
			if d := la - lb; d > tol || d < -tol {
				bad++
			}
			n++
		}
	}
	return float64(bad) / float64(n)
}

func luma(r, g, b, _ uint32) int {
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

func complement(vs []any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = 1 - v.(float64)
	}
	return out
}

func TestLuminanceComparisonCatchesARealChange(t *testing.T) {
	load := func(name string) image.Image {
		f, err := os.Open(filepath.Join("testdata", name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := stdpng.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	light, dark := load("bar"), load("bar_dark")
	if d := differing(light, light, 16); d != 0 {
		t.Fatalf("an image differs from itself: %v", d)
	}
	if d := differing(light, dark, 16); d <= 0.01 {
		t.Fatalf("light and dark bars judged alike: %v", d)
	}
}
