package skimmer

import "net/netip"

// ipKind says whether the whole of s is an IP address or network, and
// which: "ipv4" or "ipv6" ("" for neither).
func ipKind(s string) string {
	if end := ipv4At(s, 0); end == len(s) || end > 0 && portEnd(s, end) == len(s) {
		return "ipv4"
	}
	if end := ipv6At(s, 0); end == len(s) {
		return "ipv6"
	}
	if len(s) > 4 && s[0] == '[' {
		if end := ipv6At(s, 1); end > 0 && end < len(s) && s[end] == ']' && (end+1 == len(s) || portEnd(s, end+1) == len(s)) {
			return "ipv6"
		}
	}
	return ""
}

// portEnd returns the end of ":port" at s[i], or -1.
func portEnd(s string, i int) int {
	if i >= len(s) || s[i] != ':' {
		return -1
	}
	j := i + 1
	for j < len(s) && isDigit(s[j]) && j-i <= 5 {
		j++
	}
	if j == i+1 {
		return -1
	}
	return j
}

// ipv4At parses a dotted-quad IPv4 address (with an optional /prefix)
// starting at s[i] and returns its end, or -1. Octets are 0–255 without
// leading zeros; a fifth dotted number ("1.2.3.4.5", a version) or a
// letter or digit right after refuses the match. A port after a colon is
// not part of the match.
func ipv4At(s string, i int) int {
	j := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if j >= len(s) || s[j] != '.' {
				return -1
			}
			j++
		}
		k, v := j, 0
		for k < len(s) && isDigit(s[k]) && k-j < 4 {
			v = v*10 + int(s[k]-'0')
			k++
		}
		n := k - j
		if n == 0 || n > 3 || v > 255 || (n > 1 && s[j] == '0') {
			return -1
		}
		j = k
	}
	if j < len(s) && s[j] == '/' {
		k, v := j+1, 0
		for k < len(s) && isDigit(s[k]) && k-j <= 2 {
			v = v*10 + int(s[k]-'0')
			k++
		}
		if k > j+1 && v <= 32 {
			j = k
		}
	}
	if j < len(s) {
		c := s[j]
		if isAlnum(c) || c == '_' || c == '-' || (c == '.' && j+1 < len(s) && isDigit(s[j+1])) {
			return -1
		}
	}
	return j
}

// ipv6At parses an IPv6 address (compressed, with an embedded IPv4 or a
// zone, and an optional /prefix) starting at s[i] and returns its end, or
// -1. It wants two colons or more and a digit, so that words such as
// "dead::beef" in code are not addresses.
func ipv6At(s string, i int) int {
	j, colons, digit := i, 0, false
	for j < len(s) && j-i < 64 {
		c := s[j]
		if c == ':' {
			colons++
		} else if isDigit(c) {
			digit = true
		} else if !(isHex(c) || c == '.') {
			break
		}
		j++
	}
	// A trailing dot or single colon ends the sentence, not the address.
	for j > i && (s[j-1] == '.' || (s[j-1] == ':' && !(j-2 >= i && s[j-2] == ':'))) {
		if s[j-1] == ':' {
			colons--
		}
		j--
	}
	if colons < 2 || !digit {
		return -1
	}
	end := j
	if end < len(s) && s[end] == '%' {
		k := end + 1
		for k < len(s) && (isAlnum(s[k]) || s[k] == '_' || s[k] == '.') && k-end < 16 {
			k++
		}
		if k > end+1 {
			end = k
		}
	}
	a, err := netip.ParseAddr(s[i:end])
	if err != nil || !a.Is6() {
		return -1
	}
	if end < len(s) && s[end] == '/' {
		k, v := end+1, 0
		for k < len(s) && isDigit(s[k]) && k-end <= 3 {
			v = v*10 + int(s[k]-'0')
			k++
		}
		if k > end+1 && v <= 128 {
			end = k
		}
	}
	if end < len(s) {
		c := s[end]
		if isAlnum(c) || c == '_' || c == '-' || c == ':' || c >= 0x80 {
			return -1
		}
	}
	return end
}

// isMAC reports whether the whole of s is a MAC address.
func isMAC(s string) bool { return macAt(s, 0) == len(s) }

// macAt parses a MAC address starting at s[i] and returns its end, or -1:
// six pairs of hex digits joined by colons or by hyphens
// (00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E), or three groups of four joined by
// dots (001a.2b3c.4d5e, Cisco's form).
func macAt(s string, i int) int {
	if i+14 > len(s) {
		return -1
	}
	var end int
	switch sep := s[i+2]; {
	case (sep == ':' || sep == '-') && i+17 <= len(s):
		for g := 0; g < 6; g++ {
			p := i + 3*g
			if !isHex(s[p]) || !isHex(s[p+1]) || (g < 5 && s[p+2] != sep) {
				return -1
			}
		}
		end = i + 17
		if end < len(s) && (s[end] == sep || isHex(s[end])) {
			return -1
		}
	case s[i+4] == '.':
		for g := 0; g < 3; g++ {
			p := i + 5*g
			if !isHex(s[p]) || !isHex(s[p+1]) || !isHex(s[p+2]) || !isHex(s[p+3]) || (g < 2 && s[p+4] != '.') {
				return -1
			}
		}
		end = i + 14
		if end < len(s) && (isHex(s[end]) || (s[end] == '.' && end+1 < len(s) && isHex(s[end+1]))) {
			return -1
		}
	default:
		return -1
	}
	if end < len(s) && (isAlnum(s[end]) || s[end] == '_') {
		return -1
	}
	return end
}
