package charts

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// HumanNumber formats v for people: 3.4M, $12.5k, 1.2 GB.
// The unit is inferred from the column name as in the chart builder.
func HumanNumber(v float64, column string) string {
	return human(v, unitOf(column))
}

func human(v float64, u unit) string {
	if math.IsNaN(v) {
		return "–"
	}
	div, suffix := scaleFor(math.Abs(v), u)
	s := trimNum(v / div)
	switch u {
	case unitBytes:
		return s + " " + suffix
	case unitMoney:
		if strings.HasPrefix(s, "-") {
			return "-$" + s[1:] + suffix
		}
		return "$" + s + suffix
	}
	return s + suffix
}

// scaleFor picks the divisor and suffix that keep max readable.
func scaleFor(max float64, u unit) (float64, string) {
	if u == unitBytes {
		names := []string{"B", "KB", "MB", "GB", "TB", "PB", "EB"}
		div := 1.0
		i := 0
		for max >= 1000*div && i < len(names)-1 {
			div *= 1000
			i++
		}
		return div, names[i]
	}
	switch {
	case max >= 1e12:
		return 1e12, "T"
	case max >= 1e9:
		return 1e9, "B"
	case max >= 1e6:
		return 1e6, "M"
	case max >= 1e3:
		return 1e3, "k"
	}
	return 1, ""
}

// trimNum prints v with at most one decimal when it is ≥ 10 and two below,
// dropping trailing zeros.
func trimNum(v float64) string {
	prec := 1
	if math.Abs(v) < 10 {
		prec = 2
	}
	if math.Abs(v) >= 100 {
		prec = 0
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// axisScale returns the divisor for a measure's axis and the axis name with
// its unit, e.g. "bytes_scanned (GB)" or "revenue ($k)".
func axisScale(name string, max float64) (float64, string) {
	u := unitOf(name)
	div, suffix := scaleFor(max, u)
	switch u {
	case unitBytes:
		return div, name + " (" + suffix + ")"
	case unitMoney:
		return div, name + " ($" + suffix + ")"
	}
	if suffix != "" {
		return div, name + " (" + suffix + ")"
	}
	return div, name
}

// round3 keeps three significant digits, enough for any axis.
func round3(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, 3-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// timeLayout picks a date format for the grain of sorted times.
func timeLayout(ts []time.Time) string {
	step := time.Duration(math.MaxInt64)
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); d > 0 && d < step {
			step = d
		}
	}
	allMidnight := true
	for _, t := range ts {
		if !t.Equal(t.Truncate(24 * time.Hour)) {
			allMidnight = false
			break
		}
	}
	switch {
	case step >= 365*24*time.Hour:
		return "2006"
	case step >= 28*24*time.Hour:
		return "Jan 2006"
	case step >= 24*time.Hour || (allMidnight && len(ts) < 2):
		return "2006-01-02"
	case step >= time.Hour:
		return "Jan 2 15:04"
	case step >= time.Minute:
		return "15:04"
	}
	return "15:04:05"
}
