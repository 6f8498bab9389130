package agent

import (
	"strings"
	"unicode"
)

// stopWords carry no meaning for retrieval.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for by with from and or not no is are was were be been
		do does did what which who whom whose how many much per each every all any some this that these those
		we our us you your i me my it its they them their there here than then show list give tell me please
		last first next top most least over under between into as vs versus about can could would should
		day days week weeks month months year years today yesterday ago since get find`) {
		stopWords[w] = true
	}
	for word, alts := range synonymWords {
		var stems []string
		for _, a := range alts {
			for _, t := range splitWords(a) {
				stems = append(stems, stem(t))
			}
		}
		synonyms[stem(word)] = append(synonyms[stem(word)], stems...)
	}
}

// synonymWords expand a question word into the words the catalog uses for
// it, in the network-company domain of the demo and of typical lakes.
var synonymWords = map[string][]string{
	"revenue":    {"billing", "alloc_amount", "invoice", "billed"},
	"income":     {"revenue", "billing"},
	"sales":      {"revenue", "billing", "invoice"},
	"money":      {"billing", "amount"},
	"billing":    {"revenue", "invoice"},
	"invoice":    {"billing"},
	"customer":   {"account"},
	"client":     {"account", "customer"},
	"account":    {"customer"},
	"traffic":    {"requests", "bytes"},
	"request":    {"traffic"},
	"bandwidth":  {"bytes"},
	"attack":     {"security", "threat", "attack_type"},
	"security":   {"attack", "threat"},
	"threat":     {"attack", "security"},
	"blocked":    {"security", "block", "action"},
	"cache":      {"cache_status", "cached", "hit"},
	"cached":     {"cache"},
	"colo":       {"datacenter", "edge", "location"},
	"datacenter": {"colo"},
	"center":     {"colo"},
	"pop":        {"colo"},
	"zone":       {"domain"},
	"domain":     {"zone"},
	"website":    {"zone", "domain"},
	"site":       {"zone", "domain"},
	"bot":        {"bot_score", "threat"},
	"ticket":     {"support"},
	"support":    {"ticket"},
	"plan":       {"subscription"},
	"country":    {"client_country", "region"},
	"region":     {"country"},
}

// synonyms maps a stem to the stems it expands to.
var synonyms = map[string][]string{}

// splitWords lower-cases s and splits it into words of letters and digits;
// '.', '_' and everything else separate words.
func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tokens returns the stems of the words of s, without stop words.
func tokens(s string) []string {
	words := splitWords(s)
	out := words[:0]
	for _, w := range words {
		if stopWords[w] || len(w) < 2 {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// stem strips plural s, -ing, -ed and a final e, never below three letters:
// billings, billing → bill; caches, cached, caching → cach.
func stem(w string) string {
	cut := func(suffix string) bool {
		if len(w) > len(suffix)+2 && strings.HasSuffix(w, suffix) {
			w = w[:len(w)-len(suffix)]
			return true
		}
		return false
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	default:
		cut("s")
	}
	if !cut("ing") {
		cut("ed")
	}
	cut("e")
	return w
}
