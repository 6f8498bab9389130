package skimmer

import "strings"

// What a column's name and description suggest. They raise confidence and
// lower thresholds (and let bare digits in a "phone" column be phones),
// but a column whose values contradict them is never tagged by them.

// nameHints maps the words of column names to what they suggest.
var nameHints = map[string]hint{
	"email": hintEmail, "mail": hintEmail, "emailaddress": hintEmail,
	"phone": hintPhone, "telephone": hintPhone, "tel": hintPhone, "mobile": hintPhone,
	"cell": hintPhone, "cellphone": hintPhone, "msisdn": hintPhone, "fax": hintPhone,
	"phonenumber": hintPhone, "whatsapp": hintPhone, "telefono": hintPhone, "teléfono": hintPhone,
	"telefon": hintPhone, "téléphone": hintPhone, "telephone1": hintPhone, "handy": hintPhone,
	"movil": hintPhone, "móvil": hintPhone, "celular": hintPhone, "portable": hintPhone,
	"correo": hintEmail, "courriel": hintEmail,
	"adresse": hintAddress, "direccion": hintAddress, "dirección": hintAddress,
	"indirizzo": hintAddress, "endereco": hintAddress, "endereço": hintAddress, "strasse": hintAddress,
	"vorname": hintName, "nachname": hintName, "apellido": hintName, "apellidos": hintName,
	"cognome": hintName, "prenom": hintName, "prénom": hintName, "sobrenome": hintName,
	"ip": hintIP, "ipv4": hintIP, "ipv6": hintIP, "ipaddr": hintIP, "ipaddress": hintIP,
	"mac": hintMAC, "macaddr": hintMAC, "macaddress": hintMAC, "bssid": hintMAC, "hwaddr": hintMAC,
	"card": hintCard, "cc": hintCard, "pan": hintCard, "ccnum": hintCard, "creditcard": hintCard,
	"cardnumber": hintCard,
	"iban":       hintIBAN, "bban": hintIBAN,
	"ssn": hintSSN, "socialsecurity": hintSSN,
	"lat": hintLat, "latitude": hintLat,
	"lon": hintLon, "lng": hintLon, "longitude": hintLon,
	"address": hintAddress, "street": hintAddress, "address1": hintAddress, "addressline": hintAddress,
	"firstname": hintName, "lastname": hintName, "fullname": hintName, "surname": hintName,
	"givenname": hintName, "familyname": hintName, "forename": hintName,
	"token": hintSecret, "secret": hintSecret, "password": hintSecret, "passwd": hintSecret,
	"pwd": hintSecret, "apikey": hintSecret, "credential": hintSecret, "credentials": hintSecret,
	"bearer": hintSecret, "jwt": hintSecret, "privatekey": hintSecret, "session": hintSecret, "cookie": hintSecret,
	"id": hintOpaque, "uuid": hintOpaque, "guid": hintOpaque, "ulid": hintOpaque, "ksuid": hintOpaque,
	"hash": hintOpaque, "digest": hintOpaque, "checksum": hintOpaque, "sha": hintOpaque,
	"sha1": hintOpaque, "sha256": hintOpaque, "md5": hintOpaque, "etag": hintOpaque,
	"fingerprint": hintOpaque, "nonce": hintOpaque, "sku": hintOpaque, "ref": hintOpaque,
	"version": hintVersion, "ver": hintVersion, "release": hintVersion, "build": hintVersion,
}

// personQualifiers make "name" a person's name: customer_name, but not
// table_name or product_name.
var personQualifiers = map[string]bool{
	"first": true, "last": true, "full": true, "given": true, "family": true, "middle": true,
	"customer": true, "contact": true, "person": true, "user": true, "owner": true,
	"employee": true, "display": true, "author": true, "patient": true, "driver": true,
	"recipient": true, "sender": true, "holder": true, "cardholder": true, "member": true,
	"student": true, "signer": true, "buyer": true, "seller": true, "assignee": true,
	"reporter": true, "requester": true, "manager": true, "billing": true, "shipping": true,
	"legal": true, "maiden": true, "nick": true, "real": true, "client": true,
}

// descriptionHints are phrases of descriptions and what they suggest.
var descriptionHints = []struct {
	phrase string
	h      hint
}{
	{"e-mail", hintEmail}, {"email", hintEmail}, {"phone", hintPhone}, {"telephone", hintPhone},
	{"teléfono", hintPhone}, {"telefon", hintPhone}, {"téléphone", hintPhone},
	{"ip address", hintIP}, {"mac address", hintMAC}, {"credit card", hintCard},
	{"card number", hintCard}, {"iban", hintIBAN}, {"social security", hintSSN},
	{"latitude", hintLat}, {"longitude", hintLon}, {"street address", hintAddress},
	{"postal address", hintAddress}, {"mailing address", hintAddress}, {"home address", hintAddress},
	{"full name", hintName}, {"person's name", hintName}, {"first name", hintName},
	{"last name", hintName}, {"api key", hintSecret}, {"api token", hintSecret},
	{"access token", hintSecret}, {"password", hintSecret}, {"secret", hintSecret},
}

// hintsOf reads what a column's name, type and description suggest.
func hintsOf(c Column) (fromName, fromDesc hint) {
	words := nameWords(c.Name)
	numeric := numericType(c.Type)
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	for i, w := range words {
		fromName |= nameHints[w]
		switch w {
		case "long":
			if numeric {
				fromName |= hintLon
			}
		case "name":
			if i > 0 && personQualifiers[words[i-1]] {
				fromName |= hintName
			}
		case "addr":
			if has("remote") || has("client") || has("source") || has("src") || has("dst") || has("peer") {
				fromName |= hintIP
			} else {
				fromName |= hintAddress
			}
		case "key":
			if i > 0 && (words[i-1] == "api" || words[i-1] == "access" || words[i-1] == "secret" || words[i-1] == "private" || words[i-1] == "signing") {
				fromName |= hintSecret
			}
		case "security":
			if has("social") {
				fromName |= hintSSN
			}
		}
	}
	if fromName&(hintEmail|hintIP|hintMAC) != 0 {
		fromName &^= hintAddress // email_address, ip_address, mac_address
	}
	if numeric {
		fromName &^= hintSecret | hintName | hintEmail | hintAddress
	}
	if d := strings.ToLower(c.Description); d != "" {
		for _, p := range descriptionHints {
			if strings.Contains(d, p.phrase) {
				fromDesc |= p.h
			}
		}
	}
	if numeric {
		fromName |= hintNumeric
	}
	return fromName, fromDesc
}

// nameWords splits a column name into lower-case words at underscores,
// hyphens, dots, spaces and case changes (billingPhone → billing, phone);
// the whole name without separators is a word too (e_mail → email).
func nameWords(name string) []string {
	var words []string
	var joined strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			w := strings.ToLower(name[start:end])
			words = append(words, w)
			joined.WriteString(w)
		}
		start = -1
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case isAlnum(c) || c >= 0x80:
			if start >= 0 && isUpper(c) && i > 0 && isLower(name[i-1]) {
				flush(i)
			}
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(name))
	if len(words) > 1 {
		words = append(words, joined.String())
	}
	return words
}

// typeClass sorts DuckDB type names into what the detectors care about.
type typeClass int

const (
	typeText    typeClass = iota // VARCHAR, JSON, unknown: every detector
	typeInteger                  // digits: cards, phones, SSNs by their hints
	typeFloat                    // coordinates by their hints
	typeSkipped                  // dates, times, booleans, UUIDs, blobs: no PII tag from values
)

func classOf(typ string) typeClass {
	t := strings.ToUpper(strings.TrimSpace(typ))
	if i := strings.IndexAny(t, "( "); i > 0 && !strings.HasSuffix(t, "[]") {
		t = t[:i]
	}
	switch t {
	case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
		"UINTEGER", "UBIGINT", "UHUGEINT", "INT1", "INT2", "INT4", "INT8", "LONG":
		return typeInteger
	case "FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC", "FLOAT4", "FLOAT8":
		return typeFloat
	case "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS",
		"TIMETZ", "INTERVAL", "BOOLEAN", "BOOL", "UUID", "BLOB", "BYTEA", "BIT":
		return typeSkipped
	}
	if strings.HasPrefix(t, "TIMESTAMP") {
		return typeSkipped
	}
	return typeText
}

func numericType(typ string) bool {
	k := classOf(typ)
	return k == typeInteger || k == typeFloat
}
