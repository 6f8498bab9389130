package engine

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/tarn-data/tarn/lake"
)

func TestPickFilesReadsAllUnderBudgetAndDrawsRowsEvenlyOver(t *testing.T) {
	var files []lake.DataFile
	for i := range 100 {
		n := int64(1000)
		if i%10 == 0 {
			n = 10000 // ten big files hold 100,000 of the 190,000 rows
		}
		files = append(files, lake.DataFile{Location: strconv.Itoa(i), Records: n})
	}
	if got := pickFiles(rand.New(rand.NewPCG(1, 2)), files, 10_000); len(got) != 1 || got[0].rows != 0 || got[0].file.Records != 190_000 {
		t.Fatalf("under budget: %+v, want every file sampled as one", got)
	}
	fromBig, all := 0, 0
	for seed := range uint64(300) {
		got := pickFiles(rand.New(rand.NewPCG(seed, 2)), files, 160)
		if len(got) == 0 || len(got) > sampleDraws {
			t.Fatalf("seed %d: %d files picked", seed, len(got))
		}
		for _, p := range got {
			all += p.rows
			if p.file.Records == 10000 {
				fromBig += p.rows
			}
		}
	}
	// Every row has about the same chance: the big files give about the
	// share of rows they hold (100/190 = 0.53).
	if share := float64(fromBig) / float64(all); share < 0.48 || share > 0.58 {
		t.Fatalf("big files gave %.3f of the sampled rows, want about 0.53", share)
	}
}
