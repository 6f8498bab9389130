package skimmer_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

func repeat(vs []string, n int) []string {
	var out []string
	for len(out) < n {
		out = append(out, vs...)
	}
	return out[:n]
}

// TestClassifyThresholds proves a kind tags a column at 80% of the values,
// at 50% when the column's name names it, and not below.
func TestClassifyThresholds(t *testing.T) {
	mix := func(pii, n int) []string {
		var vs []string
		for i := 0; i < n; i++ {
			if i < pii {
				vs = append(vs, fmt.Sprintf("user%d@example.com", i))
			} else {
				vs = append(vs, fmt.Sprintf("n/a %d", i))
			}
		}
		return vs
	}
	cases := []struct {
		name string
		pii  int
		want string
	}{
		{"contact", 40, governance.TagEmail},
		{"contact", 32, governance.TagEmail},
		{"contact", 30, ""},
		{"email", 20, governance.TagEmail},
		{"email", 19, ""},
	}
	for _, c := range cases {
		got := skimmer.Classify(skimmer.Column{Name: c.name, Type: "VARCHAR", Values: mix(c.pii, 40)})
		if got.Tag != c.want {
			t.Errorf("%s with %d/40 e-mails: tag %q, want %q", c.name, c.pii, got.Tag, c.want)
		}
	}
}

// TestClassifyNameNeverOverrulesValues proves a column named for PII whose
// values are something else is not tagged, and that a name alone tags
// only a column with no values, with low confidence.
func TestClassifyNameNeverOverrulesValues(t *testing.T) {
	for _, c := range []skimmer.Column{
		{Name: "email", Type: "VARCHAR", Values: repeat([]string{"yes", "no"}, 30)},
		{Name: "phone_verified", Type: "BOOLEAN", Values: repeat([]string{"true", "false"}, 30)},
		{Name: "ssn", Type: "VARCHAR", Values: repeat([]string{"pending", "verified"}, 30)},
		{Name: "ip_address", Type: "VARCHAR", Values: repeat([]string{"v4", "v6"}, 30)},
		{Name: "customer_name", Type: "VARCHAR", Values: repeat([]string{"ACME-001", "GLOBEX-7"}, 30)},
		{Name: "app_version", Type: "VARCHAR", Values: repeat([]string{"10.4.1.2", "2.3.45.1"}, 30)},
	} {
		if got := skimmer.Classify(c); got.Tag != "" {
			t.Errorf("Classify(%s) = %q from %v; want no tag", c.Name, got.Tag, got.Evidence)
		}
	}
	got := skimmer.Classify(skimmer.Column{Name: "billing_email", Type: "VARCHAR"})
	if got.Tag != governance.TagEmail || got.Confidence > 0.5 || len(got.Evidence) != 1 || got.Evidence[0].Detector != "column name" {
		t.Errorf("Classify(billing_email, no values) = %+v", got)
	}
}

// TestClassifyConfidenceAndEvidence proves confidence grows with the share
// matched, with the sample and with a name that agrees, and that the
// evidence names the detectors and their shares.
func TestClassifyConfidenceAndEvidence(t *testing.T) {
	ips := repeat([]string{"203.0.113.7", "2001:db8::1", "198.51.100.23", "2606:4700::6810:84e5"}, 40)
	named := skimmer.Classify(skimmer.Column{Name: "client_ip", Type: "VARCHAR", Values: ips})
	plain := skimmer.Classify(skimmer.Column{Name: "origin", Type: "VARCHAR", Values: ips})
	few := skimmer.Classify(skimmer.Column{Name: "origin", Type: "VARCHAR", Values: ips[:4]})
	for _, c := range []skimmer.Classification{named, plain, few} {
		if c.Tag != governance.TagIP || c.Confidence <= 0 || c.Confidence > 1 {
			t.Fatalf("%+v", c)
		}
	}
	if !(named.Confidence > plain.Confidence && plain.Confidence > few.Confidence) {
		t.Errorf("confidence: named %.2f, plain %.2f, few values %.2f", named.Confidence, plain.Confidence, few.Confidence)
	}
	det := map[string]skimmer.Evidence{}
	for _, e := range named.Evidence {
		det[e.Detector] = e
	}
	if det["ipv4"].Matched != 20 || det["ipv6"].Matched != 20 || det["ipv4"].Share != 0.5 || det["ipv4"].Sampled != 40 {
		t.Errorf("evidence %+v", named.Evidence)
	}
	if _, ok := det["column name"]; !ok {
		t.Errorf("no column-name evidence in %+v", named.Evidence)
	}
}

// TestClassifyFreeText proves long text with PII in a meaningful share of
// values is free text, with the kinds inside counted per value, and that
// text without PII is not tagged.
func TestClassifyFreeText(t *testing.T) {
	clean := []string{
		"The dashboard takes a long time to load on Monday mornings, please look into it.",
		"We would like to upgrade to the business plan before the end of the quarter.",
		"Cache purge did not work for the images folder, we tried three times already.",
		"Thanks for the quick answer yesterday, everything works as expected now.",
	}
	body := append(repeat(clean, 16),
		"Please call me at +44 20 7946 0958 or write to ops@example.com about the outage.",
		"Our origin 203.0.113.7 is blocked since the change, can you have a look?",
		"New billing contact is Akira Tanaka, akira.tanaka@example.jp, from next month.",
		"The key AKIAIOSFODNN7EXAMPLE leaked in a public repository, please revoke it.",
	)
	got := skimmer.Classify(skimmer.Column{Name: "body", Type: "VARCHAR", Values: body})
	if got.Tag != governance.TagFreeText {
		t.Fatalf("Classify(body) = %+v", got)
	}
	want := map[string]int{governance.TagPhone: 1, governance.TagEmail: 2, governance.TagIP: 1,
		governance.TagPersonName: 1, governance.TagSecret: 1}
	if fmt.Sprint(got.Inside) != fmt.Sprint(want) {
		t.Errorf("Inside = %v, want %v", got.Inside, want)
	}
	if got := skimmer.Classify(skimmer.Column{Name: "body", Type: "VARCHAR", Values: repeat(clean, 40)}); got.Tag != "" {
		t.Errorf("clean text tagged %q", got.Tag)
	}
}

// TestClassifySkipsTypes proves dates, times, booleans and UUIDs get no
// tag from their values, and numbers get only the kinds numbers can be.
func TestClassifySkipsTypes(t *testing.T) {
	for _, c := range []skimmer.Column{
		{Name: "created_at", Type: "TIMESTAMP WITH TIME ZONE", Values: repeat([]string{"2026-12-06 12:00:00+00"}, 20)},
		{Name: "id", Type: "UUID", Values: repeat([]string{"550e8400-e29b-41d4-a716-446655440000"}, 20)},
		{Name: "ok", Type: "BOOLEAN", Values: repeat([]string{"true"}, 20)},
		{Name: "phone", Type: "DATE", Values: repeat([]string{"2026-12-06"}, 20)},
		{Name: "amount", Type: "DECIMAL(18,2)", Values: repeat([]string{"48.85", "2.29"}, 20)},
	} {
		if got := skimmer.Classify(c); got.Tag != "" {
			t.Errorf("Classify(%s %s) = %q", c.Name, c.Type, got.Tag)
		}
	}
	got := skimmer.Classify(skimmer.Column{Name: "card", Type: "BIGINT", Values: repeat([]string{"4111111111111111", "5555555555554444"}, 20)})
	if got.Tag != governance.TagCreditCard {
		t.Errorf("cards stored as BIGINT: %q", got.Tag)
	}
}

// TestClassificationHoldsNoValues proves nothing a classification holds or
// prints repeats a sampled value.
func TestClassificationHoldsNoValues(t *testing.T) {
	vals := []string{"maria.gonzalez@correo.es", "+44 20 7946 0958", "Maria González", "536-22-8726",
		"Please call Maria González at +44 20 7946 0958 about 4111 1111 1111 1111."}
	for _, c := range []skimmer.Column{
		{Name: "a", Type: "VARCHAR", Values: repeat(vals[:1], 20)},
		{Name: "b", Type: "VARCHAR", Values: repeat(vals, 20)},
		{Name: "c", Type: "VARCHAR", Values: repeat(vals[4:], 20)},
	} {
		out := fmt.Sprintf("%v %+v %#v", skimmer.Classify(c), skimmer.Classify(c), skimmer.Classify(c))
		for _, v := range vals {
			for _, part := range strings.Fields(v) {
				if len(part) > 6 && strings.Contains(out, part) {
					t.Errorf("classification of %s shows %q: %s", c.Name, part, out)
				}
			}
		}
	}
}

// TestClassifyMixedAndComposite proves a column mixing two kinds of PII is
// tagged by the more common one, and values that hold PII among other
// words ("Name <address>") are free text.
func TestClassifyMixedAndComposite(t *testing.T) {
	mixed := append(repeat([]string{"maria@example.com", "j.smith@example.org", "li.wei@example.cn"}, 25),
		repeat([]string{"+44 20 7946 0958", "+1 415 555 2671"}, 15)...)
	if got := skimmer.Classify(skimmer.Column{Name: "contact", Type: "VARCHAR", Values: mixed}); got.Tag != governance.TagEmail {
		t.Errorf("mixed contacts: %+v", got)
	}
	senders := repeat([]string{"Maria González <maria@example.com>", "John Smith <j.smith@example.org>", "support team <help@example.net>"}, 30)
	got := skimmer.Classify(skimmer.Column{Name: "sender", Type: "VARCHAR", Values: senders})
	if got.Tag != governance.TagFreeText || got.Inside[governance.TagEmail] != 30 || got.Inside[governance.TagPersonName] != 20 {
		t.Errorf("senders: %+v", got)
	}
}

// TestClassifyConcurrent proves Classify and ScanText may run on many
// columns at once (the lexicon and phone metadata load once, shared).
func TestClassifyConcurrent(t *testing.T) {
	cols := append(loadColumns(t), generatedColumns()...)
	want := make([]string, len(cols))
	for i, c := range cols {
		want[i] = skimmer.Classify(c.Column).Tag
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cols {
				if got := skimmer.Classify(c.Column).Tag; got != want[i] {
					t.Errorf("%s: %q concurrently, %q alone", c.Name, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}
