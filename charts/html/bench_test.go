package html

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

// BenchmarkRender renders a page for a line chart of 1,000 points.
func BenchmarkRender(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"xAxis":{"type":"category","data":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `"2026-01-%04d"`, i)
	}
	sb.WriteString(`]},"yAxis":{"type":"value","min":0},"series":[{"type":"line","data":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "%d.5", i*37%1000)
	}
	sb.WriteString(`]}]}`)
	option := json.RawMessage(sb.String())
	b.SetBytes(int64(len(option)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, option, Options{Title: "Revenue per day"}); err != nil {
			b.Fatal(err)
		}
	}
}
