package demo

import (
	"context"
	"hash/fnv"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestChunksGeneratedConcurrentlyEqualTheSequentialOnes(t *testing.T) {
	tables, err := Tables(testOptions)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		table string
		chunk int
	}
	var mu sync.Mutex
	got := map[key]uint64{}
	var wg sync.WaitGroup
	for _, tb := range tables {
		for c := 0; c < tb.Chunks; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := fnv.New64a()
				err := tb.Generate(context.Background(), memory.DefaultAllocator, c, func(rec arrow.RecordBatch) error {
					hashBatch(t, h, rec)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				got[key{tb.FullName(), c}] = h.Sum64()
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	for _, tb := range tables {
		for c := 0; c < tb.Chunks; c++ {
			h := fnv.New64a()
			err := tb.Generate(context.Background(), memory.DefaultAllocator, c, func(rec arrow.RecordBatch) error {
				hashBatch(t, h, rec)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got[key{tb.FullName(), c}] != h.Sum64() {
				t.Errorf("%s chunk %d differs when generated concurrently", tb.FullName(), c)
			}
		}
	}
}
