package agent

import (
	"math"
	"sort"
	"strings"
)

// textIndex is an in-memory BM25 index over documents made of weighted
// text fields. Term frequencies are weighted by field (a word in a table's
// name counts more than one in a column description). It is immutable once
// built and safe for concurrent reads.
type textIndex struct {
	postings map[string][]posting
	lens     []float64 // weighted length of each document
	avgLen   float64
	prior    []float64 // per-document score multiplier (tags, usage)
}

type posting struct {
	doc int32
	tf  float32
}

// field is some text of a document and how much its words weigh.
type field struct {
	text   string
	weight float32
}

// indexBuilder collects documents for a textIndex.
type indexBuilder struct {
	terms map[string]map[int32]float32
	lens  []float64
	prior []float64
}

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{terms: map[string]map[int32]float32{}}
}

// add appends a document with a score prior (1 is neutral) and returns its
// number.
func (b *indexBuilder) add(prior float64, fields ...field) int {
	doc := int32(len(b.lens))
	var n float64
	for _, f := range fields {
		for _, t := range tokens(f.text) {
			m := b.terms[t]
			if m == nil {
				m = map[int32]float32{}
				b.terms[t] = m
			}
			m[doc] += f.weight
			n += float64(f.weight)
		}
	}
	b.lens = append(b.lens, n)
	b.prior = append(b.prior, prior)
	return int(doc)
}

func (b *indexBuilder) build() *textIndex {
	ix := &textIndex{postings: make(map[string][]posting, len(b.terms)), lens: b.lens, prior: b.prior}
	for t, m := range b.terms {
		ps := make([]posting, 0, len(m))
		for d, tf := range m {
			ps = append(ps, posting{d, tf})
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].doc < ps[j].doc })
		ix.postings[t] = ps
	}
	var sum float64
	for _, l := range b.lens {
		sum += l
	}
	if len(b.lens) > 0 {
		ix.avgLen = sum / float64(len(b.lens))
	}
	return ix
}

// queryTerm is a stem of the question with its weight: 1 for words of the
// question, less for synonyms.
type queryTerm struct {
	term   string
	weight float64
}

// synonymWeight is what a synonym of a question word counts.
const synonymWeight = 0.5

// queryTerms turns a question into weighted terms, each at most once (the
// highest weight wins).
func queryTerms(q string) []queryTerm {
	w := map[string]float64{}
	var order []string
	put := func(t string, x float64) {
		if _, ok := w[t]; !ok {
			order = append(order, t)
		}
		if x > w[t] {
			w[t] = x
		}
	}
	for _, t := range tokens(q) {
		put(t, 1)
		for _, s := range synonyms[t] {
			put(s, synonymWeight)
		}
	}
	out := make([]queryTerm, len(order))
	for i, t := range order {
		out[i] = queryTerm{t, w[t]}
	}
	return out
}

// hit is one scored document.
type hit struct {
	doc   int
	score float64
}

// BM25 parameters.
const (
	bm25K1 = 1.2
	bm25B  = 0.3
)

// search scores every document that shares a term with the query and
// returns them best first (ties by document number), at most limit (0: all).
func (ix *textIndex) search(terms []queryTerm, limit int) []hit {
	n := float64(len(ix.lens))
	if n == 0 {
		return nil
	}
	acc := map[int32]float64{}
	for _, qt := range terms {
		ps := ix.postings[qt.term]
		if len(ps) == 0 {
			continue
		}
		df := float64(len(ps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for _, p := range ps {
			tf := float64(p.tf)
			norm := tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*ix.lens[p.doc]/ix.avgLen))
			acc[p.doc] += qt.weight * idf * norm
		}
	}
	hits := make([]hit, 0, len(acc))
	for d, s := range acc {
		hits = append(hits, hit{int(d), s * ix.prior[d]})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].doc < hits[j].doc
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// tagPrior is the score multiplier of a table's tags: curated tables are
// preferred, scratch and internal ones demoted (a question naming them
// still finds them, see nameBonus).
func tagPrior(tags []string) float64 {
	p := 1.0
	for _, t := range tags {
		switch strings.ToLower(t) {
		case "curated":
			p *= 1.3
		case "scratch":
			p *= 0.35
		case "internal", "deprecated":
			p *= 0.5
		}
	}
	return p
}
