package skimmer

// ibanLength is the length of the IBAN of each country that has one.
var ibanLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
	"MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
	"PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
	"SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// isIBAN reports whether the whole of s is an IBAN.
func isIBAN(s string) bool { return ibanAt(s, 0) == len(s) }

// ibanAt parses an IBAN starting at s[i] and returns its end, or -1: a
// country code with an IBAN, two check digits and the country's number of
// upper-case letters and digits, written without spaces or in groups of
// four, whose mod-97 check is 1.
func ibanAt(s string, i int) int {
	if i+15 > len(s) || !isUpper(s[i]) || !isUpper(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return -1
	}
	want, ok := ibanLength[s[i:i+2]]
	if !ok {
		return -1
	}
	var buf [34]byte
	n, j, grouped := 0, i, false
	for n < want && j < len(s) {
		c := s[j]
		switch {
		case isDigit(c) || isUpper(c):
			buf[n] = c
			n++
			j++
		case c == ' ' && n%4 == 0 && n > 0 && (n == 4 || grouped) && j+1 < len(s) && isAlnum(s[j+1]):
			grouped = true
			j++
		default:
			return -1
		}
	}
	if n != want || (j < len(s) && (isAlnum(s[j]) || s[j] == '_')) {
		return -1
	}
	if grouped && j-i != want+(want-1)/4 {
		return -1
	}
	rem := 0
	for k := 0; k < n; k++ {
		c := buf[(k+4)%n]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A'+10)) % 97
		}
	}
	if rem != 1 {
		return -1
	}
	return j
}

// isSSN reports whether the whole of s is a US social security number:
// ddd-dd-dddd, or nine bare digits (or ddd dd dddd) when the column says so.
func isSSN(s string, hinted bool) bool {
	return ssnAt(s, 0, hinted) == len(s)
}

// ssnAt parses a US social security number starting at s[i] and returns
// its end, or -1. Area 001–899 but not 666, group 01–99, serial 0001–9999,
// and none of the numbers published as examples. Bare or space-separated
// digits count only when bare is set (a column named for SSNs).
func ssnAt(s string, i int, bare bool) int {
	var d [9]int
	j, n := i, 0
	var sep byte
	for n < 9 && j < len(s) {
		c := s[j]
		if isDigit(c) {
			d[n] = int(c - '0')
			n++
			j++
			continue
		}
		if (n == 3 || n == 5) && (c == '-' || c == ' ') && (sep == 0 || sep == c) && (sep != 0 || n == 3) {
			sep = c
			j++
			continue
		}
		return -1
	}
	if n != 9 {
		return -1
	}
	if sep == 0 || sep == ' ' {
		if !bare {
			return -1
		}
	} else if j-i != 11 {
		return -1
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '_' || ((s[j] == '-' || s[j] == '.') && j+1 < len(s) && isDigit(s[j+1]))) {
		return -1
	}
	area := d[0]*100 + d[1]*10 + d[2]
	group := d[3]*10 + d[4]
	serial := d[5]*1000 + d[6]*100 + d[7]*10 + d[8]
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return -1
	}
	switch {
	case area == 78 && group == 5 && serial == 1120, // the Woolworth wallet card
		area == 219 && group == 9 && serial == 9999,  // an advertisement's
		area == 123 && group == 45 && serial == 6789: // everyone's example
		return -1
	}
	return j
}
