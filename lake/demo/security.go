package demo

import (
	"context"
	"math"
	"sort"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var (
	attackTypes = []string{"ddos", "sqli", "xss", "bot", "credential_stuffing", "path_traversal"}
)

const (
	atDDoS = iota
	atSQLi
	atXSS
	atBot
	atCredentialStuffing
	atPathTraversal
)

// securityTables are the seed-independent distributions of security events.
type securityTables struct {
	attack choice[int]
	rules  [][]string
	action []choice[string]
	source choice[int] // index into static().asns
}

var securityStatic = sync.OnceValue(func() *securityTables {
	s := &securityTables{
		attack: newChoice([]weighted[int]{{atDDoS, 8}, {atSQLi, 14}, {atXSS, 11}, {atBot, 38}, {atCredentialStuffing, 17}, {atPathTraversal, 12}}),
		rules: [][]string{
			atDDoS:               {"ddos-l7-http-flood", "ddos-l7-cache-bust"},
			atSQLi:               {"waf-942100-sqli-libinjection", "waf-942190-sqli-union"},
			atXSS:                {"waf-941100-xss-libinjection", "waf-941160-xss-script-tag"},
			atBot:                {"bot-fight-mode", "bot-definitely-automated"},
			atCredentialStuffing: {"leaked-credentials-check", "rl-login-burst"},
			atPathTraversal:      {"waf-930100-path-traversal", "waf-930120-os-file-access"},
		},
		action: []choice[string]{
			atDDoS:               newChoice([]weighted[string]{{"block", 80}, {"managed_challenge", 20}}),
			atSQLi:               newChoice([]weighted[string]{{"block", 70}, {"log", 30}}),
			atXSS:                newChoice([]weighted[string]{{"block", 70}, {"log", 30}}),
			atBot:                newChoice([]weighted[string]{{"managed_challenge", 50}, {"challenge", 30}, {"block", 20}}),
			atCredentialStuffing: newChoice([]weighted[string]{{"block", 50}, {"managed_challenge", 30}, {"challenge", 10}, {"log", 10}}),
			atPathTraversal:      newChoice([]weighted[string]{{"block", 70}, {"log", 30}}),
		},
	}
	st := static()
	var ws []weighted[int]
	for i, a := range st.asns {
		c := countries[a.country]
		wt := c.traffic * (1 + 5*c.bot) / float64(len(c.asns))
		if a.hosting {
			wt *= 3
		}
		ws = append(ws, weighted[int]{i, wt})
	}
	s.source = newChoice(ws)
	return s
})

// secRow is one security event before it is written.
type secRow struct {
	ts       int64
	zone     int
	attack   int
	rule     string
	action   string
	asn      int
	v6       bool
	ip       uint64
	requests int64
}

// securityTotal is the number of ordinary (non-incident) security events.
func (w *world) securityTotal() int {
	return int(math.Round(securityPerDay * Days * w.o.Scale))
}

// incidentEvents is the number of security events of the incident: its
// hourly rate is incidentRate times the usual hourly rate.
func (w *world) incidentEvents() int {
	perHour := float64(w.securityTotal()) / (Days * 24)
	return int(math.Round(incidentRate * perHour * incidentLength.Hours()))
}

func (w *world) securityTable() Table {
	t := newTable("fct", "security_events", "security-team",
		"Security events: requests the WAF, DDoS protection and bot management acted on, aggregated per source and rule.",
		[]string{"curated"}, []col{
			{"ts", tTS, false, "", "When the event started (UTC)."},
			{"zone_id", tBigint, false, "", "Zone attacked; joins dim.zones.zone_id."},
			{"rule_id", tVarchar, false, "", "Rule that matched, e.g. waf-942100-sqli-libinjection or rl-login-burst."},
			{"action", tVarchar, false, "", "What the edge did: block, challenge, managed_challenge or log (allowed, recorded only)."},
			{"attack_type", tVarchar, false, "", "ddos, sqli, xss, bot, credential_stuffing or path_traversal."},
			{"source_ip", tVarchar, false, "ip", "IP address the attack came from."},
			{"source_asn", tInt, false, "", "Autonomous system number of the source network."},
			{"source_country", tVarchar, false, "", "Country of the source, ISO 3166-1 alpha-2."},
			{"requests", tBigint, false, "", "Requests in this event."},
		})
	t.Partition = []PartitionField{{"ts", "day"}}
	t.Chunks = Days
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		rows := w.securityDay(chunk, w.daySecurity[chunk])
		st := static()
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		var ipBuf []byte
		for _, e := range rows {
			a := &st.asns[e.asn]
			b.ts(0).Append(arrow.Timestamp(e.ts))
			b.i64(1).Append(w.zones[e.zone].id)
			b.str(2).Append(e.rule)
			b.str(3).Append(e.action)
			b.str(4).Append(attackTypes[e.attack])
			ipBuf = appendIP(ipBuf[:0], a, &visitor{v6: e.v6, ip: e.ip})
			b.str(5).BinaryBuilder.Append(ipBuf)
			b.i32(6).Append(a.num)
			b.str(7).Append(countries[a.country].code)
			b.i64(8).Append(e.requests)
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}

// securityDay generates the n ordinary events of day, plus the incident's
// events on its day, ordered by time.
func (w *world) securityDay(day, n int) []secRow {
	r := newRNG(w.o.Seed, streamSecurity, day)
	ss := securityStatic()
	st := static()
	start := w.dayStart(day)
	rows := make([]secRow, 0, n)
	var zones alias
	if n > 0 {
		zones = newAlias(w.weights[day])
	}
	for i := 0; i < n; i++ {
		e := secRow{ts: start + int64(r.intn(int(dayMicros))), zone: zones.pick(r)}
		e.attack = ss.attack.pick(r)
		rules := ss.rules[e.attack]
		e.rule = rules[r.intn(len(rules))]
		e.action = ss.action[e.attack].pick(r)
		e.asn = ss.source.pick(r)
		e.v6 = uint32(r.next()) < st.asns[e.asn].v6Thresh
		e.ip = r.next()
		x := r.next()
		switch e.attack {
		case atDDoS:
			e.requests = 500 + int64(5000*st.sizeMul[x&255]*st.sizeMul[(x>>8)&255])
		case atBot:
			e.requests = 1 + int64(x%60)
		case atCredentialStuffing:
			e.requests = 3 + int64(x%120)
		default:
			e.requests = 1 + int64(x%6)
		}
		rows = append(rows, e)
	}
	if day == w.incident.day {
		inc := &w.incident
		cs := ss.action[atCredentialStuffing]
		for i, m := 0, w.incidentEvents(); i < m; i++ {
			b := inc.botnet[r.intn(len(inc.botnet))]
			e := secRow{
				ts:     inc.start + int64(r.intn(int(inc.end-inc.start))),
				zone:   inc.zones[r.intn(len(inc.zones))],
				attack: atCredentialStuffing,
				rule:   ss.rules[atCredentialStuffing][r.intn(2)],
				asn:    b.asn,
				v6:     b.v6,
				ip:     b.ip,
			}
			e.action = cs.pick(r)
			if e.action == "log" {
				e.action = "block"
			}
			e.requests = 200 + int64(r.intn(2800))
			rows = append(rows, e)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].ts < rows[j].ts })
	return rows
}
