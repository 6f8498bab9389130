package demo

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// exportAge is how long before AsOf the stale zone export was taken.
const exportAge = 41 * 24 * time.Hour

func (w *world) zoneExportTable() Table {
	cols := append(append([]col(nil), zoneCols...),
		col{"exported_at", tTS, false, "", "When this copy was taken."})
	t := newTable("scratch", "zone_export_tmp", "growth-analytics",
		"Ad-hoc export of some dim.zones rows for a one-off migration. Stale and not maintained: use dim.zones.",
		[]string{"scratch"}, cols)
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		r := newRNG(w.o.Seed, streamScratch, 0)
		exported := w.asOfMicro() - int64(exportAge/time.Microsecond) + int64(r.intn(int(8*hourMicros)))
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, z := range w.zones {
			if z.created >= exported || !r.chance(0.12) {
				continue
			}
			// The copy shows the zone as it was: since then some zones
			// were paused or deleted and some changed plan.
			status, plan := z.status, z.plan
			if w.dayStartOf(exported) < z.stopDay {
				status = statusActive
			}
			if r.chance(0.05) {
				plan = r.intn(len(plans))
			}
			appendZone(b, w, z.id, z.acct, z.name, plan, status, z.created)
			b.ts(6).Append(arrow.Timestamp(exported))
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

// dayStartOf returns the day index of t (micros).
func (w *world) dayStartOf(t int64) int {
	d, _ := w.dayOf(t)
	return d
}
