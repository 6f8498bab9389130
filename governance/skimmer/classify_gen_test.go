package skimmer_test

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"math/rand/v2"
	"net/netip"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
)

// labelled is one column of the quality set with the kind it holds.
type labelled struct {
	skimmer.Column
	Want string // "" for no PII
	From string // "testdata" or "generated"
}

// gen makes labelled columns deterministically: the same seed, the same
// columns.
type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, seed^0x5eed))} }

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}
func (g *gen) from(charset string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = charset[g.r.IntN(len(charset))]
	}
	return string(b)
}

const (
	base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upper0 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexLow = "0123456789abcdef"
)

// Names for generated values, chosen for the test (common names of many
// countries; the lexicon must know most but not all of them).
var (
	testGiven = []string{"Olivia", "Liam", "Sofía", "Mateo", "Emma", "Noah", "Léa", "Hugo", "Mia",
		"Ben", "Giulia", "Marco", "Anna", "Jakub", "Yuki", "Haruto", "Priya", "Arjun", "Wei",
		"Fatima", "Omar", "Chioma", "Kwame", "Ingrid", "Lars", "Ana", "João", "Elena", "Dmitri",
		"Zeynep", "Emre", "Aoife", "Minjun", "Linh", "Tamar", "Nadia", "Rafael", "Camille", "Sven", "Amara"}
	testSurnames = []string{"Smith", "García", "Müller", "Rossi", "Dubois", "Nowak", "Tanaka",
		"Sharma", "Chen", "Okafor", "Mensah", "Andersson", "Silva", "Ivanova", "Yılmaz", "Murphy",
		"Kim", "Nguyen", "Cohen", "Hassan", "Kowalski", "Jansen", "Fernández", "Papadopoulos",
		"Nakamura", "Patel", "Novak", "Lindqvist", "Moreau", "Hoffmann", "Okonkwo", "Herrera",
		"Quispe", "Osei", "Virtanen", "Reddy", "Khan", "Lopes", "Bianchi", "Wright"}
	testDomains = []string{"example.com", "example.org", "mail.example.net", "example.co.uk",
		"example.de", "correo.example.es", "example.com.br", "example.jp", "corp.example.io"}
	testStreets = []string{"Maple", "Oak", "Church", "Station", "Victoria", "Elm", "Park", "High",
		"Mill", "Lincoln", "Washington", "Cedar", "Highland", "Sunset", "Riverside", "King"}
	testSuffixes = []string{"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive",
		"Boulevard", "Court", "Place", "Way", "Terrace"}
	testCities = []string{"Springfield", "Portland", "Bristol", "Leeds", "Austin", "Toronto",
		"Dublin", "Melbourne", "Auckland", "Cardiff"}
)

// generatedColumns is the generated half of the quality set: for every
// kind, columns of several formats, names and types; and negatives.
func generatedColumns() []labelled {
	g := newGen(2026)
	var out []labelled
	add := func(name, typ, want string, n int, f func(i int) string) {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = f(i)
		}
		out = append(out, labelled{Column: skimmer.Column{Name: name, Type: typ, Values: vals}, Want: want, From: "generated"})
	}
	const n = 40
	// E-mail addresses.
	for k, name := range []string{"email", "user_email", "contact", "login", "EmailAddress", "reply_to"} {
		add(name, "VARCHAR", governance.TagEmail, n, func(i int) string {
			first, last := strings.ToLower(fold(g.pick(testGiven))), strings.ToLower(fold(g.pick(testSurnames)))
			switch (i + k) % 4 {
			case 0:
				return first + "." + last + "@" + g.pick(testDomains)
			case 1:
				return first[:1] + last + g.digits(2) + "@" + g.pick(testDomains)
			case 2:
				return first + "+" + g.pick([]string{"billing", "news", "dev"}) + "@" + g.pick(testDomains)
			}
			return strings.ToUpper(first[:1]) + first[1:] + "_" + last + "@" + g.pick(testDomains)
		})
	}
	// Phone numbers, by country and format.
	regions := []string{"US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "SE", "PL",
		"JP", "KR", "CN", "IN", "BR", "MX", "AU", "NZ", "ZA", "NG", "KE", "EG", "TR", "IL", "AR", "SG"}
	phone := func(region string, typ phonenumbers.PhoneNumberType) *phonenumbers.PhoneNumber {
		ex := phonenumbers.GetExampleNumberForType(region, typ)
		if ex == nil {
			return nil
		}
		for try := 0; try < 50; try++ {
			nsn := fmt.Sprint(ex.GetNationalNumber())
			nsn = nsn[:len(nsn)-3] + g.digits(3)
			p, err := phonenumbers.Parse("+"+fmt.Sprint(ex.GetCountryCode())+nsn, "")
			if err == nil && phonenumbers.IsValidNumber(p) {
				return p
			}
		}
		return ex
	}
	formats := []struct {
		name   string
		format phonenumbers.PhoneNumberFormat
		only   []string // regions whose national format is written with a trunk 0 (or NANP)
	}{
		{"phone", phonenumbers.E164, nil},
		{"phone_number", phonenumbers.INTERNATIONAL, nil},
		{"mobile", phonenumbers.INTERNATIONAL, nil},
		{"tel", phonenumbers.NATIONAL, []string{"GB", "DE", "FR", "NL", "AU", "JP", "IN", "ZA"}},
		{"contact_phone", phonenumbers.NATIONAL, []string{"US"}},
	}
	for _, f := range formats {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE} {
			add(f.name, "VARCHAR", governance.TagPhone, n, func(i int) string {
				rs := regions
				if f.only != nil {
					rs = f.only
				}
				p := phone(rs[i%len(rs)], typ)
				return phonenumbers.Format(p, f.format)
			})
		}
	}
	// IP addresses.
	add("client_ip", "VARCHAR", governance.TagIP, n, func(int) string {
		return fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(222), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	})
	add("remote_addr", "VARCHAR", governance.TagIP, n, func(i int) string {
		var b [16]byte
		b[0], b[1] = 0x20, 0x01
		for k := 2; k < 16; k++ {
			if i%3 == 0 && k > 8 && k < 14 {
				continue // zeros, compressed as ::
			}
			b[k] = byte(g.r.IntN(256))
		}
		return netip.AddrFrom16(b).String()
	})
	add("origin", "VARCHAR", governance.TagIP, n, func(i int) string {
		if i%2 == 0 {
			return fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(222), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
		}
		return fmt.Sprintf("2606:4700:%x::%x", g.r.IntN(65536), 1+g.r.IntN(65535))
	})
	// Card numbers.
	for k, name := range []string{"card_number", "cc", "payment_card", "pan"} {
		add(name, "VARCHAR", governance.TagCreditCard, n, func(i int) string {
			return card(g, (i+k)%4, k)
		})
	}
	// IBANs.
	for k, name := range []string{"iban", "bank_account", "payout_iban"} {
		add(name, "VARCHAR", skimmer.KindIBAN, n, func(i int) string { return iban(g, i, k == 1) })
	}
	// Social security numbers.
	add("ssn", "VARCHAR", skimmer.KindSSN, n, func(int) string { return ssn(g, "-") })
	add("employee_ssn", "VARCHAR", skimmer.KindSSN, n, func(int) string { return ssn(g, "") })
	add("tax_ref", "VARCHAR", skimmer.KindSSN, n, func(int) string { return ssn(g, "-") })
	// Secrets.
	add("api_key", "VARCHAR", governance.TagSecret, n, func(i int) string {
		switch i % 5 {
		case 0:
			return "AKIA" + g.from(upper0, 16)
		case 1:
			return "ghp_" + g.from(base62, 36)
		case 2:
			return "xoxb-" + g.digits(12) + "-" + g.digits(13) + "-" + g.from(base62, 24)
		case 3:
			return "sk_live_" + g.from(base62, 24)
		}
		return "AIza" + g.from(base62+"_-", 35)
	})
	add("client_secret", "VARCHAR", governance.TagSecret, n, func(int) string { return g.from(base62, 32+g.r.IntN(9)) })
	add("access_token", "VARCHAR", governance.TagSecret, n, func(int) string { return jwt(g) })
	add("credentials", "VARCHAR", governance.TagSecret, n, func(int) string {
		return g.pick([]string{"github_pat_", "glpat-", "xoxp-", "rk_live_"}) + g.from(base62, 30)
	})
	// People's names.
	for k, name := range []string{"customer_name", "full_name", "contact", "assignee", "signed_by"} {
		add(name, "VARCHAR", governance.TagPersonName, n, func(i int) string {
			first, last := g.pick(testGiven), g.pick(testSurnames)
			switch (i + k) % 5 {
			case 0:
				return first + " " + last
			case 1:
				return first + " " + g.pick(testGiven)[:1] + ". " + last
			case 2:
				return last + ", " + first
			case 3:
				return first + " " + last + "-" + g.pick(testSurnames)
			}
			return first + " " + last
		})
	}
	// Street addresses.
	for k, name := range []string{"address", "shipping_address", "street", "location"} {
		add(name, "VARCHAR", skimmer.KindAddress, n, func(i int) string { return address(g, i+k) })
	}
	// MAC addresses.
	for k, name := range []string{"mac", "device", "bssid"} {
		add(name, "VARCHAR", skimmer.KindMAC, n, func(i int) string { return mac(g, (i+k)%3) })
	}
	// Coordinates.
	add("coords", "VARCHAR", skimmer.KindGeo, n, func(i int) string {
		lat, lon := -80+160*g.r.Float64(), -179+358*g.r.Float64()
		if i%2 == 0 {
			return fmt.Sprintf("%.5f, %.5f", lat, lon)
		}
		return fmt.Sprintf("%.4f,%.6f", lat, lon)
	})
	add("pickup_lat", "DOUBLE", skimmer.KindGeo, n, func(int) string {
		return fmt.Sprintf("%.6g", -80+160*g.r.Float64())
	})
	add("dropoff_lng", "DOUBLE", skimmer.KindGeo, n, func(int) string {
		return fmt.Sprintf("%.7g", -179+358*g.r.Float64())
	})
	out = append(out, generatedNegatives(g)...)
	return out
}

// card makes a valid card number of one of several networks, bare, spaced
// or hyphenated.
func card(g *gen, format, network int) string {
	iin := []struct {
		prefix string
		n      int
	}{{"4", 16}, {"51", 16}, {"37", 15}, {"6011", 16}, {"2221", 16}, {"3528", 16}, {"4", 13}, {"62", 16}}[(format*3+network+g.r.IntN(8))%8]
	body := iin.prefix + g.digits(iin.n-len(iin.prefix)-1)
	sum := 0
	for k := 0; k < len(body); k++ {
		x := int(body[len(body)-1-k] - '0')
		if k%2 == 0 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	d := body + string(rune('0'+(10-sum%10)%10))
	sep := []string{"", " ", "-", ""}[format]
	if sep == "" {
		return d
	}
	if len(d) == 15 {
		return d[:4] + sep + d[4:10] + sep + d[10:]
	}
	var parts []string
	for k := 0; k < len(d); k += 4 {
		parts = append(parts, d[k:min(k+4, len(d))])
	}
	return strings.Join(parts, sep)
}

// iban makes a valid IBAN of one of several countries (letters in the
// bank code where the country has them), grouped or not.
func iban(g *gen, i int, bare bool) string {
	cs := []struct {
		cc      string
		n       int
		letters int
	}{{"DE", 22, 0}, {"GB", 22, 4}, {"FR", 27, 0}, {"ES", 24, 0}, {"IT", 27, 1}, {"NL", 18, 4},
		{"BE", 16, 0}, {"CH", 21, 0}, {"PL", 28, 0}, {"SE", 24, 0}, {"IE", 22, 4}, {"PT", 25, 0},
		{"AT", 20, 0}, {"NO", 15, 0}, {"BR", 29, 0}, {"SA", 24, 0}, {"TR", 26, 0}}
	c := cs[i%len(cs)]
	bban := g.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c.letters) + g.digits(c.n-4-c.letters)
	num := ""
	for _, ch := range bban + c.cc + "00" {
		if ch >= 'A' && ch <= 'Z' {
			num += fmt.Sprint(int(ch-'A') + 10)
		} else {
			num += string(ch)
		}
	}
	v, _ := new(big.Int).SetString(num, 10)
	check := 98 - new(big.Int).Mod(v, big.NewInt(97)).Int64()
	s := fmt.Sprintf("%s%02d%s", c.cc, check, bban)
	if bare || i%2 == 1 {
		return s
	}
	var parts []string
	for k := 0; k < len(s); k += 4 {
		parts = append(parts, s[k:min(k+4, len(s))])
	}
	return strings.Join(parts, " ")
}

func ssn(g *gen, sep string) string {
	area := 1 + g.r.IntN(898)
	if area == 666 {
		area = 667
	}
	return fmt.Sprintf("%03d%s%02d%s%04d", area, sep, 1+g.r.IntN(99), sep, 1+g.r.IntN(9999))
}

func jwt(g *gen) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(fmt.Sprintf(`{"alg":"%s","typ":"JWT"}`, g.pick([]string{"HS256", "RS256", "ES256"}))))
	body := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"u_%s","exp":%d}`, g.digits(6), 1790000000+g.r.IntN(1e7))))
	sig := make([]byte, 32)
	for k := range sig {
		sig[k] = byte(g.r.IntN(256))
	}
	return head + "." + body + "." + enc.EncodeToString(sig)
}

func address(g *gen, i int) string {
	num := fmt.Sprint(1 + g.r.IntN(2500))
	switch i % 6 {
	case 0:
		return num + " " + g.pick(testStreets) + " " + g.pick(testSuffixes)
	case 1:
		return num + " " + g.pick(testStreets) + " " + g.pick(testSuffixes) + ", " + g.pick(testCities)
	case 2:
		return num + " " + g.pick([]string{"rue", "avenue", "boulevard", "place"}) + " " +
			g.pick([]string{"de la Paix", "Victor Hugo", "du Général Leclerc", "des Lilas", "Saint-Martin"}) + ", " + g.digits(5) + " Paris"
	case 3:
		return g.pick([]string{"Haupt", "Bahnhof", "Linden", "Schiller", "Garten", "Kirch"}) +
			g.pick([]string{"straße", "strasse", "weg", "gasse", "allee"}) + " " + num
	case 4:
		return g.pick([]string{"Calle", "Via", "Rua", "Avenida"}) + " " +
			g.pick([]string{"Mayor", "Roma", "Garibaldi", "das Flores", "de la Constitución", "Augusta"}) + " " + num
	}
	return num + " " + g.pick(testStreets) + " " + g.pick(testSuffixes) + ", Apt " + fmt.Sprint(1+g.r.IntN(40)) + ", " + g.pick(testCities) + " " + g.digits(5)
}

func mac(g *gen, format int) string {
	b := g.from(hexLow, 12)
	if format == 1 {
		b = strings.ToUpper(b)
	}
	switch format {
	case 0:
		return b[0:2] + ":" + b[2:4] + ":" + b[4:6] + ":" + b[6:8] + ":" + b[8:10] + ":" + b[10:12]
	case 1:
		return b[0:2] + "-" + b[2:4] + "-" + b[4:6] + "-" + b[6:8] + "-" + b[8:10] + "-" + b[10:12]
	}
	return b[0:4] + "." + b[4:8] + "." + b[8:12]
}

// fold drops the accents of the test names for e-mail addresses.
func fold(s string) string {
	return strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ã", "a", "ü", "u", "ı", "i").Replace(s)
}

// generatedNegatives are columns without PII that look like some: the
// hard negatives of the quality set.
func generatedNegatives(g *gen) []labelled {
	var out []labelled
	add := func(name, typ string, f func(i int) string) {
		vals := make([]string, 40)
		for i := range vals {
			vals[i] = f(i)
		}
		out = append(out, labelled{Column: skimmer.Column{Name: name, Type: typ, Values: vals}, From: "generated"})
	}
	sum := func(i int) []byte { return []byte(fmt.Sprint("payload-", i, g.digits(8))) }
	add("version", "VARCHAR", func(int) string {
		return fmt.Sprintf("%s%d.%d.%d", g.pick([]string{"", "v"}), g.r.IntN(20), g.r.IntN(30), g.r.IntN(200))
	})
	add("build_version", "VARCHAR", func(int) string {
		return fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(20), g.r.IntN(30), g.r.IntN(200), g.r.IntN(9999))
	})
	add("order_no", "VARCHAR", func(int) string { return "ORD-" + fmt.Sprint(2020+g.r.IntN(7)) + "-" + g.digits(6) })
	add("order_id", "BIGINT", func(int) string { return fmt.Sprint(1+g.r.IntN(9)) + g.digits(12) })
	add("invoice_id", "BIGINT", func(int) string { return fmt.Sprint(100000 + g.r.IntN(900000)) })
	add("md5", "VARCHAR", func(i int) string { h := md5.Sum(sum(i)); return hex.EncodeToString(h[:]) })
	add("sha1", "VARCHAR", func(i int) string { h := sha1.Sum(sum(i)); return hex.EncodeToString(h[:]) })
	add("content_sha256", "VARCHAR", func(i int) string { h := sha256.Sum256(sum(i)); return hex.EncodeToString(h[:]) })
	add("body_digest", "VARCHAR", func(i int) string { h := sha256.Sum256(sum(i)); return base64.StdEncoding.EncodeToString(h[:]) })
	add("etag", "VARCHAR", func(i int) string { h := md5.Sum(sum(i)); return `"` + hex.EncodeToString(h[:]) + `"` })
	add("request_uuid", "VARCHAR", func(int) string {
		b := g.from(hexLow, 32)
		return b[:8] + "-" + b[8:12] + "-4" + b[13:16] + "-a" + b[17:20] + "-" + b[20:]
	})
	add("event_id", "VARCHAR", func(int) string { return g.from(base62, 27) }) // KSUIDs: random, but IDs
	add("ts", "VARCHAR", func(int) string {
		return fmt.Sprintf("2026%02d%02d%02d%02d%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
	})
	add("event_at", "VARCHAR", func(int) string {
		return fmt.Sprintf("2026-%02d-%02d %02d:%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60))
	})
	add("created", "TIMESTAMP", func(int) string {
		return fmt.Sprintf("2026-%02d-%02d %02d:%02d:00", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60))
	})
	add("day", "VARCHAR", func(i int) string {
		d, m := 1+g.r.IntN(28), 1+g.r.IntN(12)
		return []string{fmt.Sprintf("%02d/%02d/2026", d, m), fmt.Sprintf("%02d.%02d.2026", d, m), fmt.Sprintf("2026/%02d/%02d", m, d)}[i%3]
	})
	add("postcode", "VARCHAR", func(i int) string {
		if i%3 == 0 {
			return g.digits(5) + "-" + g.digits(4)
		}
		return fmt.Sprint(10000 + g.r.IntN(89999))
	})
	add("price", "VARCHAR", func(int) string {
		return fmt.Sprintf("%s%d.%02d", g.pick([]string{"$", "€", "£", ""}), g.r.IntN(2000), g.r.IntN(100))
	})
	add("unit_price", "DOUBLE", func(int) string { return fmt.Sprintf("%.2f", 100*g.r.Float64()) })
	add("latency_ms", "DOUBLE", func(int) string { return fmt.Sprintf("%.3f", 500*g.r.Float64()) })
	add("sku", "VARCHAR", func(int) string {
		return g.pick([]string{"SKU", "PRD", "ACC"}) + "-" + g.digits(5) + "-" + g.pick([]string{"BLK", "RED", "XL", "M"})
	})
	add("country_code", "VARCHAR", func(int) string {
		return g.pick([]string{"US", "DE", "FR", "JP", "BR", "IN", "NG", "GB", "ES", "IT", "NL", "SE"})
	})
	add("ua", "VARCHAR", func(int) string {
		return fmt.Sprintf("Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36",
			g.pick([]string{"Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "Macintosh; Intel Mac OS X 10_15_7"}),
			100+g.r.IntN(30), g.r.IntN(7000), g.r.IntN(200))
	})
	add("url", "VARCHAR", func(int) string {
		return "https://" + g.pick([]string{"example.com", "docs.example.io", "shop.example.net"}) + "/" +
			g.pick([]string{"docs", "blog", "products", "api/v1/zones"}) + "/" + g.digits(4) + "?page=" + fmt.Sprint(g.r.IntN(20))
	})
	add("tag", "VARCHAR", func(int) string {
		return g.pick([]string{"alpha", "beta", "canary", "stable", "blue", "green", "red", "north", "summer"})
	})
	add("title", "VARCHAR", func(int) string {
		return g.pick([]string{"Quarterly", "Annual", "Monthly"}) + " " + g.pick([]string{"Report", "Review", "Summary"}) + " " + fmt.Sprint(2020+g.r.IntN(7))
	})
	add("plan_name", "VARCHAR", func(int) string {
		return g.pick([]string{"Free", "Pro", "Business", "Enterprise"}) + " " + g.pick([]string{"Monthly", "Annual"})
	})
	add("hits", "BIGINT", func(int) string { return fmt.Sprint(g.r.IntN(10000000)) })
	add("score", "DOUBLE", func(int) string { return fmt.Sprintf("%.4f", g.r.Float64()) })
	add("ray", "VARCHAR", func(int) string { return g.from(hexLow, 16) + "-" + g.pick([]string{"SJC", "FRA", "NRT", "LHR"}) })
	add("phone_type", "VARCHAR", func(int) string { return g.pick([]string{"mobile", "landline", "voip"}) })
	add("ip_count", "INTEGER", func(int) string { return fmt.Sprint(g.r.IntN(5000)) })
	add("mac_os_version", "VARCHAR", func(int) string { return fmt.Sprintf("%d.%d.%d", 10+g.r.IntN(5), g.r.IntN(8), g.r.IntN(4)) })
	add("comment", "VARCHAR", func(int) string {
		return g.pick([]string{"Works fine after the upgrade to", "Slow dashboard since version", "Please add support for", "Thanks for fixing"}) + " " +
			g.pick([]string{"2.3.1", "the new API", "dark mode", "CSV export", "v10.4.1", "zone analytics"}) + ", " +
			g.pick([]string{"great job.", "still waiting.", "no rush.", "see ticket #" + g.digits(5) + "."})
	})
	return out
}
