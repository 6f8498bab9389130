package skimmer

// isEmail reports whether the whole of s is one e-mail address.
func isEmail(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			start, end, ok := emailAround(s, i)
			return ok && start == 0 && end == len(s)
		}
	}
	return false
}

// emailAround finds the e-mail address whose @ is at s[at]: the local part
// is the run of local-part characters before it (1–64 bytes, no leading,
// trailing or double dot), the domain two or more labels of letters, digits
// and hyphens with an alphabetic top-level label. Addresses inside URLs
// with credentials (scheme://user:pass@host) are not e-mail addresses.
func emailAround(s string, at int) (start, end int, ok bool) {
	start = at
	for start > 0 && (isLocalChar(s[start-1]) || s[start-1] == '\'' && start >= 2 && isAlnum(s[start-2]) && isAlnum(s[start])) {
		start--
	}
	for start < at && s[start] == '.' {
		start++
	}
	local := s[start:at]
	if len(local) == 0 || len(local) > 64 || local[len(local)-1] == '.' {
		return 0, 0, false
	}
	for i := 1; i < len(local); i++ {
		if local[i] == '.' && local[i-1] == '.' {
			return 0, 0, false
		}
	}
	if start > 0 {
		switch s[start-1] {
		case ':':
			// "mailto:x@y" is an address; "https://user:pw@host" is not.
			for k := start - 1; k > 0 && !isSpace(s[k-1]); k-- {
				if s[k-1] == '/' {
					return 0, 0, false
				}
			}
		case '/', '@':
			return 0, 0, false
		}
	}
	end, ok = domainAt(s, at+1)
	return start, end, ok
}

// isLocalChar is a byte of the local part of an address as people write
// them (the RFC allows more, text rarely uses it).
func isLocalChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// domainAt parses a domain name starting at s[i] and returns its end.
func domainAt(s string, i int) (end int, ok bool) {
	labels := 0
	lastStart, lastAlpha := i, true
	j := i
	for {
		k := j
		alpha := true
		for k < len(s) && (isAlnum(s[k]) || s[k] == '-') {
			if !isAlpha(s[k]) {
				alpha = false
			}
			k++
		}
		n := k - j
		if n == 0 || n > 63 || s[j] == '-' || s[k-1] == '-' {
			break
		}
		labels++
		lastStart, lastAlpha, end = j, alpha, k
		if k+1 < len(s) && s[k] == '.' && isAlnum(s[k+1]) {
			j = k + 1
			continue
		}
		break
	}
	if labels < 2 || end-i > 253 {
		return 0, false
	}
	tld := s[lastStart:end]
	if !lastAlpha && !(len(tld) > 4 && tld[:4] == "xn--") {
		return 0, false
	}
	if len(tld) < 2 || len(tld) > 24 || inFold(fileExtensions, tld) {
		return 0, false
	}
	// A letter or digit right after the domain means it did not end here
	// (an address cut by an underscore, say).
	if end < len(s) && (s[end] == '_' || s[end] >= 0x80) {
		return 0, false
	}
	return end, true
}

// fileExtensions are top-level labels that are file names in text
// ("logo@2x.png"), not domains.
var fileExtensions = map[string]bool{
	"png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true, "webp": true,
	"css": true, "html": true, "pdf": true, "txt": true, "json": true, "yaml": true,
}

// inFold reports whether the ASCII lower-case form of s is in m, without
// allocating for keys of up to 32 bytes.
func inFold(m map[string]bool, s string) bool {
	if len(s) > 32 {
		return false
	}
	var b [32]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return m[string(b[:len(s)])]
}
