package skimmer

import "strings"

// Street addresses are a house number and a street, written as each
// language writes them:
//
//   - number, street words, suffix: 221B Baker Street, 1600 Pennsylvania
//     Ave NW, 350 5th Ave (English);
//   - number, street type, name: 12 rue de la Paix, 8 boulevard Haussmann
//     (French);
//   - street type, name, number: Calle de Alcalá 42, Via Roma 12, Rua
//     Augusta, 100, ul. Marszałkowska 10 (Spanish, Italian, Portuguese,
//     Polish);
//   - street word with its suffix, number: Hauptstraße 5, Kerkstraat 12,
//     Storgatan 3 (German, Dutch, Nordic).
//
// A unit, a city and a postcode may follow in a structured value.

// English street suffixes (lower case; a trailing dot is allowed).
var streetSuffixes = map[string]bool{
	"street": true, "st": true, "avenue": true, "ave": true, "av": true, "road": true, "rd": true,
	"boulevard": true, "blvd": true, "lane": true, "ln": true, "drive": true, "dr": true,
	"court": true, "ct": true, "place": true, "pl": true, "way": true, "terrace": true,
	"parkway": true, "pkwy": true, "highway": true, "hwy": true, "square": true, "sq": true,
	"circle": true, "cir": true, "trail": true, "crescent": true, "close": true, "grove": true,
	"gardens": true, "row": true, "mews": true, "walk": true, "plaza": true, "alley": true,
	"loop": true, "path": true, "heights": true, "expressway": true, "turnpike": true,
}

// suffixAbbreviations are the suffixes written with a dot.
var suffixAbbreviations = map[string]bool{
	"st": true, "ave": true, "av": true, "rd": true, "blvd": true, "ln": true, "dr": true, "ct": true,
	"pl": true, "pkwy": true, "hwy": true, "sq": true, "cir": true,
}

// Street types written after the house number (French, and English "Rue").
var numberFirstTypes = map[string]bool{
	"rue": true, "avenue": true, "av": true, "boulevard": true, "bd": true, "chemin": true,
	"allée": true, "allee": true, "place": true, "impasse": true, "quai": true, "route": true,
	"cours": true, "passage": true, "square": true,
}

// Street types written before the name, the number last.
var numberLastTypes = map[string]bool{
	"calle": true, "c/": true, "avenida": true, "avda": true, "av": true, "paseo": true, "plaza": true,
	"carrer": true, "carretera": true, "camino": true, "via": true, "viale": true, "piazza": true,
	"piazzale": true, "corso": true, "largo": true, "vicolo": true, "rua": true, "travessa": true,
	"praça": true, "praca": true, "alameda": true, "rodovia": true, "ul": true, "ulica": true,
	"al": true, "aleja": true, "laan": true, "straat": true, "strada": true,
}

// Suffixes of street words that carry their own type (lower case).
var compoundSuffixes = []string{
	"straße", "strasse", "str.", "weg", "gasse", "allee", "platz", "damm", "ufer", "chaussee",
	"straat", "laan", "gracht", "plein", "kade", "singel", "gatan", "vägen", "vagen", "gata",
	"gade", "vej", "veien", "vegen", "katu", "utca",
}

// Particles inside street names.
var streetParticles = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l'": true, "d'": true,
	"del": true, "della": true, "delle": true, "dei": true, "degli": true, "di": true, "da": true,
	"do": true, "dos": true, "das": true, "las": true, "los": true, "of": true, "the": true,
	"van": true, "der": true, "den": true, "von": true, "het": true, "y": true,
}

// isAddress reports whether s starts with a street address and whatever
// follows it looks like a unit, a city and a postcode.
func isAddress(s string) bool {
	end := addressAt(s, 0)
	if end < 0 {
		return false
	}
	if len(s) > 160 {
		return false
	}
	for i := end; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == ' ' || c == ',' || c == '.' || c == '-' || c == '#' || c == '/' || c == '\'' || c >= 0x80) {
			return false
		}
	}
	return end == len(s) || s[end] == ',' || s[end] == ' '
}

// addressAt parses a street address starting at s[i] and returns its end,
// or -1.
func addressAt(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	if isDigit(s[i]) {
		return numberFirstAt(s, i)
	}
	w, j := wordAt(s, i)
	if w == "" {
		return -1
	}
	if t := strings.TrimSuffix(w, "."); len(t) <= 9 && (isUpperStart(t) || t == "ul" || t == "al" || t == "c/") && inFold(numberLastTypes, t) {
		if end := typeFirstAt(s, j); end > 0 {
			return end
		}
	}
	if j+1 < len(s) && s[j] == ' ' && isDigit(s[j+1]) && isUpperStart(w) && hasCompoundSuffix(w) {
		if end := houseNumberAt(s, j+1); end > 0 {
			return end
		}
	}
	// Berliner Straße 12, Rue du Four 3: a word, then a street word that
	// is a suffix on its own.
	if j+2 < len(s) && s[j] == ' ' && isUpperStart(w) {
		if w2, k := wordAt(s, j+1); isUpperStart(w2) && inFold(standaloneTypes, w2) && k+1 < len(s) && s[k] == ' ' && isDigit(s[k+1]) {
			if end := houseNumberAt(s, k+1); end > 0 {
				return end
			}
		}
	}
	return -1
}

// standaloneTypes are street words written on their own after a name.
var standaloneTypes = map[string]bool{
	"straße": true, "strasse": true, "str.": true, "weg": true, "allee": true, "platz": true,
	"gasse": true, "damm": true, "ufer": true, "chaussee": true, "ring": true, "markt": true,
}

// numberFirstAt parses "221B Baker Street" and "12 rue de la Paix".
func numberFirstAt(s string, i int) int {
	j := houseNumberAt(s, i)
	if j < 0 || j >= len(s) || s[j] != ' ' {
		return -1
	}
	j++
	if j < len(s) && s[j] == ',' {
		return -1
	}
	w, k := wordAt(s, j)
	if w == "" {
		return -1
	}
	if inFold(numberFirstTypes, strings.TrimSuffix(w, ".")) {
		if end := streetNameAt(s, k, 1, 6); end > 0 {
			return end
		}
	}
	// English: 1–4 name words, then the suffix.
	words := 0
	for words < 5 {
		if w == "" || !(isUpperStart(w) || isOrdinal(w) || isDirectional(w)) {
			return -1
		}
		t := strings.TrimSuffix(w, ".")
		if words > 0 && inFold(streetSuffixes, t) && (k == len(s) || !isAlnum(s[k])) {
			if t != w && !inFold(suffixAbbreviations, t) {
				k-- // "Baker Street." ends a sentence
			}
			// A directional may follow: 1600 Pennsylvania Ave NW.
			if k+1 < len(s) && s[k] == ' ' {
				if d, e := wordAt(s, k+1); isDirectional(d) && (e == len(s) || !isAlnum(s[e])) {
					return e
				}
			}
			return k
		}
		words++
		if k >= len(s) || s[k] != ' ' {
			return -1
		}
		w, k = wordAt(s, k+1)
	}
	return -1
}

// typeFirstAt parses the name and number after a street type: " de
// Alcalá 42", " Roma 12", " Augusta, 100".
func typeFirstAt(s string, j int) int {
	if j >= len(s) || s[j] != ' ' {
		return -1
	}
	k := j + 1
	titled := 0
	for n := 0; n < 6; n++ {
		w, e := wordAt(s, k)
		if w == "" {
			return -1
		}
		switch {
		case inFold(streetParticles, w):
		case isUpperStart(w) || isOrdinal(w):
			titled++
		default:
			return -1
		}
		if titled > 0 && e < len(s) {
			next := e
			if s[next] == ',' {
				next++
			}
			if next < len(s) && s[next] == ' ' {
				if end := houseNumberAt(s, next+1); end > 0 {
					return end
				}
				if strings.HasPrefix(s[next+1:], "s/n") {
					return next + 4
				}
			}
		}
		if e >= len(s) || s[e] != ' ' {
			return -1
		}
		k = e + 1
	}
	return -1
}

// streetNameAt parses " de la Paix": particles and at least one word with
// a capital, up to max words, after a French street type.
func streetNameAt(s string, j, least, max int) int {
	if j >= len(s) || s[j] != ' ' {
		return -1
	}
	k, titled, end := j+1, 0, -1
	for n := 0; n < max; n++ {
		w, e := wordAt(s, k)
		if w == "" {
			break
		}
		switch {
		case inFold(streetParticles, w):
		case hasFoldPrefix(w, "l'") || hasFoldPrefix(w, "d'") || isUpperStart(w):
			titled++
			end = e
		default:
			n = max
			continue
		}
		if e >= len(s) || s[e] != ' ' {
			break
		}
		k = e + 1
	}
	if titled < least {
		return -1
	}
	return end
}

// houseNumberAt parses a house number: 1–5 digits, then a letter (221B), a
// range (12-14) or a second number (10/12), at a word's end.
func houseNumberAt(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i || j-i > 5 || s[i] == '0' {
		return -1
	}
	if j < len(s) && (s[j] == '-' || s[j] == '/') && j+1 < len(s) && isDigit(s[j+1]) {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k-j-1 <= 4 {
			j = k
		}
	}
	if j < len(s) && isAlpha(s[j]) && (j+1 == len(s) || !isAlnum(s[j+1])) {
		j++
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]) || s[j] == ':') {
		return -1
	}
	return j
}

// wordAt returns the word at s[i] (letters, apostrophes, a trailing dot,
// "c/") and its end.
func wordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		c := s[j]
		if isAlnum(c) || c >= 0x80 || (c == '\'' && j > i) || (c == '-' && j > i && j+1 < len(s) && isAlpha(s[j+1])) {
			j++
			continue
		}
		if c == '/' && j == i+1 && (s[i] == 'c' || s[i] == 'C') {
			j++
			return s[i:j], j
		}
		break
	}
	if j > i && j < len(s) && s[j] == '.' {
		j++
	}
	return s[i:j], j
}

func hasCompoundSuffix(w string) bool {
	for _, suf := range compoundSuffixes {
		if len(w) >= len(suf) && strings.EqualFold(w[len(w)-len(suf):], suf) {
			return true
		}
	}
	return false
}

func hasFoldPrefix(w, p string) bool {
	return len(w) >= len(p) && strings.EqualFold(w[:len(p)], p)
}

func isOrdinal(w string) bool {
	j := 0
	for j < len(w) && isDigit(w[j]) {
		j++
	}
	if j == 0 || j > 3 {
		return false
	}
	t := w[j:]
	return strings.EqualFold(t, "st") || strings.EqualFold(t, "nd") || strings.EqualFold(t, "rd") || strings.EqualFold(t, "th")
}

func isDirectional(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "N", "S", "E", "W", "NE", "NW", "SE", "SW":
		return true
	}
	return false
}

// isUpperStart reports whether w starts with an upper-case letter and has
// a lower-case one after it.
func isUpperStart(w string) bool {
	if w == "" {
		return false
	}
	r, size := firstRune(w)
	if !isUpperRune(r) {
		return false
	}
	for i := size; i < len(w); i++ {
		if isLower(w[i]) || w[i] >= 0x80 {
			return true
		}
	}
	return false
}
