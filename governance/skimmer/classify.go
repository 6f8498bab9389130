package skimmer

import (
	"sort"
	"strings"

	"github.com/tarn-data/tarn/governance"
)

// Column is what the classifier sees of one column. Its values are never
// logged, and no error or String method of this package repeats them.
type Column struct {
	Name, Type, Description string   // Type is DuckDB's type name, e.g. VARCHAR, BIGINT, DOUBLE
	Values                  []string // sampled non-null values as text
}

// Evidence says why a column was classified: which detector, and what share
// of the sampled values it matched. It never holds values. Evidence from
// the column's name or description has Sampled 0.
type Evidence struct {
	Detector string // "email", "phone", "luhn", "iban", "column name", …
	Matched  int
	Sampled  int
	Share    float64
}

// Classification is the verdict on one column.
type Classification struct {
	Column     string
	Tag        string  // the kind ("" for none); free text with PII inside: governance.TagFreeText
	Confidence float64 // 0..1
	Evidence   []Evidence
	Inside     map[string]int // free text only: kind → number of sampled values holding it
}

// Thresholds of Classify: the share of sampled values a kind must reach.
const (
	structuredShare = 0.8  // of values that are one kind of PII
	hintedShare     = 0.5  // the same when the column's name or description names the kind
	freeTextShare   = 0.1  // of free-text values holding PII
	mixedTextShare  = 0.5  // of short, spaced values (a sender line) holding PII
	nameOnlyConf    = 0.3  // confidence of a tag from the name alone, with no values sampled
	freeTextMinLen  = 24.0 // average length of free-text values
)

// Classify is the fast first pass over one column. It runs the detectors
// on every sampled value and tags the column with the kind whose share of
// the values passes the threshold (0.8; 0.5 when the column's name or
// description names the kind). A column of long, varied text is tagged
// governance.TagFreeText when ScanText finds PII in a tenth of its values
// or more, with the kinds found counted in Inside. Dates, times, booleans,
// UUIDs and blobs get no tag from their values. With no values sampled, a
// name that names a kind tags the column with low confidence.
func Classify(c Column) Classification {
	cl := Classification{Column: c.Name}
	fromName, fromDesc := hintsOf(c)
	h := fromName | fromDesc&^(hintPhone|hintSSN|hintLat|hintLon) // bare digits need the name
	class := classOf(c.Type)
	n := len(c.Values)
	if class == typeSkipped {
		return cl
	}
	if n == 0 {
		if k := hintedKind(fromName); k != "" {
			cl.Tag, cl.Confidence = k, nameOnlyConf
			cl.Evidence = []Evidence{{Detector: "column name"}}
		}
		return cl
	}
	if class == typeFloat {
		h &= hintLat | hintLon | hintNumeric
	}
	detectors := map[string]int{}
	kinds := map[string]int{}
	spaced, total := 0, 0
	for _, v := range c.Values {
		total += len(v)
		if strings.Count(v, " ") >= 2 {
			spaced++
		}
		if class == typeFloat && h&(hintLat|hintLon) == 0 {
			continue
		}
		if k, d := detect(v, h); k != "" {
			detectors[d]++
			kinds[k]++
		}
	}
	for d, m := range detectors {
		cl.Evidence = append(cl.Evidence, Evidence{Detector: d, Matched: m, Sampled: n, Share: share(m, n)})
	}
	sortEvidence(cl.Evidence)
	if structuredVerdict(&cl, kinds, detectors, n, fromName, fromDesc) || class != typeText {
		return cl
	}
	avg := float64(total) / float64(n)
	textual := avg >= freeTextMinLen && share(spaced, n) >= 0.5
	if textual || spaced > 0 {
		freeTextVerdict(&cl, c.Values, textual)
	}
	return cl
}

// structuredVerdict tags cl with the most common kind when its share of
// the n values passes the threshold (or when PII of several kinds does),
// and reports whether it did.
func structuredVerdict(cl *Classification, kinds, detectors map[string]int, n int, fromName, fromDesc hint) bool {
	tag, best, pii := "", 0, 0
	for k, m := range kinds {
		pii += m
		if m > best || m == best && k < tag {
			tag, best = k, m
		}
	}
	if tag == "" {
		return false
	}
	th := structuredShare
	hinted := hintOf(tag)&(fromName|fromDesc) != 0
	if hinted {
		th = hintedShare
	}
	s := share(best, n)
	conf := 0.45 + 0.45*s // at most 0.9 from the values alone
	switch {
	case s >= th:
	case share(pii, n) >= structuredShare && s >= 0.4:
		conf *= 0.8 // a column of mixed PII, tagged by its most common kind
	default:
		return false
	}
	if hinted {
		conf += 0.1
		cl.Evidence = append(cl.Evidence, hintEvidence(tag, fromName, fromDesc)...)
	}
	if detectors["entropy"] == best && tag == governance.TagSecret {
		conf *= 0.8 // randomness alone is weaker evidence than a prefix
	}
	cl.Tag, cl.Confidence = tag, clampConf(conf*sampleFactor(n))
	return true
}

// freeTextVerdict scans the values for PII inside them and tags cl as free
// text when enough of them hold some: a tenth of long, varied text
// (textual), half of shorter values with spaces.
func freeTextVerdict(cl *Classification, values []string, textual bool) {
	inside, with := map[string]int{}, 0
	for _, v := range values {
		ms := ScanText(v)
		if len(ms) == 0 {
			continue
		}
		with++
		seen := uint32(0)
		for _, m := range ms {
			bit := uint32(1) << kindIndex(m.Kind)
			if seen&bit == 0 {
				seen |= bit
				inside[m.Kind]++
			}
		}
	}
	n := len(values)
	th := mixedTextShare
	if textual {
		th = freeTextShare
	}
	s := share(with, n)
	if with == 0 || s < th || (textual && with < 2 && n > 1) {
		return
	}
	cl.Tag = governance.TagFreeText
	cl.Inside = inside
	cl.Evidence = append(cl.Evidence, Evidence{Detector: "free text", Matched: with, Sampled: n, Share: s})
	sortEvidence(cl.Evidence)
	cl.Confidence = clampConf((0.6 + s) * sampleFactor(n))
}

func share(m, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(m) / float64(n)
}

// sampleFactor lowers confidence in verdicts from few values.
func sampleFactor(n int) float64 {
	if n >= 20 {
		return 1
	}
	return 0.6 + 0.4*float64(n)/20
}

func clampConf(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x < 0:
		return 0
	}
	return x
}

func sortEvidence(ev []Evidence) {
	sort.SliceStable(ev, func(i, j int) bool {
		if ev[i].Matched != ev[j].Matched {
			return ev[i].Matched > ev[j].Matched
		}
		return ev[i].Detector < ev[j].Detector
	})
}

// kindHints maps each kind to the hint that names it.
var kindHints = map[string]hint{
	governance.TagEmail: hintEmail, governance.TagPhone: hintPhone, governance.TagIP: hintIP,
	governance.TagCreditCard: hintCard, governance.TagPersonName: hintName,
	governance.TagSecret: hintSecret, KindIBAN: hintIBAN, KindSSN: hintSSN, KindMAC: hintMAC,
	KindGeo: hintLat | hintLon, KindAddress: hintAddress,
}

func hintOf(kind string) hint { return kindHints[kind] }

// hintedKind is the one kind a column's name names, or "".
func hintedKind(h hint) string {
	found := ""
	for _, k := range Kinds {
		if h&kindHints[k] != 0 {
			if found != "" {
				return ""
			}
			found = k
		}
	}
	return found
}

func hintEvidence(kind string, fromName, fromDesc hint) []Evidence {
	var ev []Evidence
	if fromName&hintOf(kind) != 0 {
		ev = append(ev, Evidence{Detector: "column name"})
	}
	if fromDesc&hintOf(kind) != 0 {
		ev = append(ev, Evidence{Detector: "description"})
	}
	return ev
}

func kindIndex(kind string) int {
	for i, k := range Kinds {
		if k == kind {
			return i
		}
	}
	return len(Kinds)
}

// ContainedShare is the share of values (spaces around them trimmed) that
// are keys of keys: how much of a column of opaque IDs joins to a key that
// traces to a person. It is 0 when there are no values.
func ContainedShare(values []string, keys map[string]struct{}) float64 {
	if len(values) == 0 {
		return 0
	}
	n := 0
	for _, v := range values {
		if _, ok := keys[trimSpace(v)]; ok {
			n++
		}
	}
	return float64(n) / float64(len(values))
}
