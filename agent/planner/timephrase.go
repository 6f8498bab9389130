package planner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// span is a half-open time range [Start, End) in UTC named by a phrase of
// the question.
type span struct {
	Start, End time.Time
	Label      string // how the answer names it, e.g. "last month"
	Phrase     string // the words of the question it came from
	// Incident marks "the incident": the burst of security events the
	// script finds at run time within [Start, End), the last seven days.
	Incident bool
}

// dayAligned reports whether both bounds are midnights, so a table with a
// DATE column can answer for the span exactly.
func (s span) dayAligned() bool { return !s.Incident && isMidnight(s.Start) && isMidnight(s.End) }

// monthAligned reports whether both bounds are firsts of months.
func (s span) monthAligned() bool {
	return s.dayAligned() && s.Start.Day() == 1 && s.End.Day() == 1
}

func isMidnight(t time.Time) bool { return t.Equal(t.Truncate(24 * time.Hour)) }

func (s span) days() int { return int(s.End.Sub(s.Start) / (24 * time.Hour)) }

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
}

// number reads a count written in digits or as a word; ok is false otherwise.
func number(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 10000 {
		return n, true
	}
	n, ok := numberWords[s]
	return n, ok
}

const num = `(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|sixty|ninety)`

type timeRule struct {
	re *regexp.Regexp
	fn func(m []string, now time.Time) (span, bool)
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func month(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// monday returns the midnight that starts t's ISO week.
func monday(t time.Time) time.Time {
	d := day(t)
	back := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDate(0, 0, -back)
}

var months = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// timeRules are tried in order; the first that matches wins. Each pattern
// is matched against the normalised question (lower case, single spaces).
var timeRules = []timeRule{
	{rx(`(?:during |in |of |for )?the (?:security )?(?:incident|burst|outage)(?: window)?`), func(m []string, now time.Time) (span, bool) {
		return span{Start: now.Add(-7 * 24 * time.Hour), End: now, Label: "the incident", Incident: true}, true
	}},
	{rx(`(?:in |over |during |for )?(?:the )?(?:last|past|previous) 24 hours`), func(m []string, now time.Time) (span, bool) {
		return span{Start: now.Add(-24 * time.Hour), End: now, Label: "the last 24 hours"}, true
	}},
	{rx(`(?:in |over |during |for )?(?:the )?(?:last|past|previous) ` + num + ` (day|week|month)s?`), func(m []string, now time.Time) (span, bool) {
		n, ok := number(m[1])
		if !ok {
			return span{}, false
		}
		d := day(now)
		switch m[2] {
		case "day":
			return span{Start: d.AddDate(0, 0, -n), End: d, Label: plural(n, "day", "the last")}, true
		case "week":
			if n == 1 {
				return lastWeek(now), true
			}
			return span{Start: d.AddDate(0, 0, -7*n), End: d, Label: plural(n, "week", "the last")}, true
		default:
			if n == 1 {
				return lastMonth(now), true
			}
			m0 := month(now)
			return span{Start: m0.AddDate(0, -n, 0), End: m0, Label: plural(n, "month", "the last")}, true
		}
	}},
	{rx(`(?:in |over |during |for )?(?:the )?(?:last|past|previous) (day|week|month|year)`), func(m []string, now time.Time) (span, bool) {
		switch m[1] {
		case "day":
			return span{Start: day(now).AddDate(0, 0, -1), End: day(now), Label: "yesterday"}, true
		case "week":
			return lastWeek(now), true
		case "month":
			return lastMonth(now), true
		default:
			y := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			return span{Start: y.AddDate(-1, 0, 0), End: y, Label: "last year"}, true
		}
	}},
	{rx(`(?:in |during |for |of )?(?:the )?(this|current) (week|month|year)(?:'s| so far)?`), func(m []string, now time.Time) (span, bool) {
		switch m[2] {
		case "week":
			s := monday(now)
			return span{Start: s, End: s.AddDate(0, 0, 7), Label: "this week"}, true
		case "month":
			s := month(now)
			return span{Start: s, End: s.AddDate(0, 1, 0), Label: "this month"}, true
		default:
			y := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			return span{Start: y, End: y.AddDate(1, 0, 0), Label: "this year"}, true
		}
	}},
	{rx(`(?:on |for |from )?` + num + ` days? ago`), func(m []string, now time.Time) (span, bool) {
		n, ok := number(m[1])
		if !ok {
			return span{}, false
		}
		d := day(now).AddDate(0, 0, -n)
		label := fmt.Sprintf("%d days ago", n)
		if n == 1 {
			label = "yesterday"
		}
		return span{Start: d, End: d.AddDate(0, 0, 1), Label: label}, true
	}},
	{rx(`(?:on |for |from )?(today|yesterday)(?:'s)?`), func(m []string, now time.Time) (span, bool) {
		d := day(now)
		if m[1] == "yesterday" {
			return span{Start: d.AddDate(0, 0, -1), End: d, Label: "yesterday"}, true
		}
		return span{Start: d, End: d.AddDate(0, 0, 1), Label: "today"}, true
	}},
	{rx(`(?:in|during|for) (january|february|march|april|may|june|july|august|september|october|november|december)(?: (\d{4}))?`), func(m []string, now time.Time) (span, bool) {
		mi := 0
		for i, name := range months {
			if name == m[1] {
				mi = i + 1
			}
		}
		y := now.Year()
		if m[2] != "" {
			y, _ = strconv.Atoi(m[2])
		} else if time.Month(mi) > now.Month() {
			y-- // the most recent such month
		}
		s := time.Date(y, time.Month(mi), 1, 0, 0, 0, 0, time.UTC)
		return span{Start: s, End: s.AddDate(0, 1, 0), Label: s.Format("January 2006")}, true
	}},
}

func rx(p string) *regexp.Regexp { return regexp.MustCompile(`\b` + p + `\b`) }

func plural(n int, unit, prefix string) string {
	return fmt.Sprintf("%s %d %ss", prefix, n, unit)
}

func lastWeek(now time.Time) span {
	s := monday(now)
	return span{Start: s.AddDate(0, 0, -7), End: s, Label: "last week"}
}

func lastMonth(now time.Time) span {
	m0 := month(now)
	return span{Start: m0.AddDate(0, -1, 0), End: m0, Label: "last month"}
}

// findSpan finds the first time phrase in q (normalised) relative to now
// and returns it with q minus the phrase. ok is false when q names no time.
func findSpan(q string, now time.Time) (span, string, bool) {
	best, bestLoc := span{}, []int(nil)
	for _, r := range timeRules {
		loc := r.re.FindStringSubmatchIndex(q)
		if loc == nil || (bestLoc != nil && loc[0] >= bestLoc[0]) {
			continue
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = q[loc[2*i]:loc[2*i+1]]
			}
		}
		s, ok := r.fn(m, now)
		if !ok {
			continue
		}
		s.Phrase = strings.TrimSpace(m[0])
		best, bestLoc = s, loc
	}
	if bestLoc == nil {
		return span{}, q, false
	}
	rest := strings.TrimSpace(q[:bestLoc[0]] + " " + q[bestLoc[1]:])
	return best, strings.Join(strings.Fields(rest), " "), true
}
