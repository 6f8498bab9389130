package skimmer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// TestScanTextOffsets proves matches give the exact byte offsets of each
// piece of PII, in order, without overlap, and that the text around them
// is not taken along.
func TestScanTextOffsets(t *testing.T) {
	text := "Hi, I'm Maria González (maria.g@example.com, +34 612 34 56 78). " +
		"Server 10.0.0.1:8443 and [2001:db8::1]:443 fail; card 4111-1111-1111-1111; " +
		"key AKIAIOSFODNN7EXAMPLE. Ship to 221B Baker Street. MAC 00:1a:2b:3c:4d:5e, " +
		"IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-8726, at 48.8584, 2.2945."
	want := []struct{ kind, text string }{
		{governance.TagPersonName, "Maria González"},
		{governance.TagEmail, "maria.g@example.com"},
		{governance.TagPhone, "+34 612 34 56 78"},
		{governance.TagIP, "10.0.0.1"},
		{governance.TagIP, "2001:db8::1"},
		{governance.TagCreditCard, "4111-1111-1111-1111"},
		{governance.TagSecret, "AKIAIOSFODNN7EXAMPLE"},
		{skimmer.KindAddress, "221B Baker Street"},
		{skimmer.KindMAC, "00:1a:2b:3c:4d:5e"},
		{skimmer.KindIBAN, "DE89 3704 0044 0532 0130 00"},
		{skimmer.KindSSN, "536-22-8726"},
		{skimmer.KindGeo, "48.8584, 2.2945"},
	}
	got := skimmer.ScanText(text)
	if len(got) != len(want) {
		t.Fatalf("ScanText found %d matches, want %d: %v", len(got), len(want), got)
	}
	for i, m := range got {
		if m.Kind != want[i].kind || text[m.Start:m.End] != want[i].text {
			t.Errorf("match %d = %s %q, want %s %q", i, m.Kind, text[m.Start:m.End], want[i].kind, want[i].text)
		}
		if i > 0 && m.Start < got[i-1].End {
			t.Errorf("match %d overlaps the one before", i)
		}
	}
}

// TestScanTextHardNegatives proves text full of numbers, hashes, versions
// and identifiers that look like PII yields nothing.
func TestScanTextHardNegatives(t *testing.T) {
	for _, text := range []string{
		"Upgraded from v10.4.1 to 10.5.0 on 2026-12-06 12:00; build 1.2.3.4567 is next.",
		"Order ORD-2026-000123 (1234567890123) shipped to zip 94107-1234 for $1,299.00.",
		"md5 d41d8cd98f00b204e9800998ecf8427e, sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"uuid 550e8400-e29b-41d4-a716-446655440000 at 20261206120000 on 06/12/2026.",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36",
		"GET https://example.com/api/v1/zones?page=3&per_page=50 took 1.2s at 12:30:45.",
		"std::vector<int> and dead::beef are code, not addresses; 10:30 is a time.",
		"Our Summer Sale and the Grace Period end on Monday; see Victoria Park.",
		"Per RFC 7230 section 8.1.2.6, listen on 127.0.0.1:8080, ::1 and 0.0.0.0.",
		"func TestH12_Head_ExplicitLen and http2cipher_TLS_KRB5_WITH_RC4_128_MD5 and BenchmarkAtof64RandomLongFloats",
		"riscv_HWPROBE_KEY_IMA_EXT_0 defaultCipherSuitesTLS13NoAES getUserAccountSettingsForTheCurrentSession2",
	} {
		if got := skimmer.ScanText(text); len(got) != 0 {
			var found []string
			for _, m := range got {
				found = append(found, m.Kind+" "+text[m.Start:m.End])
			}
			t.Errorf("ScanText(%q) found %s", text, strings.Join(found, "; "))
		}
	}
}

// TestMatchStringHasNoValue proves a match prints its kind and offsets
// only.
func TestMatchStringHasNoValue(t *testing.T) {
	text := "write to maria@example.com"
	ms := skimmer.ScanText(text)
	if len(ms) != 1 {
		t.Fatalf("want one match, got %v", ms)
	}
	if s := ms[0].String(); s != "email[9:26]" || strings.Contains(s, "maria") {
		t.Errorf("Match.String() = %q", s)
	}
}

// TestScanTextLinearTime proves ScanText stays linear on inputs built to
// make scanners backtrack: long words with many token starts, long digit
// runs, endless capitalised words, at signs and separators.
func TestScanTextLinearTime(t *testing.T) {
	const n = 1 << 20
	for _, unit := range []string{"ab:", "1", "1 ", "1-", "Maria ", "a@", "a.", "::", "+1 ", "DE89 ", "eyJ.", "A1b2C3d4", "12.", "(1", "x_"} {
		s := strings.Repeat(unit, n/len(unit))
		start := time.Now()
		skimmer.ScanText(s)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("ScanText of 1 MiB of %q took %v", unit, d)
		}
	}
}
