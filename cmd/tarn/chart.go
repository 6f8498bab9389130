package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/charts"
	charthtml "github.com/tarn-data/tarn/charts/html"
	chartpng "github.com/tarn-data/tarn/charts/png"
)

// collect reads a record stream into memory, retaining every batch, so it
// can be both printed and charted. Release the batches when done.
func collect(rdr array.RecordReader) ([]arrow.RecordBatch, error) {
	var out []arrow.RecordBatch
	for rdr.Next() {
		b := rdr.RecordBatch()
		b.Retain()
		out = append(out, b)
	}
	return out, rdr.Err()
}

// writeChart builds a chart from a result and writes it as PNG or HTML,
// chosen by the file's extension.
func writeChart(path string, sc *arrow.Schema, recs []arrow.RecordBatch, hint charts.Hint) (charts.Chart, error) {
	c, err := charts.FromRecords(sc, recs, hint)
	if err != nil {
		return c, err
	}
	return c, writeChartFile(path, c, hint.Title, hint.Theme)
}

// writeOption writes an ECharts option a script supplied, after the same
// validation tarn.chart applies, as PNG or HTML by the file's extension.
func writeOption(path string, raw json.RawMessage) error {
	opt, err := charts.Validate(raw)
	if err != nil {
		return err
	}
	return writeChartFile(path, charts.Chart{Option: opt}, "", charts.ThemeLight)
}

func writeChartFile(path string, c charts.Chart, title, theme string) error {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		err = chartpng.Render(c, &buf, chartpng.Options{Theme: theme})
	case ".html", ".htm":
		// The page loads ECharts from tarn-assets/ beside it: no CDN, so it
		// opens offline.
		var opt []byte
		if opt, err = c.Option.JSON(); err == nil {
			err = charthtml.WriteAssets(filepath.Join(filepath.Dir(path), "tarn-assets"))
		}
		if err == nil {
			err = charthtml.Render(&buf, opt, charthtml.Options{Title: title, AssetsURL: "tarn-assets/", Theme: theme})
		}
	default:
		return tarn.Errorf(tarn.EINVALID, "--chart %s: name a .png or .html file.", path)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// readerOf replays retained batches as a record reader.
func readerOf(sc *arrow.Schema, recs []arrow.RecordBatch) (array.RecordReader, error) {
	return array.NewRecordReader(sc, recs)
}
