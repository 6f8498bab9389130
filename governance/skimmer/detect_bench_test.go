package skimmer_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/governance/skimmer"
)

// Throughput of the detectors, in MB/s of sampled text per core:
//
//	go test -tags duckdb_arrow -run '^$' -bench BenchmarkDetect -cpu 1 ./governance/skimmer

// mixedText is realistic free text: support tickets and notes, most of
// them without PII, some with one or two pieces of it.
func mixedText(tb testing.TB, size int) []string {
	g := newGen(7)
	prose := []string{
		"Hi team, the dashboard has been slow since the last release and the analytics page times out.",
		"We upgraded the agent from 2.3.1 to 2.4.0 on all hosts; errors dropped but latency is still high.",
		"Could you check why our cache hit ratio fell to 62% after the change on 2026-12-01 12:00?",
		"The invoice for November lists three zones but we only have two, please correct it.",
		"Order ORD-2026-004821 was charged twice; the receipt number is 1234567890123.",
		"Thanks for the quick fix yesterday, everything looks good on our side now.",
		"Requests to /api/v1/zones?page=3 return 429 even though we stay under the documented limit.",
		"Firefox 121.0 on Windows shows a blank page, Chrome/120.0.0.0 works fine.",
		"The build d41d8cd98f00b204e9800998ecf8427e is the one that introduced the regression.",
		"Please enable the beta for our Enterprise plan; our account manager said it was possible.",
	}
	var lines []string
	for _, l := range loadText(tb) {
		lines = append(lines, l.Text)
	}
	var out []string
	n := 0
	for n < size {
		var s string
		if g.r.IntN(4) == 0 {
			s = g.pick(prose) + " " + g.pick(lines) + " " + g.pick(prose)
		} else {
			s = g.pick(prose) + " " + g.pick(prose)
		}
		out = append(out, s)
		n += len(s)
	}
	return out
}

func BenchmarkDetectScanText(b *testing.B) {
	texts := mixedText(b, 1<<20)
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			skimmer.ScanText(t)
		}
	}
}

func BenchmarkDetectClassify(b *testing.B) {
	sets := map[string][]skimmer.Column{}
	for _, c := range append(loadColumns(b), generatedColumns()...) {
		sets["quality-set"] = append(sets["quality-set"], c.Column)
	}
	sets["ticket-table"] = ticketTable(b, 1000)
	for _, name := range []string{"quality-set", "ticket-table"} {
		cols := sets[name]
		total := 0
		for _, c := range cols {
			for _, v := range c.Values {
				total += len(v)
			}
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(total))
			for i := 0; i < b.N; i++ {
				for _, c := range cols {
					skimmer.Classify(c)
				}
			}
		})
	}
}

func BenchmarkDetectValue(b *testing.B) {
	var vals []string
	total := 0
	for _, c := range append(loadColumns(b), generatedColumns()...) {
		for _, v := range c.Values {
			vals = append(vals, v)
			total += len(v)
		}
	}
	b.SetBytes(int64(total))
	for i := 0; i < b.N; i++ {
		for _, v := range vals {
			skimmer.Detect(v)
		}
	}
}

// ticketTable is a sample of rows of a support-ticket table as Skimmer
// sees it: IDs, times, short enums, contact columns and a free-text body.
func ticketTable(tb testing.TB, rows int) []skimmer.Column {
	g := newGen(11)
	texts := mixedText(tb, rows*200)
	cols := []skimmer.Column{
		{Name: "ticket_id", Type: "BIGINT"}, {Name: "account_id", Type: "BIGINT"},
		{Name: "created_at", Type: "VARCHAR"}, {Name: "channel", Type: "VARCHAR"},
		{Name: "requester_email", Type: "VARCHAR"}, {Name: "requester_phone", Type: "VARCHAR"},
		{Name: "client_ip", Type: "VARCHAR"}, {Name: "subject", Type: "VARCHAR"},
		{Name: "body", Type: "VARCHAR"}, {Name: "priority", Type: "VARCHAR"},
	}
	for r := 0; r < rows; r++ {
		first, last := strings.ToLower(fold(g.pick(testGiven))), strings.ToLower(fold(g.pick(testSurnames)))
		vals := []string{
			fmt.Sprint(100000 + r), fmt.Sprint(1 + g.r.IntN(5000)),
			fmt.Sprintf("2026-%02d-%02d %02d:%02d:%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60)),
			g.pick([]string{"email", "chat", "phone"}),
			first + "." + last + "@" + g.pick(testDomains),
			fmt.Sprintf("+1 415 555 %04d", 2000+g.r.IntN(7000)),
			fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(222), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254)),
			g.pick([]string{"Dashboard slow", "Invoice question", "API rate limits", "SSL error", "Cannot log in"}),
			texts[r%len(texts)],
			g.pick([]string{"low", "normal", "high", "urgent"}),
		}
		for k := range cols {
			cols[k].Values = append(cols[k].Values, vals[k])
		}
	}
	return cols
}

// BenchmarkDetectRegexpBaseline is what ScanText is measured against: one
// regular expression for only four of its kinds (e-mail, IPv4, card-like
// and phone-like digit runs), with no validation at all, over the same text.
func BenchmarkDetectRegexpBaseline(b *testing.B) {
	re := regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\b\d{1,3}(?:\.\d{1,3}){3}\b|\b(?:\d[ -]?){13,19}\b|\+?\(?\d[\d ().-]{6,}\d`)
	texts := mixedText(b, 1<<20)
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			re.FindAllStringIndex(t, -1)
		}
	}
}
