package skimmer

import "strings"

// isPhone reports whether the whole of s is a phone number. A bare run of
// digits counts only when hinted (the column is named for phones).
func isPhone(s string, hinted bool) bool {
	end := phoneAt(s, 0, hinted)
	return end > 0 && (end == len(s) || extensionEnd(s, end) == len(s))
}

// extensionEnd returns the end of an extension written after a number at
// s[i] (" ext. 204", " x12", " #3"), or i when there is none.
func extensionEnd(s string, i int) int {
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	switch {
	case strings.HasPrefix(s[j:], "ext."):
		j += 4
	case strings.HasPrefix(s[j:], "ext"), strings.HasPrefix(s[j:], "Ext"):
		j += 3
	case strings.HasPrefix(s[j:], "x"), strings.HasPrefix(s[j:], "#"):
		j++
	default:
		return i
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	k := j
	for k < len(s) && isDigit(s[k]) && k-j < 6 {
		k++
	}
	if k == j || (k < len(s) && isAlnum(s[k])) {
		return i
	}
	return k
}

// phoneAt parses a phone number starting at s[i] and returns its end, or
// -1. Numbers are written
//
//   - internationally: +CC …, 00CC … or 011 CC …, with or without
//     separators, "(0)" allowed after the calling code;
//   - in the North American format: (415) 555-2671, 415-555-2671,
//     415.555.2671, 1 415 555 2671;
//   - in a national format starting with the trunk prefix 0 and grouped:
//     020 7946 0958, 06 12 34 56 78, 030/1234567, (089) 123456;
//
// and must be valid numbers of some country by libphonenumber's metadata;
// a number written with a + needs only a known calling code and a length
// its numbers have (libphonenumber's "possible" numbers), as ranges are
// allocated and withdrawn while data keeps the numbers.
// Dates, times, version strings, IP addresses and other numbers that look
// like phones are refused by their shape: a phone is never a bare run of
// digits (unless hinted), never grouped like a date (2026-12-06, 06/12/2026)
// and never followed by a colon, a dot or a hyphen and more digits.
func phoneAt(s string, i int, hinted bool) int {
	var d [16]byte
	var groups [10]int
	n, ng, j := 0, 0, i
	plus, parens, seps := false, false, 0
	if j < len(s) && s[j] == '+' {
		plus = true
		j++
	}
	for j < len(s) {
		c := s[j]
		switch {
		case isDigit(c):
			k := j
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if n+k-j > len(d) || ng == len(groups) {
				return -1
			}
			for ; j < k; j++ {
				d[n] = s[j]
				n++
			}
			groups[ng] = n
			ng++
		case c == '(':
			k := j + 1
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			if k == j+1 || k-j-1 > 5 || k >= len(s) || s[k] != ')' || ng == len(groups) {
				return finishPhone(s, i, j, d[:n], groups[:ng], plus, parens, seps, hinted)
			}
			if plus && ng == 1 && k-j-1 == 1 && s[j+1] == '0' {
				// +44 (0)20 …: the trunk prefix in parentheses is not dialled.
			} else {
				if n+k-j-1 > len(d) {
					return -1
				}
				for p := j + 1; p < k; p++ {
					d[n] = s[p]
					n++
				}
				groups[ng] = n
				ng++
			}
			parens = true
			j = k + 1
			if j < len(s) && (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) {
				j++
			}
			continue
		case c == ' ' || c == '-' || c == '.' || c == '/':
			if j+1 < len(s) && (isDigit(s[j+1]) || (s[j+1] == '(' && c == ' ')) && j > i && (isDigit(s[j-1]) || s[j-1] == ')') {
				seps++
				j++
				continue
			}
			return finishPhone(s, i, j, d[:n], groups[:ng], plus, parens, seps, hinted)
		default:
			return finishPhone(s, i, j, d[:n], groups[:ng], plus, parens, seps, hinted)
		}
	}
	return finishPhone(s, i, j, d[:n], groups[:ng], plus, parens, seps, hinted)
}

// finishPhone decides on the candidate s[i:end] with digits d, grouped as
// ends (the digit count at the end of each group).
func finishPhone(s string, i, end int, d []byte, ends []int, plus, parens bool, seps int, hinted bool) int {
	n := len(d)
	for end > i && (s[end-1] == ' ' || s[end-1] == '-' || s[end-1] == '.' || s[end-1] == '/') {
		end--
	}
	if n < 7 || n > 15 || end <= i || !isDigit(s[end-1]) && s[end-1] != ')' {
		return -1
	}
	if end < len(s) {
		c := s[end]
		if isAlnum(c) || c == '_' || c == '@' || c >= 0x80 {
			return -1
		}
		if (c == ':' || c == '.' || c == '-' || c == '/' || c == ',') && end+1 < len(s) && isDigit(s[end+1]) {
			return -1
		}
	}
	var g [10]int // group lengths
	prev := 0
	for k, e := range ends {
		g[k] = e - prev
		prev = e
	}
	ng := len(ends)
	digits := string(d) // no escape: only read below
	formatted := plus || parens || seps > 0
	if !formatted && !hinted {
		return -1
	}
	if !plus && ng >= 3 && dateShape(g[:ng]) {
		return -1
	}
	if ng == 3 && g[0] == 3 && g[1] == 2 && g[2] == 4 {
		return -1 // ddd-dd-dddd is a social security number's shape
	}
	if !plus && ng == 2 && g[0] == 5 && (g[1] == 4 || g[1] == 3) {
		return -1 // a US ZIP+4 code (02110-1301) or a Brazilian CEP (01310-100)
	}
	if !plus && ng >= 4 && n != 10 && maxGroup(g[:ng]) <= 2 {
		return -1 // pairs of digits are phones only as 01 23 45 67 89
	}
	if ng == 4 && !plus && !parens && g[0] <= 3 && g[1] <= 3 && g[2] <= 3 && g[3] <= 3 && strings.Count(s[i:end], ".") == 3 {
		return -1 // an IPv4 address's or a version's shape
	}
	switch {
	case plus:
		if validInternational(digits) || n >= 8 && possibleInternational(digits) {
			return end
		}
		return -1
	case n >= 10 && digits[:2] == "00":
		if validInternational(digits[2:]) {
			return end
		}
	case n >= 11 && digits[:3] == "011":
		if validInternational(digits[3:]) {
			return end
		}
	}
	if nanpShape(g[:ng], digits, parens) || (hinted && (n == 10 || (n == 11 && d[0] == '1'))) {
		nsn := digits
		if n == 11 {
			nsn = digits[1:]
		}
		if n >= 10 && phoneRuleFor(1, "").valid(nsn) {
			return end
		}
	}
	if d[0] == '0' && (ng >= 2 || hinted) && validNational(digits) {
		return end
	}
	if hinted && n >= 11 && d[0] != '0' && validInternational(digits) {
		return end
	}
	if hinted && d[0] != '0' && validNationalNoTrunk(digits) {
		return end
	}
	return -1
}

// dateShape reports whether digit groups are laid out like a date or a
// timestamp: 2026-12-06, 2026 12 06 12, 06/12/2026, 6.12.2026.
func dateShape(g []int) bool {
	switch {
	case g[0] == 4 && g[1] <= 2 && g[2] <= 2:
		return true
	case g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2) && len(g) == 3:
		return true
	}
	return false
}

// nanpShape reports whether digit groups are written as North American
// numbers: (415) 555-2671, 415-555-2671, 415.555.2671, 1-415-555-2671.
func nanpShape(g []int, digits string, parens bool) bool {
	switch len(g) {
	case 3:
		return g[0] == 3 && g[1] == 3 && g[2] == 4
	case 4:
		return g[0] == 1 && digits[0] == '1' && g[1] == 3 && g[2] == 3 && g[3] == 4
	case 2:
		return parens && g[0] == 3 && g[1] == 7
	}
	return false
}

func maxGroup(g []int) int {
	m := 0
	for _, x := range g {
		m = max(m, x)
	}
	return m
}
