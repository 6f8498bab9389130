package agent

import (
	"testing"
)

func TestStemmingMakesWordFormsMeetAndSynonymsReachTheCatalogsWords(t *testing.T) {
	same := [][]string{
		{"billing", "billings", "billed"},
		{"cache", "cached", "caching", "caches"},
		{"zone", "zones"},
		{"country", "countries"},
		{"request", "requests"},
	}
	for _, forms := range same {
		for _, f := range forms[1:] {
			if stem(f) != stem(forms[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", f, stem(f), forms[0], stem(forms[0]))
			}
		}
	}
	if stem("status") != "status" || stem("is") != "is" {
		t.Errorf("stem(status) = %q", stem("status"))
	}
	terms := map[string]float64{}
	for _, q := range queryTerms("Revenue per customer") {
		terms[q.term] = q.weight
	}
	for _, want := range []string{stem("alloc"), stem("billing"), stem("account")} {
		if terms[want] != synonymWeight {
			t.Errorf("question terms %v lack the synonym %q", terms, want)
		}
	}
	if terms[stem("revenue")] != 1 {
		t.Errorf("the question's own word weighs %v", terms[stem("revenue")])
	}
}

func TestIndexRanksCuratedAboveScratchWithTheSameWords(t *testing.T) {
	b := newIndexBuilder()
	text := field{"zones exported domain names", 1}
	scratch := b.add(tagPrior([]string{"scratch"}), text)
	curated := b.add(tagPrior([]string{"curated"}), text)
	internal := b.add(tagPrior([]string{"internal"}), text)
	other := b.add(1, field{"security events", 1})
	hits := b.build().search(queryTerms("zone domains"), 0)
	if len(hits) != 3 || hits[0].doc != curated || hits[1].doc != internal || hits[2].doc != scratch {
		t.Fatalf("hits %+v, want curated %d, internal %d, scratch %d; never %d", hits, curated, internal, scratch, other)
	}
}

func TestSearchOfAnEmptyIndexOrUnknownWordsFindsNothing(t *testing.T) {
	if hits := newIndexBuilder().build().search(queryTerms("anything"), 5); len(hits) != 0 {
		t.Fatalf("empty index: %v", hits)
	}
	b := newIndexBuilder()
	b.add(1, field{"dns queries", 1})
	if hits := b.build().search(queryTerms("the of what"), 5); len(hits) != 0 {
		t.Fatalf("stop words matched: %v", hits)
	}
}
