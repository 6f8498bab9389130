package skimmer

import (
	"strconv"
	"strings"

	"github.com/tarn-data/tarn/governance"
)

// Kinds of PII the detectors know besides the governance tags
// (governance.TagEmail, TagPhone, TagCreditCard, TagIP, TagPersonName,
// TagSecret; TagUserID is decided by the scanner and TagFreeText by
// Classify).
const (
	KindIBAN    = "iban"
	KindSSN     = "ssn"
	KindMAC     = "mac_address"
	KindGeo     = "geo"            // geographic coordinates
	KindAddress = "street_address" // house number, street and suffix
)

// Kinds lists every kind Detect and ScanText can return.
var Kinds = []string{
	governance.TagEmail, governance.TagPhone, governance.TagIP, governance.TagCreditCard,
	KindIBAN, KindSSN, governance.TagSecret, governance.TagPersonName, KindAddress,
	KindMAC, KindGeo,
}

// Match is one piece of PII inside free text: its kind and where it is,
// as byte offsets into the scanned string (End exclusive). It holds no copy
// of the value.
type Match struct {
	Kind       string
	Start, End int
}

// String names the kind and the offsets, never the value.
func (m Match) String() string {
	return m.Kind + "[" + strconv.Itoa(m.Start) + ":" + strconv.Itoa(m.End) + "]"
}

// maxValue is the longest value Detect looks at: longer ones are text, not
// structured values.
const maxValue = 512

// maxSpaced is the longest value with spaces in it that Detect looks at:
// addresses, names, grouped IBANs and numbers are shorter; text is not.
const maxSpaced = 160

// Detect says which kind of PII one structured value is, if any: the whole
// value (spaces around it aside) must be one e-mail address, phone number,
// IP address, card number, IBAN, SSN, secret, person's name, street
// address, MAC address or coordinate pair. Without a column to hint at it,
// a bare run of digits is never a phone number or an SSN.
func Detect(value string) (kind string, ok bool) {
	k, _ := detect(value, 0)
	return k, k != ""
}

// hint is what a column's name, type and description suggest, as a set.
type hint uint32

const (
	hintEmail hint = 1 << iota
	hintPhone
	hintIP
	hintMAC
	hintCard
	hintIBAN
	hintSSN
	hintLat
	hintLon
	hintAddress
	hintName
	hintSecret
	hintOpaque // an ID, hash or digest: high entropy alone is no secret
	hintNumeric
	hintVersion // a version: dotted quads are not IPv4 addresses
)

func (h hint) has(x hint) bool { return h&x != 0 }

// detect is Detect with the hints of a column: it returns the kind and the
// detector that recognised the value.
func detect(v string, h hint) (kind, detector string) {
	s := trimSpace(v)
	if len(s) == 0 || len(s) > maxValue {
		return "", ""
	}
	if len(s) > maxSpaced && strings.IndexByte(s, ' ') >= 0 && !strings.HasPrefix(s, "-----BEGIN ") {
		return "", "" // text: no structured value with spaces is this long
	}
	sh := shapeOf(s)
	if sh.at > 0 {
		if sh.at == 1 && isEmail(s) {
			return governance.TagEmail, "email"
		}
		return "", ""
	}
	if s[0] == '-' {
		if end, d := secretAt(s, 0); end > 0 && d == "private key" {
			return governance.TagSecret, d // a PEM block, lines and all
		}
	}
	if sh.spaces == 0 {
		if d := secretPrefixed(s); d != "" {
			return governance.TagSecret, d
		}
		if sh.colon == 5 || sh.dash == 5 || sh.dot == 2 {
			if isMAC(s) {
				return KindMAC, "mac"
			}
		}
		if sh.colon >= 2 || sh.dot == 3 {
			if d := ipKind(s); d != "" && !(d == "ipv4" && h.has(hintVersion)) {
				return governance.TagIP, d
			}
		}
	}
	if sh.upper >= 2 && sh.digits >= 8 && isIBAN(s) {
		return KindIBAN, "iban"
	}
	if sh.digits == 9 && isSSN(s, h.has(hintSSN)) {
		return KindSSN, "ssn"
	}
	if sh.digits >= 7 && sh.letters() <= 3 { // letters: "ext", "x" of an extension
		if h.has(hintPhone) && isPhone(s, true) {
			return governance.TagPhone, "phone"
		}
		if sh.digits >= 12 && isCard(s) {
			return governance.TagCreditCard, "luhn"
		}
		if sh.digits <= 15 && isPhone(s, h.has(hintPhone)) {
			return governance.TagPhone, "phone"
		}
	}
	if sh.digits >= 2 && sh.upper+sh.lower <= 8 && isGeo(unbracket(s), h) {
		return KindGeo, "coordinates"
	}
	if sh.spaces > 0 && sh.digits > 0 && sh.letters() >= 4 && isAddress(s) {
		return KindAddress, "street address"
	}
	if (sh.spaces > 0 || h.has(hintName)) && sh.digits == 0 && isName(s, h.has(hintName)) {
		return governance.TagPersonName, "name list"
	}
	if sh.spaces == 0 && len(s) >= minSecret && (!h.has(hintOpaque) || h.has(hintSecret)) && isHighEntropy(s) {
		return governance.TagSecret, "entropy"
	}
	return "", ""
}

// shape counts the classes of bytes in a value: one pass that lets detect
// skip the detectors that cannot match.
type shape struct {
	digits, upper, lower, spaces, high int
	at, colon, dot, dash, plus         int
}

func (s *shape) letters() int { return s.upper + s.lower + s.high }

// Byte classes of shapeOf.
const (
	cOther = iota
	cDigit
	cLower
	cUpper
	cHigh
	cSpace
	cAt
	cColon
	cDot
	cDash
	cPlus
	nClasses
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = cDigit
		case c >= 'a' && c <= 'z':
			t[c] = cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= 0x80:
			t[c] = cHigh
		case c == ' ', c == '\t', c == '\n', c == '\r':
			t[c] = cSpace
		case c == '@':
			t[c] = cAt
		case c == ':':
			t[c] = cColon
		case c == '.':
			t[c] = cDot
		case c == '-':
			t[c] = cDash
		case c == '+':
			t[c] = cPlus
		}
	}
	return t
}()

func shapeOf(s string) shape {
	var n [nClasses]int
	for i := 0; i < len(s); i++ {
		n[byteClass[s[i]]]++
	}
	return shape{digits: n[cDigit], upper: n[cUpper], lower: n[cLower], spaces: n[cSpace], high: n[cHigh],
		at: n[cAt], colon: n[cColon], dot: n[cDot], dash: n[cDash], plus: n[cPlus]}
}

// unbracket drops one pair of parentheses or brackets around s.
func unbracket(s string) string {
	if len(s) >= 2 && (s[0] == '(' && s[len(s)-1] == ')' || s[0] == '[' && s[len(s)-1] == ']') {
		return trimSpace(s[1 : len(s)-1])
	}
	return s
}

// trimSpace trims ASCII white space (no allocation, no Unicode tables).
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isAlpha(c byte) bool { return isUpper(c) || isLower(c) }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
func isHex(c byte) bool   { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }

// digitsOnly reports whether s is a non-empty run of ASCII digits.
func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
