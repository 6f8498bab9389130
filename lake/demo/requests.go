package demo

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func (w *world) requestsTable() Table {
	t := newTable("fct", "http_requests", "traffic-team",
		"One row per HTTP request served at the edge, over the 90 days before the as-of date.",
		[]string{"curated"}, []col{
			{"ts", tTS, false, "", "When the request arrived (UTC)."},
			{"zone_id", tBigint, false, "", "Zone (domain) the request was for; joins dim.zones.zone_id."},
			{"colo", tVarchar, false, "", "Edge location that served it: the 3-letter IATA code of the nearest airport."},
			{"client_country", tVarchar, false, "", "Country of the client, ISO 3166-1 alpha-2."},
			{"client_ip", tVarchar, false, "ip", "Client IP address, IPv4 or IPv6."},
			{"client_asn", tInt, false, "", "Autonomous system number of the client's network."},
			{"method", tVarchar, false, "", "HTTP method."},
			{"path", tVarchar, false, "", "Request path, without the query string."},
			{"status", tInt, false, "", "HTTP status code returned to the client."},
			{"bytes", tBigint, false, "", "Response bytes sent to the client."},
			{"cache_status", tVarchar, false, "", "hit (served from cache), miss, expired (revalidated at origin) or dynamic (not cacheable)."},
			{"bot_score", tInt, false, "", "Bot score 1-99: 1 is certainly automated, 99 certainly human; below 10 counts as a threat."},
			{"user_agent", tVarchar, false, "", "User-Agent header as sent by the client (may be empty)."},
		})
	t.Partition = []PartitionField{{"ts", "day"}}
	t.Chunks = Days
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		it := newReqIter(w, chunk)
		left := w.dayReqs[chunk]
		for left > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			n := min(left, MaxBatchRows)
			rec := writeRequests(it, t.Schema, mem, n)
			left -= n
			err := emit(rec)
			rec.Release()
			if err != nil {
				return err
			}
		}
		return nil
	}
	return t
}

// writeRequests takes the next n requests of it into one batch.
func writeRequests(it *reqIter, schema *arrow.Schema, mem memory.Allocator, n int) arrow.RecordBatch {
	var (
		ts      = newI64Col(mem, n)
		zoneID  = newI64Col(mem, n)
		colo    = newStrCol(mem, n, 3)
		country = newStrCol(mem, n, 2)
		ip      = newStrCol(mem, n, 24)
		asn     = newI32Col(mem, n)
		method  = newStrCol(mem, n, 4)
		path    = newStrCol(mem, n, 20)
		status  = newI32Col(mem, n)
		bytes   = newI64Col(mem, n)
		cache   = newStrCol(mem, n, 6)
		score   = newI32Col(mem, n)
		ua      = newStrCol(mem, n, 120)
		ipText  [48]byte // the current visitor's address, formatted once
		ipLen   int
		session = -1
	)
	st, zones := it.st, it.w.zones
	for i := 0; i < n && it.next(); i++ {
		v, q := &it.v, &it.q
		a := &st.asns[v.asn]
		if it.sessions != session {
			session = it.sessions
			ipLen = len(appendIP(ipText[:0], a, v))
		}
		ts.v[i] = v.ts
		zoneID.v[i] = zones[it.zi].id
		colo.add(st.colos[v.colo])
		country.add(countries[v.country].code)
		ip.addBytes(ipText[:ipLen])
		asn.v[i] = a.num
		method.add(methods[q.method])
		path.add(resources[q.res].path)
		status.v[i] = q.status
		bytes.v[i] = q.bytes
		cache.add(cacheStatuses[q.cache])
		score.v[i] = v.score
		ua.add(st.agents[v.ua])
	}
	return newBatch(schema, []arrow.Array{
		ts.array(tTS), zoneID.array(tBigint), colo.array(), country.array(), ip.array(),
		asn.array(tInt), method.array(), path.array(), status.array(tInt), bytes.array(tBigint),
		cache.array(), score.array(tInt), ua.array(),
	}, n)
}
