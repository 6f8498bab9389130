package governance

import (
	"encoding/hex"
	"strconv"
	"strings"
)

// PII tags: the kinds of personal data a column may hold. Reviews and lake
// annotations name them; each has a default mask.
const (
	TagEmail      = "email"       // ***@domain
	TagPhone      = "phone"       // ***1234: the last four digits
	TagCreditCard = "credit_card" // ****1234: the last four digits
	TagIP         = "ip"          // IPv4 to /24 (a.b.c.0), IPv6 to /48 (a:b:c::)
	TagPersonName = "person_name" // [redacted]
	TagFreeText   = "free_text"   // [redacted]
	TagSecret     = "secret"      // [redacted]
	TagUserID     = "user_id"     // a keyed hash: joins and counts still work
	TagIBAN       = "iban"        // ****1234: the last four digits
	TagSSN        = "ssn"         // ***-**-1234: the last four digits
	TagMAC        = "mac_address" // [redacted]
	TagGeo        = "geo"         // numbers rounded to 0.1° (about 11 km); text redacted
	TagAddress    = "street_address"
)

// Redacted is what redacted values read as.
const Redacted = "[redacted]"

// tagAliases maps other spellings met in annotations to the tags above.
var tagAliases = map[string]string{
	"name":        TagPersonName,
	"ip_address":  TagIP,
	"token":       TagSecret,
	"api_token":   TagSecret,
	"password":    TagSecret,
	"credit card": TagCreditCard,
	"card":        TagCreditCard,
	"userid":      TagUserID,
	"mac":         TagMAC,
	"address":     TagAddress,
	"coordinates": TagGeo,
	"location":    TagGeo,
	"us_ssn":      TagSSN,
}

// NormalizeTag returns the canonical spelling of a PII tag ("" for none).
func NormalizeTag(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	if a, ok := tagAliases[t]; ok {
		return a
	}
	return t
}

// Mask returns the default mask of a column holding PII of kind tag: a
// DuckDB SQL expression over the raw column, written with the placeholder
// {{col}}. typ is the column's DuckDB type ("VARCHAR", "BIGINT", …; "" when
// unknown); key keys the hash of user IDs.
//
// Masks are deterministic and reveal no more than their tag says: NULL
// stays NULL, a value that does not look like its tag (an email without @,
// an IP that is neither IPv4 nor plain IPv6, a phone number of fewer than
// seven digits) is redacted, and an unknown tag redacts. A string mask on a
// column that is not a string becomes a NULL of the column's type, so
// expressions over the column still bind; user IDs of any type hash.
func Mask(tag, typ string, key []byte) string {
	tag = NormalizeTag(tag)
	if tag == TagUserID {
		return userIDMask(key)
	}
	if tag == TagGeo && isFloat(typ) {
		return "round({{col}}, 1)"
	}
	if !isString(typ) {
		return "CAST(NULL AS " + typ + ")"
	}
	switch tag {
	case TagEmail:
		return emailMask
	case TagPhone:
		return lastDigitsMask("***", 7)
	case TagCreditCard:
		return lastDigitsMask("****", 12)
	case TagIP:
		return ipMask
	case TagIBAN:
		return lastDigitsMask("****", 12)
	case TagSSN:
		return lastDigitsMask("***-**-", 9)
	}
	return redactMask
}

// isString reports whether typ holds text; an unknown type is treated as
// text, and the masks cast to VARCHAR, so they bind on any type.
func isString(typ string) bool {
	switch strings.ToUpper(strings.TrimSpace(typ)) {
	case "", "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR":
		return true
	}
	return false
}

// isFloat reports whether typ is a floating-point or decimal number.
func isFloat(typ string) bool {
	t := strings.ToUpper(strings.TrimSpace(typ))
	return t == "DOUBLE" || t == "FLOAT" || t == "REAL" || strings.HasPrefix(t, "DECIMAL")
}

// The column as text: a no-op on VARCHAR, and it lets the masks bind when
// the type is not known.
const text = "CAST({{col}} AS VARCHAR)"

var redactMask = "CASE WHEN {{col}} IS NULL THEN NULL ELSE '" + Redacted + "' END"

// emailMask keeps the (lower-cased) domain after the last @.
var emailMask = "CASE WHEN {{col}} IS NULL THEN NULL" +
	" WHEN regexp_full_match(" + text + ", '[^@]*@[^@]+') THEN '***@' || lower(string_split(" + text + ", '@')[-1])" +
	" ELSE '" + Redacted + "' END"

// lastDigitsMask keeps the last four digits of values with at least min
// digits.
func lastDigitsMask(prefix string, min int) string {
	digits := "regexp_replace(" + text + ", '[^0-9]', '', 'g')"
	return "CASE WHEN {{col}} IS NULL THEN NULL" +
		" WHEN length(" + digits + ") >= " + strconv.Itoa(min) + " THEN '" + prefix + "' || right(" + digits + ", 4)" +
		" ELSE '" + Redacted + "' END"
}

// ipMask truncates IPv4 to its /24 and IPv6 to its /48: the first three
// groups of the expanded address, lower case without leading zeros, then
// "::". Anything else (an IPv4-mapped or zoned IPv6 address, a host name,
// garbage) is redacted.
var ipMask = func() string {
	v4 := `'^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$'`
	v6 := `'^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$'`
	// head and tail are the groups before and after "::" (tail is empty
	// without one); zeros fill the gap up to eight groups.
	s := "trim(" + text + ")"
	head := "CASE WHEN contains(" + s + ", '::') THEN split_part(" + s + ", '::', 1) ELSE " + s + " END"
	tail := "CASE WHEN contains(" + s + ", '::') THEN split_part(" + s + ", '::', 2) ELSE '' END"
	groups := func(x string) string {
		return "CASE WHEN (" + x + ") = '' THEN []::VARCHAR[] ELSE string_split(" + x + ", ':') END"
	}
	hg, tg := groups(head), groups(tail)
	full := "list_concat(" + hg + ", repeat(['0'], 8 - len(" + hg + ") - len(" + tg + ")), " + tg + ")"
	first3 := "[CASE WHEN ltrim(g, '0') = '' THEN '0' ELSE lower(ltrim(g, '0')) END FOR g IN list_slice(" + full + ", 1, 3)]"
	return "CASE WHEN {{col}} IS NULL THEN NULL" +
		" WHEN regexp_full_match(" + s + ", " + v4 + ") THEN regexp_replace(" + s + ", '\\.\\d{1,3}$', '.0')" +
		" WHEN regexp_full_match(" + s + ", " + v6 + ") AND (" + s + " NOT LIKE '%::%::%') THEN array_to_string(" + first3 + ", ':') || '::'" +
		" ELSE '" + Redacted + "' END"
}()

// userIDMask is a keyed hash: the same ID always gives the same 16 hex
// digits, so joins, GROUP BY and COUNT(DISTINCT) still work, but the ID
// cannot be recovered without the key.
func userIDMask(key []byte) string {
	return "CASE WHEN {{col}} IS NULL THEN NULL ELSE 'u_' || left(sha256('" + hex.EncodeToString(key) + ":' || " + text + "), 16) END"
}
