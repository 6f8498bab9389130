package skimmer

// isCard reports whether the whole of s is a payment card number.
func isCard(s string) bool { return cardAt(s, 0) == len(s) }

// cardAt parses a payment card number starting at s[i] and returns its
// end, or -1. The number is 14–19 digits, bare or in groups joined by one
// kind of separator (a space or a hyphen: 4-4-4-4, 4-6-5 for Amex, 4-6-4
// for Diners…), passes the Luhn check, and its length fits the network its
// issuer prefix names.
func cardAt(s string, i int) int {
	var d [19]byte
	n, j, sep, glen := 0, i, byte(0), 0
	first := -1
	for j < len(s) {
		c := s[j]
		if isDigit(c) {
			if n == len(d) {
				return -1
			}
			d[n] = c - '0'
			n++
			glen++
			j++
			continue
		}
		if (c == ' ' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) && glen > 0 {
			if sep == 0 {
				sep = c
			} else if c != sep {
				break
			}
			if first < 0 {
				first = glen
			}
			if glen < 4 || glen > 6 {
				return -1
			}
			glen = 0
			j++
			continue
		}
		break
	}
	if glen == 0 || (sep != 0 && (first != 4 || glen > 6)) {
		return -1
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '_' || (s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]))) {
		return -1
	}
	if n < 14 || !luhn(d[:n]) || !cardNetwork(d[:n]) {
		return -1
	}
	return j
}

// luhn is the Luhn (mod 10) check.
func luhn(d []byte) bool {
	sum := 0
	for k := 0; k < len(d); k++ {
		x := int(d[len(d)-1-k])
		if k%2 == 1 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// cardNetwork reports whether the issuer prefix (IIN) names a card network
// that issues numbers of this length: Visa, Mastercard, American Express,
// Discover, Diners Club, JCB, UnionPay, Maestro, Mir.
func cardNetwork(d []byte) bool {
	n := len(d)
	p := func(k int) int {
		v := 0
		for i := 0; i < k; i++ {
			v = v*10 + int(d[i])
		}
		return v
	}
	p2, p3, p4 := p(2), p(3), p(4)
	switch {
	case d[0] == 4: // Visa (13-digit numbers are no longer issued)
		return n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return n == 16
	case p2 == 34 || p2 == 37: // American Express
		return n == 15
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65: // Discover
		return n >= 16 && n <= 19
	case p3 >= 300 && p3 <= 305, p2 == 36, p2 == 38, p2 == 39: // Diners Club
		return n >= 14 && n <= 19
	case p4 >= 3528 && p4 <= 3589: // JCB
		return n >= 16 && n <= 19
	case p2 == 62: // UnionPay
		return n >= 16 && n <= 19
	case p4 >= 2200 && p4 <= 2204: // Mir
		return n >= 16 && n <= 19
	case p2 == 50, p2 >= 56 && p2 <= 58, p4 == 6304, p4 == 6759, p4 == 6761, p4 == 6762, p4 == 6763: // Maestro
		return n >= 16 && n <= 19 // shorter ones exist but are rare, and order numbers are not
	}
	return false
}
