package demo

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func (w *world) trafficDailyTable() Table {
	t := newTable("fct", "traffic_daily", "traffic-team",
		"Daily rollup of fct.http_requests by day, zone and client country; agrees with it to the row.",
		[]string{"curated"}, []col{
			{"day", tDate, false, "", "UTC day of the requests (the day of fct.http_requests.ts)."},
			{"zone_id", tBigint, false, "", "Zone the requests were for; joins dim.zones.zone_id."},
			{"client_country", tVarchar, false, "", "Client country, ISO 3166-1 alpha-2."},
			{"requests", tBigint, false, "", "Number of requests."},
			{"bytes", tBigint, false, "", "Sum of response bytes."},
			{"cached_bytes", tBigint, false, "", "Sum of response bytes of requests with cache_status 'hit'."},
			{"threats", tBigint, false, "", "Requests with bot_score below 10."},
		})
	t.Partition = []PartitionField{{"day", "month"}}
	t.Derived = true
	t.Chunks = Days
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		rows := rollupDay(w, chunk)
		day := w.fromDay + int32(chunk)
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for _, r := range rows {
			b.date(0).Append(arrow.Date32(day))
			b.i64(1).Append(w.zones[r.zone].id)
			b.str(2).Append(countries[r.country].code)
			b.i64(3).Append(r.requests)
			b.i64(4).Append(r.bytes)
			b.i64(5).Append(r.cachedBytes)
			b.i64(6).Append(r.threats)
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

// rollupRow is one row of fct.traffic_daily for a known day.
type rollupRow struct {
	zone, country                         int
	requests, bytes, cachedBytes, threats int64
}

// rollupDay regenerates the requests of day and aggregates them, ordered by
// zone_id and client_country (zone indices follow zone_id and country
// indices follow the codes, so scanning a dense grid gives that order).
func rollupDay(w *world, day int) []rollupRow {
	it := newReqIter(w, day)
	nc := len(countries)
	grid := make([]int32, len(w.zones)*nc) // 1 + index into acc, 0 if none
	var acc []rollupRow
	for it.next() {
		cell := it.zi*nc + it.v.country
		if grid[cell] == 0 {
			acc = append(acc, rollupRow{zone: it.zi, country: it.v.country})
			grid[cell] = int32(len(acc))
		}
		r := &acc[grid[cell]-1]
		r.requests++
		r.bytes += it.q.bytes
		if it.q.cache == 0 {
			r.cachedBytes += it.q.bytes
		}
		if it.v.score < 10 {
			r.threats++
		}
	}
	rows := make([]rollupRow, 0, len(acc))
	for _, i := range grid {
		if i > 0 {
			rows = append(rows, acc[i-1])
		}
	}
	return rows
}
