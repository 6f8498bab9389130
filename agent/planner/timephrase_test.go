package planner

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestTimePhrasesResolveToHalfOpenRangesRelativeToNow(t *testing.T) {
	cases := []struct {
		now, phrase string
		start, end  string
	}{
		// Wednesday 25 Nov 2026, mid-day.
		{"2026-11-25 12:00", "yesterday", "2026-11-24 00:00", "2026-11-25 00:00"},
		{"2026-11-25 12:00", "today", "2026-11-25 00:00", "2026-11-26 00:00"},
		{"2026-11-25 12:00", "in the last 24 hours", "2026-11-24 12:00", "2026-11-25 12:00"},
		{"2026-11-25 12:00", "last 7 days", "2026-11-18 00:00", "2026-11-25 00:00"},
		{"2026-11-25 12:00", "over the past thirty days", "2026-10-26 00:00", "2026-11-25 00:00"},
		{"2026-11-25 12:00", "this week", "2026-11-23 00:00", "2026-11-30 00:00"},
		{"2026-11-25 12:00", "last week", "2026-11-16 00:00", "2026-11-23 00:00"},
		{"2026-11-25 12:00", "last 2 weeks", "2026-11-11 00:00", "2026-11-25 00:00"},
		{"2026-11-25 12:00", "this month", "2026-11-01 00:00", "2026-12-01 00:00"},
		{"2026-11-25 12:00", "last month", "2026-10-01 00:00", "2026-11-01 00:00"},
		{"2026-11-25 12:00", "previous month", "2026-10-01 00:00", "2026-11-01 00:00"},
		{"2026-11-25 12:00", "the last 3 months", "2026-08-01 00:00", "2026-11-01 00:00"},
		{"2026-11-25 12:00", "three days ago", "2026-11-22 00:00", "2026-11-23 00:00"},
		{"2026-11-25 12:00", "in october", "2026-10-01 00:00", "2026-11-01 00:00"},
		{"2026-11-25 12:00", "in december", "2025-12-01 00:00", "2026-01-01 00:00"},
		// Month and year boundaries.
		{"2026-03-01 00:30", "yesterday", "2026-02-28 00:00", "2026-03-01 00:00"},
		{"2026-03-31 23:00", "last month", "2026-02-01 00:00", "2026-03-01 00:00"},
		{"2027-01-01 08:00", "last month", "2026-12-01 00:00", "2027-01-01 00:00"},
		{"2027-01-15 08:00", "last 3 months", "2026-10-01 00:00", "2027-01-01 00:00"},
		{"2027-01-01 08:00", "last year", "2026-01-01 00:00", "2027-01-01 00:00"},
		// ISO weeks start on Monday: on a Monday this week starts that day,
		// on a Sunday it started six days before.
		{"2026-11-23 09:00", "this week", "2026-11-23 00:00", "2026-11-30 00:00"},
		{"2026-11-23 09:00", "last week", "2026-11-16 00:00", "2026-11-23 00:00"},
		{"2026-11-29 23:59", "this week", "2026-11-23 00:00", "2026-11-30 00:00"},
		{"2026-11-29 23:59", "last week", "2026-11-16 00:00", "2026-11-23 00:00"},
		// A week across the new year.
		{"2027-01-01 10:00", "this week", "2026-12-28 00:00", "2027-01-04 00:00"},
	}
	for _, c := range cases {
		s, _, ok := findSpan(c.phrase, at(c.now))
		if !ok {
			t.Errorf("%q at %s: no time phrase found", c.phrase, c.now)
			continue
		}
		if !s.Start.Equal(at(c.start)) || !s.End.Equal(at(c.end)) {
			t.Errorf("%q at %s: [%s, %s), want [%s, %s)", c.phrase, c.now,
				s.Start.Format(time.DateTime), s.End.Format(time.DateTime), c.start, c.end)
		}
	}
}

func TestTimePhraseIsRemovedFromTheQuestion(t *testing.T) {
	_, rest, ok := findSpan("daily requests for the last 30 days", at("2026-11-25 12:00"))
	if !ok || rest != "daily requests" {
		t.Errorf("rest %q, ok %v", rest, ok)
	}
}

func TestTwoTimePhrasesAreFoundInTheOrderAsked(t *testing.T) {
	p := parse("Compare this week's requests with last week's", at("2026-11-25 12:00"))
	if len(p.spans) != 2 || p.spans[0].Label != "this week" || p.spans[1].Label != "last week" {
		t.Fatalf("spans %+v", p.spans)
	}
}

func TestMayTheVerbIsNotAMonth(t *testing.T) {
	if _, _, ok := findSpan("may i see the accounts", at("2026-11-25 12:00")); ok {
		t.Error("\"may\" was read as a month")
	}
}
