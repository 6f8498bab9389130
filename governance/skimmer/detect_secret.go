package skimmer

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
)

// secretPrefix is one kind of credential known by how it starts.
type secretPrefix struct {
	prefix   string
	min, max int    // length of the body after the prefix (max 0: no limit)
	charset  string // the body's characters: "A0" upper and digits, "a0" base62, "a0_" base62 and underscore, "a0-" base62 and hyphen, "a0_-" both
	detector string
}

// secretPrefixes are credentials by prefix, grouped by first byte.
var secretPrefixes = [256][]secretPrefix{
	'A': {
		{"AKIA", 16, 16, "A0", "aws access key"}, {"ASIA", 16, 16, "A0", "aws access key"},
		{"AGPA", 16, 16, "A0", "aws access key"}, {"AIDA", 16, 16, "A0", "aws access key"},
		{"AROA", 16, 16, "A0", "aws access key"}, {"AIPA", 16, 16, "A0", "aws access key"},
		{"ANPA", 16, 16, "A0", "aws access key"}, {"ANVA", 16, 16, "A0", "aws access key"},
		{"ABIA", 16, 16, "A0", "aws access key"}, {"ACCA", 16, 16, "A0", "aws access key"},
		{"AIza", 35, 35, "a0_-", "google api key"},
	},
	'g': {
		{"ghp_", 36, 40, "a0", "github token"}, {"gho_", 36, 40, "a0", "github token"},
		{"ghs_", 36, 40, "a0", "github token"}, {"ghu_", 36, 40, "a0", "github token"},
		{"ghr_", 36, 40, "a0", "github token"}, {"github_pat_", 22, 255, "a0_", "github token"},
		{"glpat-", 20, 64, "a0_-", "gitlab token"},
	},
	'x': {
		{"xoxb-", 10, 255, "a0-", "slack token"}, {"xoxp-", 10, 255, "a0-", "slack token"},
		{"xoxa-", 10, 255, "a0-", "slack token"}, {"xoxr-", 10, 255, "a0-", "slack token"},
		{"xoxs-", 10, 255, "a0-", "slack token"}, {"xoxe-", 10, 255, "a0-", "slack token"},
		{"xapp-", 10, 255, "a0-", "slack token"},
	},
	's': {
		{"sk_live_", 16, 255, "a0", "stripe key"}, {"sk_test_", 16, 255, "a0", "stripe key"},
		{"sk-proj-", 32, 255, "a0_-", "openai key"}, {"sk-ant-", 32, 255, "a0_-", "anthropic key"},
		{"shpat_", 32, 32, "a0", "shopify token"}, {"shpss_", 32, 32, "a0", "shopify token"},
	},
	'r': {{"rk_live_", 16, 255, "a0", "stripe key"}, {"rk_test_", 16, 255, "a0", "stripe key"}},
	'w': {{"whsec_", 24, 255, "a0", "webhook secret"}},
	'n': {{"npm_", 36, 36, "a0", "npm token"}},
	'h': {{"hf_", 30, 40, "a0", "hugging face token"}},
}

func inCharset(c byte, cs string) bool {
	switch {
	case isDigit(c), isUpper(c):
		return true
	case isLower(c):
		return cs != "A0"
	case c == '_':
		return strings.IndexByte(cs, '_') >= 0
	case c == '-':
		return strings.IndexByte(cs, '-') >= 0
	}
	return false
}

// secretPrefixed says whether the whole of s is a credential known by its
// prefix or a JWT, and which detector knew it ("" for none).
func secretPrefixed(s string) string {
	if end, d := secretAt(s, 0); end == len(s) {
		return d
	}
	return ""
}

// secretAt parses a credential known by its prefix, a JWT or the header of
// a PEM private key starting at s[i], and returns its end (or -1) and the
// detector that knew it.
func secretAt(s string, i int) (int, string) {
	if i >= len(s) {
		return -1, ""
	}
	switch s[i] {
	case 'e':
		if end := jwtAt(s, i); end > 0 {
			return end, "jwt"
		}
		return -1, ""
	case '-':
		if strings.HasPrefix(s[i:], "-----BEGIN ") {
			if k := strings.Index(s[i:min(len(s), i+64)], "PRIVATE KEY-----"); k > 0 {
				return i + k + len("PRIVATE KEY-----"), "private key"
			}
		}
		return -1, ""
	}
	for _, p := range secretPrefixes[s[i]] {
		if !strings.HasPrefix(s[i:], p.prefix) {
			continue
		}
		j := i + len(p.prefix)
		k := j
		for k < len(s) && inCharset(s[k], p.charset) {
			k++
		}
		n := k - j
		if n < p.min || (p.max > 0 && n > p.max) || (k < len(s) && (isAlnum(s[k]) || s[k] == '_')) {
			continue
		}
		if p.charset == "a0-" && !hasDigit(s[j:k]) {
			continue
		}
		return k, p.detector
	}
	return -1, ""
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// jwtAt parses a JSON Web Token at s[i]: three base64url parts joined by
// dots, the first two JSON objects ("eyJ…"), the header naming its "alg".
func jwtAt(s string, i int) int {
	if !strings.HasPrefix(s[i:], "eyJ") {
		return -1
	}
	var dots [2]int
	nd, j := 0, i
	for j < len(s) {
		c := s[j]
		if c == '.' {
			if nd == 2 {
				break
			}
			dots[nd] = j
			nd++
		} else if !(isAlnum(c) || c == '_' || c == '-') {
			break
		}
		j++
	}
	if nd != 2 || dots[0]-i < 10 || dots[1]-dots[0] < 4 || !strings.HasPrefix(s[dots[0]+1:], "ey") {
		return -1
	}
	if j < len(s) && (s[j] == '.' || s[j] == '=') {
		return -1
	}
	head, err := base64.RawURLEncoding.DecodeString(s[i:dots[0]])
	if err != nil || !json.Valid(head) {
		return -1
	}
	var h struct {
		Alg *string `json:"alg"`
	}
	if json.Unmarshal(head, &h) != nil || h.Alg == nil {
		return -1
	}
	return j
}

// minSecret is the shortest token the entropy detector considers.
const minSecret = 24

// isHighEntropy reports whether a token looks like a random secret: 24 to
// 256 characters of base64 or base62 (with _ and -), upper and lower case
// letters and digits mixed, and a Shannon entropy close to a random
// string's of that length. Hex strings (SHA-1, SHA-256, MD5 digests and
// other hashes), UUIDs, padded base64 digests and SRI hashes are not
// secrets.
func isHighEntropy(t string) bool {
	n := len(t)
	if n < minSecret || n > 256 {
		return false
	}
	pad := 0
	for pad < n && t[n-1-pad] == '=' {
		pad++
	}
	if pad > 2 {
		return false
	}
	body := t[:n-pad]
	var counts [128]uint8
	upper, lower, digits, hexOnly, run, maxRun := 0, 0, 0, true, 0, 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case isUpper(c):
			upper++
			run = 0
		case isLower(c):
			lower++
			run++
			if run > maxRun {
				maxRun = run
			}
		case isDigit(c):
			digits++
			run = 0
		case c == '+' || c == '/' || c == '_' || c == '-':
			run = 0
		default:
			return false
		}
		if !isHex(c) && c != '-' {
			hexOnly = false
		}
		counts[c]++
	}
	if hexOnly || upper == 0 || lower == 0 || digits == 0 || maxRun >= 9 {
		return false
	}
	if pad > 0 && n%4 == 0 {
		switch n/4*3 - pad { // a digest's length in bytes: MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512
		case 16, 20, 28, 32, 48, 64:
			return false
		}
	}
	if len(t) > 7 && (strings.HasPrefix(t, "sha256-") || strings.HasPrefix(t, "sha384-") || strings.HasPrefix(t, "sha512-")) {
		return false
	}
	if wordiness(body) >= 0.6 || letterSegments(body) >= 3 || 100*separators(body) >= 12*len(body) {
		return false // an identifier: TestH12_Head_ExplicitLen, http2cipher_TLS_RSA_WITH_RC4_128_MD5
	}
	h := 0.0
	for _, k := range counts {
		if k > 0 {
			p := float64(k) / float64(len(body))
			h -= p * math.Log2(p)
		}
	}
	return h >= entropyThreshold(len(body))
}

// entropyThreshold is the least Shannon entropy (bits per character) of a
// secret of n characters: a little under what random base62 strings of
// that length reach, well over what words and identifiers do.
func entropyThreshold(n int) float64 {
	return math.Min(4.25, math.Log2(float64(n))-0.75)
}

// wordiness is the share of a token's characters that sit in runs that
// read like words: four or more lower-case letters after an optional
// capital ("Head", "cipher"), or four or more capitals ("EXPORT").
// Identifiers such as TestH12_Head_ExplicitLen are mostly words (0.6 or
// more); fewer than one random base62 token in a hundred is.
func wordiness(t string) float64 {
	inWords := 0
	for i := 0; i < len(t); {
		j := i
		if isUpper(t[j]) {
			j++
		}
		k := j
		for k < len(t) && isLower(t[k]) {
			k++
		}
		if k-j >= 4 || k-j >= 3 && j > i {
			inWords += k - i
			i = k
			continue
		}
		k = i
		for k < len(t) && isUpper(t[k]) {
			k++
		}
		if k-i >= 4 {
			inWords += k - i
			i = k
			continue
		}
		i++
	}
	return float64(inWords) / float64(len(t))
}

// letterSegments counts the parts of a token between underscores and
// hyphens that are three letters or more and nothing else (HWPROBE, KEY,
// IMA in riscv_HWPROBE_KEY_IMA_EXT_0): three or more make an identifier.
func letterSegments(t string) int {
	n, start := 0, 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && t[i] != '_' && t[i] != '-' {
			continue
		}
		seg := t[start:i]
		ok := len(seg) >= 3
		for k := 0; k < len(seg) && ok; k++ {
			ok = isAlpha(seg[k])
		}
		if ok {
			n++
		}
		start = i + 1
	}
	return n
}

// separators counts underscores and hyphens: one in eight characters or
// more makes an identifier (http2cipher_TLS_KRB5_WITH_RC4_128_MD5); random
// base64url has one in thirty-two.
func separators(t string) int {
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] == '_' || t[i] == '-' {
			n++
		}
	}
	return n
}
