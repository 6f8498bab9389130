package skimmer_test

import (
	"testing"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// TestDetectKinds proves each detector recognises its kind in the formats
// people write it, and that what only looks like it is refused.
func TestDetectKinds(t *testing.T) {
	cases := []struct {
		value, want string
	}{
		// E-mail.
		{"maria.gonzalez@correo.es", governance.TagEmail},
		{"  dev+alerts@startup.example.io ", governance.TagEmail},
		{"o'brien@example.ie", governance.TagEmail},
		{"user@localhost", ""},
		{"logo@2x.png", ""},
		{"a@@example.com", ""},
		{".dot@example.com", ""}, // the address starts after the dot: the value is more than it
		{"@handle", ""},
		// Phones.
		{"+14155552671", governance.TagPhone},
		{"+44 20 7946 0958", governance.TagPhone},
		{"+44 (0)20 7946 0958", governance.TagPhone},
		{"(415) 555-2671", governance.TagPhone},
		{"415.555.2671", governance.TagPhone},
		{"1-415-555-2671", governance.TagPhone},
		{"020 7946 0958", governance.TagPhone},
		{"06 12 34 56 78", governance.TagPhone},
		{"0044 20 7946 0958", governance.TagPhone},
		{"+1 415-555-2671 ext. 204", governance.TagPhone},
		{"(415) 555-2671 x12", governance.TagPhone},
		{"+1 415-555-2671 extra", ""},
		{"4155552671", ""},     // a bare run of digits, without a column to say so
		{"+1 555 0100", ""},    // too short for its country
		{"+99 1234 5678", ""},  // no such calling code
		{"2026-12-06", ""},     // a date
		{"06/12/2026", ""},     // a date
		{"2026 12 06 12", ""},  // a timestamp
		{"20261206120000", ""}, // a timestamp
		{"12:30:45", ""},       // a time
		// IPs.
		{"203.0.113.7", governance.TagIP},
		{"10.0.0.0/8", governance.TagIP},
		{"2001:db8::1", governance.TagIP},
		{"fe80::1%eth0", governance.TagIP},
		{"::ffff:192.0.2.128", governance.TagIP},
		{"256.1.1.1", ""},
		{"1.2.3", ""},
		{"1.2.3.4.5", ""},
		{"01.02.03.04", ""},
		{"dead::beef", ""}, // no digit: a word in code, not an address
		// Cards.
		{"4111 1111 1111 1111", governance.TagCreditCard},
		{"4111-1111-1111-1111", governance.TagCreditCard},
		{"378282246310005", governance.TagCreditCard},
		{"3782 822463 10005", governance.TagCreditCard},
		{"5555555555554444", governance.TagCreditCard},
		{"4111111111111112", ""},    // Luhn fails
		{"1234567812345670", ""},    // Luhn passes, no network starts with 1
		{"378282246310005 0", ""},   // a stray group
		{"4111 1111-1111 1111", ""}, // mixed separators
		// IBANs.
		{"DE89 3704 0044 0532 0130 00", skimmer.KindIBAN},
		{"GB82WEST12345698765432", skimmer.KindIBAN},
		{"NO9386011117947", skimmer.KindIBAN},
		{"DE89 3704 0044 0532 0130 01", ""}, // check digits fail
		{"DE89370400440532013", ""},         // too short for Germany
		{"XX89370400440532013000", ""},      // no such country
		// SSNs.
		{"536-22-8726", skimmer.KindSSN},
		{"000-12-3456", ""},
		{"666-12-3456", ""},
		{"912-12-3456", ""},
		{"536-00-8726", ""},
		{"536-22-0000", ""},
		{"078-05-1120", ""},
		{"536228726", ""}, // bare digits need a column named for SSNs
		// Secrets.
		{"AKIAIOSFODNN7EXAMPLE", governance.TagSecret},
		{"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", governance.TagSecret},
		{"xoxb-2048176354-5098264711-aZ3kP9qLm2Xv8RtY6wNb4JcD", governance.TagSecret},
		{"sk_test_4eC39HqLyjWDarjtT1zdp7dc", governance.TagSecret},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", governance.TagSecret},
		{"kR7pQ2xLm9ZbT4vN8sYc3WfJ6hGd1aE5", governance.TagSecret},
		{"eyJub3RhbGciOjF9.eyJzdWIiOiIxIn0.c2ln", ""},        // a JWT-like header without "alg"
		{"d41d8cd98f00b204e9800998ecf8427e", ""},             // MD5
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", ""},     // SHA-1
		{"550e8400-e29b-41d4-a716-446655440000", ""},         // UUID
		{"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", ""}, // base64 SHA-256
		{"ThisIsAVeryLongIdentifierNameWithoutDigits", ""},   // no digits
		{"getUserAccountSettingsForTheCurrentSession2", ""},  // words
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7x\n-----END RSA PRIVATE KEY-----", governance.TagSecret},
		{"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0B\n-----END PUBLIC KEY-----", ""},
		{"AKIA1234", ""}, // too short for a key
		{"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", ""}, // SRI
		// Names.
		{"Maria González", governance.TagPersonName},
		{"GONZÁLEZ, Maria", governance.TagPersonName},
		{"Jean-Luc Picard", governance.TagPersonName},
		{"Ingrid van der Berg", governance.TagPersonName},
		{"Wang Wei", governance.TagPersonName},
		{"maria gonzalez", governance.TagPersonName},
		{"Dr. Amina Okafor", governance.TagPersonName},
		{"Grace Period", ""},
		{"Summer Sale", ""},
		{"San Jose", ""},
		{"Acme Corp", ""},
		{"Maria", ""},
		{"The Smith Group", ""},
		// Addresses.
		{"221B Baker Street", skimmer.KindAddress},
		{"1600 Pennsylvania Ave NW, Washington, DC 20500", skimmer.KindAddress},
		{"12 rue de la Paix, 75002 Paris", skimmer.KindAddress},
		{"Hauptstraße 5, 10115 Berlin", skimmer.KindAddress},
		{"Calle de Alcalá 42", skimmer.KindAddress},
		{"ul. Marszałkowska 10/12", skimmer.KindAddress},
		{"Rua Augusta, 100", skimmer.KindAddress},
		{"3 hours on the way", ""},
		{"Chapter 12 Court", ""},
		{"Spring 2026", ""},
		// MACs.
		{"00:1a:2b:3c:4d:5e", skimmer.KindMAC},
		{"00-1A-2B-3C-4D-5E", skimmer.KindMAC},
		{"001a.2b3c.4d5e", skimmer.KindMAC},
		{"00:1a:2b:3c:4d", ""},
		{"00:1a-2b:3c:4d:5e", ""},
		// Coordinates.
		{"48.8584, 2.2945", skimmer.KindGeo},
		{"-33.8688,151.2093", skimmer.KindGeo},
		{"51.5007° N, 0.1246° W", skimmer.KindGeo},
		{"POINT(2.2945 48.8584)", skimmer.KindGeo},
		{"91.0000, 2.2945", ""}, // latitude out of range
		{"12.99, 4.50", ""},     // prices
		{"48.8584", ""},         // one number, without a column to say so
		// Nothing.
		{"", ""}, {"   ", ""}, {"v10.4.1", ""}, {"ORD-2026-000123", ""}, {"1234567890123", ""},
		{"$1,299.00", ""}, {"US", ""}, {"94107", ""}, {"banana", ""},
		{"https://example.com/docs?page=2", ""},
	}
	for _, c := range cases {
		got, ok := skimmer.Detect(c.value)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Detect(%q) = %q, %v; want %q", c.value, got, ok, c.want)
		}
	}
}

// TestDetectWithColumnHints proves that bare digits count as phones, SSNs
// and coordinates only in a column named for them.
func TestDetectWithColumnHints(t *testing.T) {
	vals := func(vs ...string) []string { return vs }
	cases := []struct {
		col  skimmer.Column
		want string
	}{
		{skimmer.Column{Name: "mobile", Type: "BIGINT", Values: vals("4155552671", "2125550123", "6465553890")}, governance.TagPhone},
		{skimmer.Column{Name: "order_id", Type: "BIGINT", Values: vals("4155552671", "2125550123", "6465553890")}, ""},
		{skimmer.Column{Name: "ssn", Type: "VARCHAR", Values: vals("536228726", "401862241", "219453098")}, skimmer.KindSSN},
		{skimmer.Column{Name: "zip9", Type: "VARCHAR", Values: vals("536228726", "401862241", "219453098")}, ""},
		{skimmer.Column{Name: "latitude", Type: "DOUBLE", Values: vals("48.8584", "-33.8688", "40.7128")}, skimmer.KindGeo},
		{skimmer.Column{Name: "latency", Type: "DOUBLE", Values: vals("48.8584", "-33.8688", "40.7128")}, ""},
		{skimmer.Column{Name: "lng", Type: "DOUBLE", Values: vals("2.2945", "151.2093", "-74.006")}, skimmer.KindGeo},
		{skimmer.Column{Name: "lat", Type: "DOUBLE", Values: vals("148.8584", "133.8688", "140.7128")}, ""},
	}
	for _, c := range cases {
		if got := skimmer.Classify(c.col); got.Tag != c.want {
			t.Errorf("Classify(%s %s) = %q, want %q (%v)", c.col.Name, c.col.Type, got.Tag, c.want, got.Evidence)
		}
	}
}

// TestContainedShare proves the scanner's join helper counts values found
// among the keys.
func TestContainedShare(t *testing.T) {
	keys := map[string]struct{}{"u_1": {}, "u_2": {}, "u_3": {}}
	if got := skimmer.ContainedShare([]string{"u_1", " u_2 ", "u_9", "x"}, keys); got != 0.5 {
		t.Errorf("ContainedShare = %v, want 0.5", got)
	}
	if got := skimmer.ContainedShare(nil, keys); got != 0 {
		t.Errorf("ContainedShare(nil) = %v, want 0", got)
	}
	if got := skimmer.ContainedShare([]string{"u_1"}, nil); got != 0 {
		t.Errorf("ContainedShare(no keys) = %v, want 0", got)
	}
}
