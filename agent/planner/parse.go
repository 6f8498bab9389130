package planner

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// parsed is what the planner recognised in a question.
type parsed struct {
	spans    []span            // time phrases, in the order found
	zone     string            // a named zone ("zone example.com")
	account  string            // a named account ("account Acme Labs")
	metrics  []string          // metric keys, in order, deduplicated
	entities []string          // "account", "zone"
	dims     []string          // dimension keys
	values   []value           // dimension = value filters
	flags    map[string]bool   // grammar concepts: count, top, avg, ...
	grain    string            // "day", "month", "hour" or ""
	topN     int               // a number after top/most, 0 if none
	over     float64           // a threshold after over/above, 0 if none
	idents   []string          // identifiers such as alloc_amount or fct.billings_allocated
	unknown  []string          // words it does not know
	words    []string          // the remaining words, for catalog search
	known    map[string]string // recognised phrase -> concept, for the restatement
}

var (
	zoneRe    = regexp.MustCompile(`(?i)\b(?:zone|site|domain)\s+([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)`)
	bareZone  = regexp.MustCompile(`(?i)\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|io|co|dev|app|org|cloud|de|fr|uk|nl|jp|br|in|au|ca|it|es|se|ch|at|be|dk|fi|no|pl|pt|ro|ru|cn|hk|id|kr|my|nz|ph|sg|th|tw|vn|ar|cl|mx|co\.uk))\b`)
	accountRe = regexp.MustCompile(`(?i)\b(?:account|customer)\s+(?:named\s+|called\s+)?(.+?)\s+(?:have|has|own|owns|got|hold|holds)\b`)
	acctTail  = regexp.MustCompile(`\b(?i:for|of|to|by|does|do|has)\s+(?i:the\s+)?(?i:account|customer)\s+(?i:named\s+|called\s+)?([A-Z"“'][^?]*?)\s*\??\s*$`)
	identRe   = regexp.MustCompile(`^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$`)
	moneyRe   = regexp.MustCompile(`^\$?(\d[\d,]*(?:\.\d+)?)(k|m)?$`)
	tokenRe   = regexp.MustCompile(`[a-z0-9_$<>.,'-]+`)
)

// extractEntities finds a named zone or account in the question as written
// and returns the question with them replaced by placeholders.
func extractEntities(q string) (zone, account, rest string) {
	rest = q
	if m := accountRe.FindStringSubmatchIndex(rest); m != nil {
		account = strings.Trim(rest[m[2]:m[3]], `"“”' `)
		rest = rest[:m[2]] + "⟨account⟩" + rest[m[3]:]
	} else if m := acctTail.FindStringSubmatchIndex(rest); m != nil {
		// The name runs to the end of the question, less a time phrase
		// there: "revenue for account Acme Labs last month".
		end := m[3]
		if i := timeAt(strings.ToLower(rest[m[2]:m[3]])); i > 0 {
			end = m[2] + i
		}
		account = strings.Trim(rest[m[2]:end], `"“”' `)
		rest = rest[:m[2]] + "⟨account⟩ " + rest[end:]
	}
	if m := zoneRe.FindStringSubmatchIndex(rest); m != nil {
		zone = rest[m[2]:m[3]]
		rest = rest[:m[2]] + "⟨zone⟩" + rest[m[3]:]
	} else if m := bareZone.FindStringSubmatchIndex(rest); m != nil && !strings.Contains(rest[m[2]:m[3]], "_") &&
		!strings.HasPrefix(strings.ToLower(rest[m[2]:m[3]]), "fct.") && !strings.HasPrefix(strings.ToLower(rest[m[2]:m[3]]), "dim.") {
		zone = rest[m[2]:m[3]]
		rest = rest[:m[2]] + "zone ⟨zone⟩" + rest[m[3]:]
	}
	return zone, strings.TrimRight(account, "?! "), rest
}

// timeAt returns where the first time phrase in s starts, or -1.
func timeAt(s string) int {
	at := -1
	for _, r := range timeRules {
		if loc := r.re.FindStringIndex(s); loc != nil && (at < 0 || loc[0] < at) {
			at = loc[0]
		}
	}
	return at
}

// normalise lower-cases q and reduces punctuation to spaces, keeping what
// numbers, identifiers and comparisons need.
func normalise(q string) string {
	q = strings.ToLower(q)
	q = strings.NewReplacer("’", "'", "‘", "'", "?", " ", "!", " ", "(", " ", ")", " ", ";", " ", ":", " ",
		"“", " ", "”", " ", "\"", " ", "e-commerce", "ecommerce").Replace(q)
	return strings.Join(strings.Fields(q), " ")
}

// parse recognises the parts of question q relative to now.
func parse(q string, now time.Time) parsed {
	p := parsed{flags: map[string]bool{}, known: map[string]string{}}
	p.zone, p.account, q = extractEntities(q)
	q = normalise(q)
	for {
		s, rest, ok := findSpan(q, now)
		if !ok {
			break
		}
		p.spans = append(p.spans, s)
		if s.Incident {
			p.flags["incident"] = true
		}
		q = rest
	}
	toks := tokenRe.FindAllString(q, -1)
	for i := range toks {
		toks[i] = strings.Trim(toks[i], ".,'-")
		toks[i] = strings.TrimSuffix(toks[i], "'s")
	}
	toks = compact(toks)
	for i := 0; i < len(toks); {
		if toks[i] == "⟨zone⟩" || toks[i] == "⟨account⟩" {
			i++
			continue
		}
		n, concept := longest(toks[i:])
		if n > 0 {
			phrase := strings.Join(toks[i:i+n], " ")
			p.known[phrase] = concept
			p.add(concept, toks, i+n)
			i += n
			continue
		}
		w := toks[i]
		i++
		switch {
		case w == "":
		case moneyRe.MatchString(w):
			p.number(w)
		case identRe.MatchString(w):
			p.idents = append(p.idents, w)
		case writeWords[w]:
			p.flags["write"] = true
			p.unknown = append(p.unknown, w)
		case futureWords[w]:
			p.flags["future"] = true
			p.unknown = append(p.unknown, w)
		case stopwords[w]:
		default:
			p.unknown = append(p.unknown, w)
			p.words = append(p.words, w)
		}
	}
	if strings.Contains(q, "⟨zone⟩") && p.zone != "" {
		p.entities = appendOnce(p.entities, "zone")
	}
	return p
}

func compact(toks []string) []string {
	out := toks[:0]
	for _, t := range toks {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

var maxPhrase = func() int {
	n := 0
	for k := range phrases {
		n = max(n, len(strings.Fields(k)))
	}
	return n
}()

// longest returns the length in words of the longest phrase at the start of
// toks and its concept, or 0.
func longest(toks []string) (int, string) {
	for n := min(maxPhrase, len(toks)); n > 0; n-- {
		if c, ok := phrases[strings.Join(toks[:n], " ")]; ok {
			return n, c
		}
	}
	return 0, ""
}

// add records one concept; next is the index of the word after it, for the
// number that may follow top or over.
func (p *parsed) add(c string, toks []string, next int) {
	kind, arg, _ := strings.Cut(c, ":")
	switch kind {
	case "m":
		p.metrics = appendOnce(p.metrics, arg)
	case "e":
		p.entities = appendOnce(p.entities, arg)
	case "d":
		p.dims = appendOnce(p.dims, arg)
	case "v":
		d, v, _ := strings.Cut(arg, "=")
		for _, x := range p.values {
			if x.Dim == d && x.Value == v {
				return
			}
		}
		p.values = append(p.values, value{Dim: d, Value: v})
	case "g":
		p.grain = arg
	default:
		p.flags[c] = true
		if (c == "top" || c == "bottom") && next < len(toks) {
			if n, ok := number(toks[next]); ok && toks[next] != "a" && toks[next] != "an" {
				p.topN = n
				toks[next] = ""
			}
		}
		if c == "over" && next < len(toks) {
			if v, ok := money(toks[next]); ok {
				p.over = v
				toks[next] = ""
			}
		}
	}
}

// number handles a number that no top or over claimed.
func (p *parsed) number(w string) {
	if n, ok := number(w); ok && p.topN == 0 && !p.flags["over"] {
		p.topN = n
		return
	}
	if v, ok := money(w); ok && p.flags["over"] && p.over == 0 {
		p.over = v
		return
	}
	p.unknown = append(p.unknown, w)
}

func money(w string) (float64, bool) {
	m := moneyRe.FindStringSubmatch(w)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil {
		return 0, false
	}
	switch m[2] {
	case "k":
		v *= 1e3
	case "m":
		v *= 1e6
	}
	return v, true
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// recognised lists what the planner understood, for a refusal.
func (p parsed) recognised() []string {
	var out []string
	for _, m := range p.metrics {
		out = append(out, "metric: "+metrics[m].Label)
	}
	for _, e := range p.entities {
		out = append(out, "about: "+e+"s")
	}
	for _, d := range p.dims {
		out = append(out, "by: "+dimensions[d].Label)
	}
	for _, v := range p.values {
		out = append(out, "filter: "+v.Dim+" = "+v.Value)
	}
	for _, s := range p.spans {
		out = append(out, "time: "+s.Label+" ("+s.Start.Format(time.DateOnly)+" to "+s.End.Format(time.DateOnly)+")")
	}
	if p.zone != "" {
		out = append(out, "zone: "+p.zone)
	}
	if p.account != "" {
		out = append(out, "account: "+p.account)
	}
	return out
}
