package skimmer

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A person's name is two to four capitalised words with a known given name
// and/or surname (names_data.go lists them, folded: lower case, accents
// dropped). Words that are also common English words (Grace, Will, Park,
// Long) count only next to another known name, and words that never belong
// to a person's name (The, Street, Inc, Monday…) refuse the match.

// Flags of a word in the name lexicon.
const (
	wGiven    = 1 << iota // a given name
	wSurname              // a surname
	wAmbGiven             // a given name that is also a common word
	wAmbSur               // a surname that is also a common word
	wStop                 // never part of a person's name
	wParticle             // van, de, bin… inside a name
	wTitle                // Mr, Dr, Frau… before a name
	wSuffix               // Jr, III, PhD… after a name
)

var lexicon struct {
	once  sync.Once
	words map[string]uint8
}

func loadLexicon() {
	m := make(map[string]uint8, 6000)
	add := func(list string, f uint8) {
		for _, w := range strings.Fields(list) {
			m[w] |= f
		}
	}
	add(givenNames, wGiven)
	add(surnames, wSurname)
	add(ambiguousGiven, wAmbGiven)
	add(ambiguousSurnames, wAmbSur)
	add(nameStopwords, wStop)
	add(nameParticles, wParticle)
	add(nameTitles, wTitle)
	add(nameSuffixes, wSuffix)
	lexicon.words = m
}

// wordFlags looks a word up in the lexicon: folded (lower case, accents
// dropped, apostrophes removed), then, for hyphenated words, part by part.
func wordFlags(w string) uint8 {
	lexicon.once.Do(loadLexicon)
	var buf [48]byte
	k, ok := foldWord(w, buf[:0])
	if !ok {
		return 0
	}
	f := lexicon.words[string(k)]
	if f == 0 && strings.IndexByte(w, '-') > 0 {
		j := k[:0]
		for _, c := range k {
			if c != '-' {
				j = append(j, c)
			}
		}
		f = lexicon.words[string(j)]
	}
	if f == 0 && strings.IndexByte(w, '-') > 0 {
		for _, part := range strings.Split(w, "-") {
			if k, ok := foldWord(part, buf[:0]); ok {
				f |= lexicon.words[string(k)] &^ (wStop | wParticle | wTitle)
			}
		}
	}
	return f
}

// foldWord appends the folded form of w to b: ASCII lower case, Latin
// letters without their accents, ß as ss, apostrophes and dots dropped.
func foldWord(w string, b []byte) ([]byte, bool) {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			switch {
			case isUpper(c):
				b = append(b, c+'a'-'A')
			case isLower(c), c == '-':
				b = append(b, c)
			case c == '\'' || c == '.':
			default:
				return b, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if r == '’' {
			continue
		}
		if a, ok := accentFold[unicode.ToLower(r)]; ok {
			b = append(b, a...)
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b, len(b) > 0
}

// accentFold maps accented Latin letters to plain ones.
var accentFold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i"}
	for _, g := range []struct{ to, from string }{
		{"a", "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"}, {"c", "çćĉċč"}, {"d", "ď"},
		{"e", "èéêëēĕėęěẹẻẽếềểễệ"}, {"g", "ĝğġģ"}, {"h", "ĥħ"},
		{"i", "ìíîïĩīĭįǐịỉ"}, {"j", "ĵ"}, {"k", "ķ"}, {"l", "ĺļľŀ"},
		{"n", "ñńņňŉ"}, {"o", "òóôõöōŏőǒơọỏốồổỗộớờởỡợ"}, {"r", "ŕŗř"},
		{"s", "śŝşšș"}, {"t", "ţťŧț"}, {"u", "ùúûüũūŭůűųǔưụủứừửữự"},
		{"w", "ŵ"}, {"y", "ýÿŷỳỵỷỹ"}, {"z", "źżž"},
	} {
		for _, r := range g.from {
			m[r] = g.to
		}
	}
	return m
}()

// nameWord is one word of a candidate name.
type nameWord struct {
	start, end int
	flags      uint8
	initial    bool // "J." or "J"
	upper      bool // all capitals
	lower      bool // no capitals
	titled     bool // a capital, then lower case
}

// nameWordAt reads the word at s[i]: letters with inner hyphens and
// apostrophes, or an initial with its dot.
func nameWordAt(s string, i int) (nameWord, bool) {
	w := nameWord{start: i}
	j, letters, uppers := i, 0, 0
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if isAlpha(c) {
				letters++
				if isUpper(c) {
					uppers++
				}
				j++
				continue
			}
			if (c == '-' || c == '\'') && letters > 0 && j+1 < len(s) && (isAlpha(s[j+1]) || s[j+1] >= utf8.RuneSelf) {
				j++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == '’' && letters > 0 {
			j += size
			continue
		}
		if !unicode.IsLetter(r) {
			break
		}
		letters++
		if unicode.IsUpper(r) {
			uppers++
		}
		j += size
	}
	if letters == 0 || letters > 24 {
		return w, false
	}
	r, _ := firstRune(s[i:j])
	first := isUpperRune(r)
	w.end = j
	w.upper = uppers == letters
	w.lower = uppers == 0
	w.titled = first && !w.upper
	if letters == 1 && first {
		w.initial = true
		if j < len(s) && s[j] == '.' {
			w.end = j + 1
		}
		return w, true
	}
	if j < len(s) && s[j] == '.' && j-i <= 4 { // Dr. Mr.
		w.flags = wordFlags(s[i:j])
		if w.flags&(wTitle|wSuffix) != 0 {
			w.end = j + 1
		}
		return w, true
	}
	w.flags = wordFlags(s[i:j])
	return w, true
}

func firstRune(s string) (rune, int) {
	if s == "" {
		return utf8.RuneError, 0
	}
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

func isUpperRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'A' && r <= 'Z'
	}
	return unicode.IsUpper(r)
}

// isName reports whether the whole of s is a person's name ("Maria
// González", "GONZÁLEZ, Maria", "Dr. Amina Okafor", "li wei"). A column
// named for people (hinted) also accepts two or three capitalised words
// none of which the lexicon knows, and one known given name or surname
// (a first_name or last_name column).
func isName(s string, hinted bool) bool {
	if len(s) > 80 {
		return false
	}
	var words [6]nameWord
	n, j, comma := 0, 0, -1
	for j < len(s) {
		if n == len(words) {
			return false
		}
		w, ok := nameWordAt(s, j)
		if !ok {
			return false
		}
		words[n] = w
		n++
		j = w.end
		if j == len(s) {
			break
		}
		if s[j] == ',' && comma < 0 && n == 1 {
			comma = n
			j++
		}
		if j < len(s) && s[j] != ' ' {
			return false
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
	}
	ws := words[:n]
	if n == 1 && hinted { // a first_name or last_name column
		w := ws[0]
		return w.flags&(wGiven|wSurname) != 0 && w.flags&(wStop|wTitle|wParticle) == 0 && (w.titled || w.upper || w.lower)
	}
	for len(ws) > 2 && ws[len(ws)-1].flags&wSuffix != 0 { // Martin Luther King Jr.
		ws = ws[:len(ws)-1]
	}
	if comma > 0 && n >= 2 { // "González, Maria" → Maria González
		ws = append(append([]nameWord{}, ws[1:]...), ws[0])
	}
	return nameScore(ws, false, hinted)
}

// nameScore decides whether the words make a person's name. In text
// (inText) the first word must be a known given name or a title; a
// structured value may also lead with an unknown word before a known,
// unambiguous surname.
func nameScore(ws []nameWord, inText, hinted bool) bool {
	if len(ws) < 2 {
		return false
	}
	allUpper, allLower, core := true, true, 0
	for i, w := range ws {
		if w.flags&wStop != 0 {
			return false
		}
		if w.flags&wParticle != 0 && w.lower && i > 0 && i < len(ws)-1 {
			continue
		}
		if w.initial {
			if i == len(ws)-1 {
				return false
			}
			continue
		}
		if w.flags&wTitle != 0 && i == 0 {
			continue
		}
		core++
		allUpper = allUpper && w.upper
		allLower = allLower && w.lower
		if !w.titled && !w.upper && !w.lower {
			return false
		}
	}
	if core < 1 || core > 4 {
		return false
	}
	first, last := ws[0], ws[len(ws)-1]
	mixed := !allUpper && !allLower
	for _, w := range ws {
		// Mixed case: capitalised words, initials, particles, titles, and
		// known names in capitals (GONZÁLEZ, Maria).
		if mixed && !w.titled && !w.initial && w.flags&(wParticle|wTitle) == 0 &&
			!(w.upper && w.flags&(wGiven|wSurname) != 0) {
			return false
		}
	}
	if inText && !mixed {
		return false
	}
	if first.flags&wTitle != 0 {
		return core >= 1 && (last.titled || last.upper && last.flags&wSurname != 0)
	}
	if core < 2 {
		return false
	}
	g1, sL := first.flags&wGiven != 0, last.flags&wSurname != 0
	ambG, ambS := first.flags&wAmbGiven != 0, last.flags&wAmbSur != 0
	knownLast := last.flags&(wSurname|wGiven) != 0
	switch {
	case g1 && sL:
		return true
	case first.flags&wSurname != 0 && last.flags&wGiven != 0 && core <= 3: // Wang Wei, Nguyễn Thị Minh
		return mixed || !inText
	case !mixed:
		return false
	case g1 && !ambG && (knownLast || last.titled):
		return true
	case g1 && ambG:
		return knownLast && !ambS
	case !inText && sL && !ambS:
		return true
	case hinted && !inText && core <= 3:
		return true
	}
	return false
}
