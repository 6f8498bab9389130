package skimmer

import (
	"net/netip"
	"strings"

	"github.com/tarn-data/tarn/governance"
)

// ScanText finds PII inside free text: e-mail addresses, phone numbers, IP
// and MAC addresses, card numbers, IBANs, SSNs, secrets, people's names,
// street addresses and coordinates. Matches come in order, do not overlap
// and give byte offsets into s; they hold no copies of the text.
//
// ScanText reads s once, word by word, with hand-written matchers: a
// matcher runs only where a word starts and only when the word's first
// byte can start its kind, so most words cost a byte comparison or two.
func ScanText(s string) []Match {
	var out []Match
	i := 0
	for i < len(s) {
		c := s[i]
		if boundary(c) && !(c == '(' && i+1 < len(s) && isDigit(s[i+1])) {
			i++
			continue
		}
		if kind, start, end := scanAt(s, i); kind != "" {
			out = append(out, Match{Kind: kind, Start: start, End: end})
			i = end
			continue
		}
		if c == '(' {
			i++
			continue
		}
		if isDigit(c) {
			// A run of numbers that is no phone holds none at its end
			// either: "01 59 01 04 00 00 00" is not "… 01 04 00 00 00".
			if j := numericRunEnd(s, i); j < len(s) && !boundary(s[j]) {
				i = nextToken(s, j-1)
			} else {
				i = j
			}
			continue
		}
		i = nextToken(s, i)
	}
	return out
}

// boundary reports whether c separates words: white space and the
// punctuation around words in prose, markup and logs. Dots, colons,
// slashes, hyphens and underscores are inside words (addresses, hosts,
// paths, versions).
func boundary(c byte) bool { return boundaries[c] }

var boundaries = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\f\v()[]{}<>\"'`,;=|!?&*\\") {
		t[c] = true
	}
	return t
}()

// nextToken returns where the word after the one at s[i] may start: the
// next boundary, or just after a colon that follows a letter ("ip:10.0.0.1",
// "mailto:", "https://" whose host starts a token).
func nextToken(s string, i int) int {
	j := i + 1
	for j < len(s) {
		c := s[j]
		if boundary(c) {
			return j
		}
		if c == ':' && isAlpha(s[j-1]) {
			if j+2 < len(s) && s[j+1] == '/' && s[j+2] == '/' {
				return j + 3
			}
			return j + 1
		}
		j++
	}
	return j
}

// maxWord bounds how far scanAt looks for the end of a word: no address or
// token of interest is longer, and a bound keeps a long word with many
// token starts inside it (a:b:c:…) from costing quadratic time.
const maxWord = 320

// wordEnd is the end of the word at s[i]: the next boundary, or maxWord
// bytes on.
func wordEnd(s string, i int) int {
	j, limit := i, min(len(s), i+maxWord)
	for j < limit && !boundary(s[j]) {
		j++
	}
	return j
}

// scanAt tries the matchers that can start at s[i] and returns the first
// match: its kind and offsets ("" for none).
func scanAt(s string, i int) (kind string, start, end int) {
	c := s[i]
	we := wordEnd(s, i)
	for k := i; k < we; k++ {
		if s[k] == '@' {
			if st, en, ok := emailAround(s, k); ok && st >= i {
				return governance.TagEmail, st, en
			}
		}
	}
	switch {
	case isDigit(c):
		if e := digitStartAt(s, i, &kind); e > 0 {
			return kind, i, e
		}
		return "", 0, 0
	case c == '+' || c == '(':
		if e := phoneAt(s, i, false); e > 0 {
			return governance.TagPhone, i, e
		}
		if c == '+' {
			if e := coordAt(s, i); e > 0 {
				return KindGeo, i, e
			}
		}
		return "", 0, 0
	case c == '-':
		if e := coordAt(s, i); e > 0 {
			return KindGeo, i, e
		}
		if e, _ := secretAt(s, i); e > 0 {
			return governance.TagSecret, i, e
		}
		return "", 0, 0
	case c == ':':
		if e := ipv6At(s, i); e > 0 && textIP(s[i:e]) {
			return governance.TagIP, i, e
		}
		return "", 0, 0
	case isAlpha(c):
		return letterStartAt(s, i, we)
	case c >= 0x80:
		if r, _ := firstRune(s[i:]); isUpperRune(r) {
			if e := nameAt(s, i); e > 0 {
				return governance.TagPersonName, i, e
			}
		}
	}
	return "", 0, 0
}

// digitStartAt tries the kinds that start with a digit.
func digitStartAt(s string, i int, kind *string) int {
	if e := macAt(s, i); e > 0 {
		*kind = KindMAC
		return e
	}
	if e := ipv4At(s, i); e > 0 {
		if !textIP(s[i:e]) {
			return -1
		}
		*kind = governance.TagIP
		return e
	}
	if hasColonSoon(s, i) {
		if e := ipv6At(s, i); e > 0 && textIP(s[i:e]) {
			*kind = governance.TagIP
			return e
		}
	}
	if e := ssnAt(s, i, false); e > 0 {
		*kind = KindSSN
		return e
	}
	if e := cardAt(s, i); e > 0 {
		*kind = governance.TagCreditCard
		return e
	}
	if e := coordAt(s, i); e > 0 {
		*kind = KindGeo
		return e
	}
	if e := phoneAt(s, i, false); e > 0 {
		*kind = governance.TagPhone
		return e
	}
	if e := numberFirstAt(s, i); e > 0 {
		*kind = KindAddress
		return e
	}
	return -1
}

// hasColonSoon reports whether a colon follows within the first hex group
// at s[i] (an IPv6 address), so that other numbers skip ipv6At.
func hasColonSoon(s string, i int) bool {
	for k := i; k < len(s) && k < i+5; k++ {
		if s[k] == ':' {
			return true
		}
		if !isHex(s[k]) {
			return false
		}
	}
	return false
}

// letterStartAt tries the kinds that start with an ASCII letter; we is the
// end of the word.
func letterStartAt(s string, i, we int) (string, int, int) {
	if e, _ := secretAt(s, i); e > 0 {
		return governance.TagSecret, i, e
	}
	c := s[i]
	if isHex(c) && hasColonSoon(s, i) {
		if e := macAt(s, i); e > 0 {
			return KindMAC, i, e
		}
		if e := ipv6At(s, i); e > 0 && textIP(s[i:e]) {
			return governance.TagIP, i, e
		}
	}
	if isHex(c) && i+2 < len(s) && (s[i+2] == '-' || s[i+2] == ':') {
		if e := macAt(s, i); e > 0 {
			return KindMAC, i, e
		}
	}
	if isHex(c) && i+4 < len(s) && s[i+4] == '.' {
		if e := macAt(s, i); e > 0 {
			return KindMAC, i, e
		}
	}
	if isUpper(c) && i+3 < len(s) && isUpper(s[i+1]) && isDigit(s[i+2]) {
		if e := ibanAt(s, i); e > 0 {
			return KindIBAN, i, e
		}
	}
	if isUpper(c) || c == 'u' || c == 'a' || c == 'c' {
		if e := addressAt(s, i); e > 0 {
			return KindAddress, i, e
		}
	}
	if isUpper(c) {
		if e := nameAt(s, i); e > 0 {
			return governance.TagPersonName, i, e
		}
	}
	if we-i >= minSecret {
		if e := tokenEnd(s, i); e-i >= minSecret && isHighEntropy(s[i:e]) {
			return governance.TagSecret, i, e
		}
	}
	return "", 0, 0
}

// tokenEnd is the end of the base64-like token at s[i], or i when the
// token runs into something that is not one (a host name, a path with a
// file name).
func tokenEnd(s string, i int) int {
	j := i
	for j < len(s) && (isAlnum(s[j]) || s[j] == '+' || s[j] == '/' || s[j] == '_' || s[j] == '-') {
		j++
	}
	for j < len(s) && s[j] == '=' && j-i < 260 {
		j++
	}
	if j < len(s) && !boundary(s[j]) {
		c := s[j]
		if !((c == '.' || c == ':') && (j+1 == len(s) || boundary(s[j+1]))) {
			return i
		}
	}
	return j
}

// nameAt reads up to five capitalised words at s[i], one space apart, and
// returns the end of the longest run of two or more that makes a person's
// name, or -1.
func nameAt(s string, i int) int {
	var ws [5]nameWord
	n, j := 0, i
	for n < len(ws) {
		w, ok := nameWordAt(s, j)
		if !ok || !(w.titled || w.initial || w.flags&(wParticle|wTitle) != 0) {
			break
		}
		ws[n] = w
		n++
		j = w.end
		if j+1 >= len(s) || s[j] != ' ' {
			break
		}
		j++
	}
	midSentence := !sentenceStart(s, i)
	for m := n; m >= 2; m-- {
		if nameScore(ws[:m], true, false) {
			return ws[m-1].end
		}
		// Mid-sentence, an unknown capitalised word before a known surname
		// that is no common word is a given name the lexicon lacks.
		if midSentence && m == 2 && ws[0].titled && ws[0].flags == 0 && ws[1].titled &&
			ws[1].flags&wSurname != 0 && ws[1].flags&(wAmbSur|wStop) == 0 {
			return ws[1].end
		}
	}
	return -1
}

// sentenceStart reports whether s[i] starts a sentence or a line, where
// every word is capitalised.
func sentenceStart(s string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch c := s[j]; c {
		case ' ', '\t', '"', '\'', '(':
			continue
		case '.', '!', '?', '\n', ':', '-':
			return true
		default:
			return false
		}
	}
	return true
}

// textIP reports whether an address found in text may be someone's: not
// a loopback or unspecified address (127.0.0.1, ::1, 0.0.0.0), and not
// four single digits, which in prose are section numbers (RFC 7230
// section 8.1.2.6) far more often than hosts.
func textIP(ip string) bool {
	if k := strings.IndexAny(ip, "/%"); k > 0 {
		ip = ip[:k]
	}
	a, err := netip.ParseAddr(ip)
	if err != nil || a.IsLoopback() || a.IsUnspecified() {
		return false
	}
	return !(len(ip) == 7 && a.Is4())
}

// numericRunEnd is the end of the run of digits at s[i] and the single
// spaces, hyphens, dots and slashes between them.
func numericRunEnd(s string, i int) int {
	j := i
	for j < len(s) {
		c := s[j]
		if isDigit(c) {
			j++
			continue
		}
		if (c == ' ' || c == '-' || c == '.' || c == '/') && j+1 < len(s) && isDigit(s[j+1]) {
			j++
			continue
		}
		break
	}
	return j
}
