package governance_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
)

// maskPolicy masks columns with governance.Mask under given tags and types,
// so the masks are tested on DuckDB as the engine applies them.
type maskPolicy struct {
	mu    sync.Mutex
	tags  map[string]string // column → tag
	types map[string]string // column → DuckDB type handed to Mask
}

func (p *maskPolicy) set(tags, types map[string]string) {
	p.mu.Lock()
	p.tags, p.types = tags, types
	p.mu.Unlock()
}

func (p *maskPolicy) Decide(_ context.Context, _ engine.Caller, tables []engine.TableAccess) ([]engine.TableDecision, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]engine.TableDecision, len(tables))
	for i, t := range tables {
		out[i].Columns = map[string]engine.ColumnRule{}
		for _, c := range t.Columns {
			rule := engine.ColumnRule{}
			if tag, ok := p.tags[c]; ok {
				rule.Mask = governance.Mask(tag, p.types[c], testKey)
			}
			out[i].Columns[c] = rule // every column is named: unnamed ones are hidden
		}
	}
	return out, nil
}

var sampleCols = []col{{"id", tInt64}, {"v", tString}, {"n", tInt64}, {"x", tFloat}, {"ts", tTime}}

// samples are the values every mask is tried on: well-formed ones,
// malformed ones and NULLs.
var samples = []string{
	"",                                       // 1: NULL
	"Alice.Smith@Example.COM",                // 2
	"198.51.100.77",                          // 3
	"2001:0DB8:85a3:0042:1319:8a2e:370:7348", // 4
	"2001:db8::1",                            // 5
	"+1 (555) 867-5309",                      // 6
	"4111 1111 1111 1234",                    // 7
	"garbage",                                // 8
	"",                                       // 9: the empty string
	"::ffff:203.0.113.9",                     // 10
	"a@b@c.example",                          // 11
	"fe80::1%eth0",                           // 12
	"::1",                                    // 13
	"12",                                     // 14
	" 10.0.0.7 ",                             // 15
	"1::2:3:4:5:6:7",                         // 16
}

func maskFixture(t *testing.T) (*lakeFixture, *maskPolicy) {
	t.Helper()
	p := &maskPolicy{}
	f := newLakeFixture(t, p, nil)
	f.create(t, "fct.samples", sampleCols)
	var rows [][]any
	for i, s := range samples {
		row := []any{i + 1, s, 42, 3.5, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
		if i == 0 {
			row = []any{1, nil, nil, nil, nil}
		}
		rows = append(rows, row)
	}
	f.insert(t, "fct.samples", sampleCols, rows)
	return f, p
}

const null = "(null)"

func TestMasksOnDuckDB(t *testing.T) {
	f, p := maskFixture(t)
	r := governance.Redacted
	cases := []struct {
		tag  string
		want []string // per sample
	}{
		{"email", []string{null, "***@example.com", r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"phone", []string{null, r, "***0077", "***7348", r, "***5309", "***1234", r, r, "***1139", r, r, r, r, r, "***4567"}},
		{"credit_card", []string{null, r, r, "****7348", r, r, "****1234", r, r, r, r, r, r, r, r, r}},
		{"ip", []string{null, r, "198.51.100.0", "2001:db8:85a3::", "2001:db8:0::", r, r, r, r, r, r, r, "0:0:0::", r, "10.0.0.0", "1:0:2::"}},
		{"person_name", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"free_text", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"secret", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"iban", []string{null, r, r, "****7348", r, r, "****1234", r, r, r, r, r, r, r, r, r}},
		{"ssn", []string{null, r, "***-**-0077", "***-**-7348", r, "***-**-5309", "***-**-1234", r, r, r, r, r, r, r, r, r}},
		{"mac_address", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"geo", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"street_address", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
		{"no_such_tag", []string{null, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r}},
	}
	for _, c := range cases {
		t.Run(c.tag, func(t *testing.T) {
			p.set(map[string]string{"v": c.tag}, map[string]string{"v": "VARCHAR"})
			rows := f.mustQuery(t, "cli:test", "SELECT v FROM fct.samples ORDER BY id")
			for i, row := range rows {
				if row[0] != c.want[i] {
					t.Errorf("%s of %q = %q, want %q", c.tag, samples[i], row[0], c.want[i])
				}
			}
		})
	}
}

func TestMasksOnOtherTypesAreNullsOfThatType(t *testing.T) {
	f, p := maskFixture(t)
	for _, tag := range []string{"email", "phone", "ip", "person_name", "secret", "iban", "ssn", "mac_address", "street_address", "no_such_tag"} {
		p.set(map[string]string{"n": tag, "x": tag, "ts": tag}, map[string]string{"n": "BIGINT", "x": "DOUBLE", "ts": "TIMESTAMP"})
		// The masked columns keep their types: arithmetic and date
		// functions still bind, over NULLs.
		rows := f.mustQuery(t, "cli:test", "SELECT count(n), sum(n + 1), max(x * 2), max(date_trunc('day', ts)) FROM fct.samples")
		if got := strings.Join(rows[0], ","); got != "0,(null),(null),(null)" {
			t.Errorf("%s on numbers and times: %s", tag, got)
		}
	}
}

func TestGeoCoordinatesAreRoundedToATenthOfADegree(t *testing.T) {
	f, p := maskFixture(t)
	cols := []col{{"id", tInt64}, {"x", tFloat}}
	f.create(t, "fct.places", cols)
	f.insert(t, "fct.places", cols, [][]any{{1, 52.520008}, {2, -33.868820}, {3, nil}})
	p.set(map[string]string{"x": "geo"}, map[string]string{"x": "DOUBLE"})
	rows := f.mustQuery(t, "cli:test", "SELECT x FROM fct.places ORDER BY id")
	if got := []string{rows[0][0], rows[1][0], rows[2][0]}; got[0] != "52.5" || got[1] != "-33.9" || got[2] != null {
		t.Fatalf("coordinates masked as geo: %v, want 52.5, -33.9, NULL", got)
	}
}

func TestMasksOfUnknownTypeBindOnAnyColumn(t *testing.T) {
	f, p := maskFixture(t)
	for _, tag := range []string{"email", "phone", "credit_card", "ip", "person_name", "user_id"} {
		p.set(map[string]string{"n": tag, "x": tag, "ts": tag}, nil)
		rows := f.mustQuery(t, "cli:test", "SELECT DISTINCT n, x, ts FROM fct.samples WHERE id > 1")
		for _, v := range rows[0] {
			if strings.Contains(v, "42") || strings.Contains(v, "3.5") || strings.Contains(v, "2026") {
				t.Errorf("%s revealed %q", tag, v)
			}
		}
	}
}

func TestUserIDsHashStablyAcrossTypesSoJoinsAndCountsWork(t *testing.T) {
	f, p := maskFixture(t)
	p.set(map[string]string{"v": "user_id", "n": "user_id"}, map[string]string{"v": "VARCHAR", "n": "BIGINT"})
	rows := f.mustQuery(t, "cli:test", `SELECT v, n, count(DISTINCT n) OVER () FROM fct.samples WHERE id IN (1, 14) ORDER BY id`)
	if rows[0][0] != null || rows[0][1] != null {
		t.Fatalf("NULL hashed: %v", rows[0])
	}
	h := rows[1][1]
	if !strings.HasPrefix(h, "u_") || len(h) != 18 {
		t.Fatalf("hash of 42: %q", h)
	}
	if rows[1][2] != "1" {
		t.Fatalf("count(DISTINCT) over hashed IDs: %s", rows[1][2])
	}
	// The same ID hashes the same whether stored as a number or as text.
	p.set(map[string]string{"v": "user_id", "n": "user_id"}, map[string]string{"v": "VARCHAR", "n": "BIGINT"})
	joined := f.mustQuery(t, "cli:test", `SELECT count(*) FROM fct.samples a JOIN fct.samples b ON a.n = b.n WHERE a.id = 2`)
	if joined[0][0] != "15" { // every non-NULL n is 42
		t.Fatalf("join on hashed IDs matched %s rows, want 15", joined[0][0])
	}
	// Another key gives other hashes.
	other := governance.Mask("user_id", "BIGINT", []byte("another key"))
	if other == governance.Mask("user_id", "BIGINT", testKey) {
		t.Fatal("the key does not change the mask")
	}
}

func TestMasksAreDeterministic(t *testing.T) {
	f, p := maskFixture(t)
	for _, tag := range []string{"email", "phone", "ip", "user_id"} {
		p.set(map[string]string{"v": tag}, map[string]string{"v": "VARCHAR"})
		a := f.mustQuery(t, "cli:test", "SELECT v FROM fct.samples ORDER BY id")
		b := f.mustQuery(t, "cli:test", "SELECT v FROM fct.samples ORDER BY id")
		for i := range a {
			if a[i][0] != b[i][0] {
				t.Fatalf("%s: %q then %q", tag, a[i][0], b[i][0])
			}
		}
	}
}

func TestNormalizeTagKnowsTheOtherSpellings(t *testing.T) {
	for in, want := range map[string]string{" Email ": "email", "name": "person_name", "api_token": "secret", "IP_ADDRESS": "ip", "": ""} {
		if got := governance.NormalizeTag(in); got != want {
			t.Errorf("NormalizeTag(%q) = %q, want %q", in, got, want)
		}
	}
}
