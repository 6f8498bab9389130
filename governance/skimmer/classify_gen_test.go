package skimmer_test

import (
	"encoding/base64"
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
	}{{"4", 16}, {"51", 16}, {"37", 15}, {"6011", 16}, {"2221", 16}, {"3528", 16}, {"4", 19}, {"62", 16}}[(format*3+network+g.r.IntN(8))%8]
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

// generatedText is the generated half of the free-text set: values of
// every kind, made as for the generated columns, inside sentences of many
// shapes (start, middle and end of a line, in brackets and quotes, before
// punctuation, across lines).
func generatedText() []textLine {
	g := newGen(99)
	frames := []string{
		"Please contact me at %s tomorrow morning.",
		"The value we saw was %s, can you check it?",
		"Ref (%s) attached to the ticket.",
		"%s is what the form shows for the customer.",
		"Hi team,\nnew details: %s\nthanks",
		"we saw \"%s\" in yesterday's export",
		"Updated on request: %s.",
		"From the call notes - %s - follow up Friday.",
	}
	phoneRegions := []string{"US", "GB", "DE", "FR", "JP", "IN", "BR", "AU", "ZA", "NG", "ES", "IT", "MX", "KR"}
	kinds := map[string]func(i int) string{
		governance.TagEmail: func(i int) string {
			return strings.ToLower(fold(g.pick(testGiven))) + "." + strings.ToLower(fold(g.pick(testSurnames))) + "@" + g.pick(testDomains)
		},
		governance.TagPhone: func(i int) string {
			p := phonenumbers.GetExampleNumberForType(phoneRegions[i%len(phoneRegions)], phonenumbers.MOBILE)
			return phonenumbers.Format(p, []phonenumbers.PhoneNumberFormat{phonenumbers.INTERNATIONAL, phonenumbers.E164}[i%2])
		},
		governance.TagIP: func(i int) string {
			if i%3 == 0 {
				return fmt.Sprintf("2a02:%x:%x::%x", 1+g.r.IntN(65535), g.r.IntN(65536), 1+g.r.IntN(65535))
			}
			return fmt.Sprintf("%d.%d.%d.%d", 11+g.r.IntN(210), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
		},
		governance.TagCreditCard: func(i int) string { return card(g, i%3, i) },
		skimmer.KindIBAN:         func(i int) string { return iban(g, i, false) },
		skimmer.KindSSN:          func(int) string { return ssn(g, "-") },
		governance.TagSecret: func(i int) string {
			switch i % 4 {
			case 0:
				return "AKIA" + g.from(upper0, 16)
			case 1:
				return jwt(g)
			case 2:
				return "ghp_" + g.from(base62, 36)
			}
			return "xoxp-" + g.digits(11) + "-" + g.from(base62, 24)
		},
		governance.TagPersonName: func(int) string { return g.pick(testGiven) + " " + g.pick(testSurnames) },
		skimmer.KindAddress:      func(i int) string { return strings.SplitN(address(g, i), ",", 2)[0] },
		skimmer.KindMAC:          func(i int) string { return mac(g, i%3) },
		skimmer.KindGeo: func(int) string {
			return fmt.Sprintf("%.5f, %.5f", -80+160*g.r.Float64(), -179+358*g.r.Float64())
		},
	}
	var out []textLine
	for _, k := range skimmer.Kinds {
		for i := 0; i < 24; i++ {
			out = append(out, textLine{Text: fmt.Sprintf(frames[i%len(frames)], kinds[k](i)), Kinds: map[string]bool{k: true}, Line: -len(out) - 1})
		}
	}
	return out
}
