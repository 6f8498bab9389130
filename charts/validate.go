package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/tarn-data/tarn"
)

// Limits on an option a Code Mode script supplies.
const (
	MaxOptionBytes  = 256 << 10
	MaxOptionSeries = 20
	MaxOptionPoints = 10000
)

// SeriesTypes are the series types Validate accepts.
var SeriesTypes = map[string]bool{"line": true, "bar": true, "pie": true, "scatter": true}

// codeLike matches text that would run as JavaScript in a browser.
var codeLike = regexp.MustCompile(`(?i)function\s*\(|=>|<\s*script|javascript:|\beval\s*\(|new\s+Function`)

// Validate checks an ECharts option supplied as JSON: at most 256 KiB, 20
// series and 10,000 points, only line, bar, pie and scatter series, and no
// functions or JavaScript anywhere (formatters must be plain templates such
// as "{b}: {c}"). Errors are tarn.Error EINVALID wrapping ErrInvalidOption.
func Validate(raw []byte) (Option, error) {
	if len(raw) > MaxOptionBytes {
		return nil, invalid("the chart option is %d KiB; the limit is %d KiB", "send fewer points or aggregate first",
			len(raw)>>10, MaxOptionBytes>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var o Option
	if err := dec.Decode(&o); err != nil {
		return nil, invalid("the chart option is not a JSON object: %v", "pass an ECharts option object", err)
	}
	if dec.More() {
		return nil, invalid("the chart option has data after the JSON object", "pass exactly one ECharts option object")
	}
	if err := checkValues("", map[string]any(o)); err != nil {
		return nil, err
	}
	list := asList(o["series"])
	if len(list) > MaxOptionSeries {
		return nil, invalid("the chart option has %d series; the limit is %d", "combine or drop series", len(list), MaxOptionSeries)
	}
	points := 0
	for i, s := range list {
		m, ok := s.(map[string]any)
		if !ok {
			return nil, invalid("series %d is not an object", "each series must be an object with a type and data", i)
		}
		t, _ := m["type"].(string)
		if !SeriesTypes[t] {
			return nil, invalid("series %d has type %q; only line, bar, pie and scatter are drawn", "use one of line, bar, pie, scatter", i, t)
		}
		if d, ok := m["data"].([]any); ok {
			points += len(d)
		}
	}
	if ds, ok := o["dataset"].(map[string]any); ok {
		if src, ok := ds["source"].([]any); ok {
			points += len(src)
		}
	}
	if points > MaxOptionPoints {
		return nil, invalid("the chart option has %d points; the limit is %d", "aggregate or sample the data first", points, MaxOptionPoints)
	}
	return o, nil
}

// checkValues walks the option: formatter keys must hold plain template
// strings and no string may hold code.
func checkValues(path string, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := path + "." + k
			if strings.EqualFold(k, "formatter") || strings.HasSuffix(strings.ToLower(k), "formatter") {
				if _, ok := x.(string); !ok {
					return invalid("%s must be a template string like \"{b}: {c}\"", "functions are not allowed in chart options", strings.TrimPrefix(p, "."))
				}
			}
			if err := checkValues(p, x); err != nil {
				return err
			}
		}
	case []any:
		for i, x := range v {
			if err := checkValues(fmt.Sprintf("%s[%d]", path, i), x); err != nil {
				return err
			}
		}
	case string:
		if codeLike.MatchString(v) {
			return invalid("%s looks like JavaScript", "chart options may hold data and template strings only, not code", strings.TrimPrefix(path, "."))
		}
	}
	return nil
}

func asList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{v}
}

func invalid(format, hint string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrInvalidOption, msg), tarn.EINVALID, hint, "%s", msg)
}
