package charts

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tarn-data/tarn"
)

// Limits of the builder.
const (
	MaxPoints    = 2000 // line and scatter points above this are downsampled
	TopN         = 10   // bars shown before the rest is folded into "other"
	MaxDonut     = 6    // parts a donut may have
	MaxSeries    = 7    // pivoted series shown before the rest is "other"
	MaxTableRows = 50   // rows a table image shows
)

// FromRecords builds a chart from record batches that share schema.
func FromRecords(schema *arrow.Schema, recs []arrow.RecordBatch, hint Hint) (Chart, error) {
	rdr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		return Chart{}, fmt.Errorf("charts: %w", err)
	}
	defer rdr.Release()
	return FromArrow(rdr, hint)
}

// FromArrow reads rdr to the end and builds the chart its shape calls for,
// or the kind hint.Kind names. An empty result is a tarn.Error EINVALID.
func FromArrow(rdr array.RecordReader, hint Hint) (Chart, error) {
	cols, err := readColumns(rdr)
	if err != nil {
		return Chart{}, err
	}
	if len(cols) == 0 || cols[0].len() == 0 {
		return Chart{}, tarn.Wrap(ErrNoRows, tarn.EINVALID,
			"change the filters or the time range and ask again", "the query returned no rows to chart")
	}
	s := shapeOf(cols)
	kind := hint.Kind
	if kind == "" {
		kind = s.choose(hint.Title)
	}
	b := &builder{hint: hint, s: s}
	var c Chart
	switch kind {
	case KindLine, KindArea:
		c, err = b.line(kind == KindArea)
	case KindBar:
		c, err = b.bar()
	case KindDonut:
		c, err = b.donut()
	case KindScatter:
		c, err = b.scatter()
	case KindNumber:
		c, err = b.number()
	case KindTable:
		c = b.table()
	default:
		return Chart{}, tarn.Wrap(fmt.Errorf("%w: %q", ErrUnknownKind, kind), tarn.EINVALID,
			"use one of line, area, bar, donut, scatter, number or table", "there is no chart kind %q", kind)
	}
	if err != nil {
		return Chart{}, err
	}
	return c, nil
}

// shape sorts the columns of a result by the role they can play.
type shape struct {
	all                  []*column
	times, measures, cat []*column
	rows                 int
}

func shapeOf(cols []*column) shape {
	s := shape{all: cols, rows: cols[0].len()}
	for _, c := range cols {
		switch c.role {
		case roleTime:
			s.times = append(s.times, c)
		case roleMeasure:
			s.measures = append(s.measures, c)
		default:
			s.cat = append(s.cat, c)
		}
	}
	return s
}

// choose applies the rules: one value → number; time with measures →
// line (stacked area for shares); one category and one measure → donut for a
// small part of a whole, bar otherwise; two measures → scatter; else table.
func (s shape) choose(title string) string {
	nt, nm, nc := len(s.times), len(s.measures), len(s.cat)
	switch {
	case s.rows == 1 && nm == 1 && nt == 0 && nc <= 1:
		return KindNumber
	case nt == 1 && nm >= 1 && nc == 0:
		if nm > 1 && allShares(s.measures) {
			return KindArea
		}
		return KindLine
	case nt == 1 && nm == 1 && nc == 1:
		if isShare(s.measures[0].name) {
			return KindArea
		}
		return KindLine
	case nt == 0 && nm == 1 && nc == 1:
		if s.rows <= MaxDonut && nonNegative(s.measures[0]) && (isShare(s.measures[0].name) || wholeWords(title)) {
			return KindDonut
		}
		return KindBar
	case nt == 0 && nm == 2 && nc <= 1:
		return KindScatter
	}
	return KindTable
}

func allShares(ms []*column) bool {
	for _, m := range ms {
		if !isShare(m.name) {
			return false
		}
	}
	return true
}

func nonNegative(c *column) bool {
	for i, v := range c.nums {
		if c.valid[i] && v < 0 {
			return false
		}
	}
	return true
}

// wholeWords reports whether a question asks about parts of a whole.
func wholeWords(title string) bool {
	t := strings.ToLower(title)
	for _, w := range []string{"share", "breakdown", "split", "proportion", "percent", "of total", "mix"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// mismatch is the error for a kind the result's columns cannot draw.
func mismatch(kind, needs string) error {
	return tarn.Wrap(fmt.Errorf("%w: %s needs %s", ErrUnknownKind, kind, needs), tarn.EINVALID,
		"leave the kind out to let Tarn choose, or change the query's columns",
		"a %s chart needs %s", kind, needs)
}
