package governance_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/memstore"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
	"github.com/tarn-data/tarn/store/storetest"
	"gopkg.in/yaml.v3"
)

// A policy case file (testdata/cases/*.yaml) holds a setup shared by its
// cases and the cases, each with its own setup on top, a request and the
// decision expected. Every case starts from testdata/world.yaml.
type caseFile struct {
	Setup setup        `yaml:"setup"`
	Cases []policyCase `yaml:"cases"`
}

type policyCase struct {
	Name    string   `yaml:"name"`
	Setup   setup    `yaml:"setup"`
	Request request  `yaml:"request"`
	Expect  expected `yaml:"expect"`
}

type setup struct {
	// Clock is an RFC 3339 time; default 2026-05-01T12:00:00Z.
	Clock  string              `yaml:"clock"`
	Tables map[string]tableDef `yaml:"tables"`
	// Reviews replace the world's review of their table.
	Reviews []reviewDef `yaml:"reviews"`
	Grants  []grantDef  `yaml:"grants"`
	// Revoke lists grant IDs revoked before the request.
	Revoke []int64          `yaml:"revoke"`
	Flips  []flipDef        `yaml:"flips"`
	People []yamldir.Person `yaml:"people"` // added, or replacing the person of that name
	Remove []string         `yaml:"remove"` // people removed from the directory
	Groups []yamldir.Group  `yaml:"groups"` // groups added
	// Annotations are the lake's PII tags: table → column → tag.
	Annotations map[string]map[string]string `yaml:"annotations"`
}

type tableDef struct {
	Columns []string `yaml:"columns"`
	Types   []string `yaml:"types"`
}

type reviewDef struct {
	Table   string            `yaml:"table"`
	Denied  bool              `yaml:"denied"`
	Columns []string          `yaml:"columns"`
	PII     map[string]string `yaml:"pii"`
}

type grantDef struct {
	// ID is the ID the store must give the grant (grants are created in
	// order, so IDs are 1, 2, …); it keeps the files readable.
	ID        int64  `yaml:"id"`
	Grantee   string `yaml:"grantee"`
	Privilege string `yaml:"privilege"`
	Object    string `yaml:"object"`
	Filter    string `yaml:"filter"`
	Until     string `yaml:"until"`
}

type flipDef struct {
	Principal     string `yaml:"principal"`
	Table         string `yaml:"table"`
	State         string `yaml:"state"` // default active
	Expires       string `yaml:"expires"`
	Ended         bool   `yaml:"ended"`
	ApprovedBy    string `yaml:"approved_by"`
	Justification string `yaml:"justification"`
}

type request struct {
	Principal string `yaml:"principal"`
	Table     string `yaml:"table"`
	// Columns default to the table's columns.
	Columns []string `yaml:"columns"`
	// Tables, when set, are read in one query instead of Table.
	Tables []string `yaml:"tables"`
}

type expected struct {
	// Refused is a substring of the refusal's message (and hint);
	// Sentinel is unknown_principal, needs_review or not_granted.
	Refused  string `yaml:"refused"`
	Sentinel string `yaml:"sentinel"`
	// Hidden are exactly the hidden columns.
	Hidden []string `yaml:"hidden"`
	// Masked are exactly the masked columns, with their tags.
	Masked map[string]string `yaml:"masked"`
	// Raw are exactly the PII columns shown raw by a flip.
	Raw  []string `yaml:"raw"`
	Flip int64    `yaml:"flip"`
	// RowFilter is the row filter, exactly.
	RowFilter string `yaml:"row_filter"`
	// ColumnFilters are the columns that exist only in some rows, with
	// the condition.
	ColumnFilters map[string]string `yaml:"column_filters"`
	Grants        []int64           `yaml:"grants"`
}

var sentinels = map[string]error{
	"unknown_principal": governance.ErrUnknownPrincipal,
	"needs_review":      governance.ErrNeedsReview,
	"not_granted":       governance.ErrNotGranted,
}

// emptied deletes all governance state from db and returns a Store on it,
// so that the cases share one database yet each start empty. IDs go on
// counting, so the cases name grants and flips by their place in the setup.
func emptied(t *testing.T, db *store.DB) governance.Store {
	t.Helper()
	for _, table := range []string{"tarn_grants", "tarn_requests", "tarn_reviews", "tarn_flips"} {
		if _, err := db.Exec("DELETE FROM " + table); err != nil {
			t.Fatalf("empty %s: %v", table, err)
		}
	}
	return sqlstore.New(db)
}

func openDB(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func loadCases(t *testing.T) (setup, map[string]caseFile) {
	t.Helper()
	var world setup
	readYAML(t, "testdata/world.yaml", &world)
	paths, err := filepath.Glob("testdata/cases/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	files := map[string]caseFile{}
	for _, p := range paths {
		var f caseFile
		readYAML(t, p, &f)
		files[strings.TrimSuffix(filepath.Base(p), ".yaml")] = f
	}
	return world, files
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestPolicyCases(t *testing.T) {
	world, files := loadCases(t)
	total := 0
	for _, f := range files {
		total += len(f.Cases)
	}
	if total < 60 {
		t.Errorf("only %d policy cases; keep at least 60", total)
	}
	run := func(t *testing.T, newStore func(t *testing.T) governance.Store) {
		for _, name := range slices.Sorted(maps.Keys(files)) {
			f := files[name]
			t.Run(name, func(t *testing.T) {
				seen := map[string]bool{}
				for _, c := range f.Cases {
					if seen[c.Name] {
						t.Fatalf("case %q twice", c.Name)
					}
					seen[c.Name] = true
					t.Run(c.Name, func(t *testing.T) {
						runCase(t, newStore(t), merge(merge(world, f.Setup), c.Setup), c)
					})
				}
			})
		}
	}
	t.Run("memstore", func(t *testing.T) {
		run(t, func(*testing.T) governance.Store { return memstore.New() })
	})
	if testing.Short() {
		return
	}
	storetest.EachStore(t, func(t *testing.T, url string) {
		db := openDB(t, url)
		run(t, func(t *testing.T) governance.Store { return emptied(t, db) })
	})
}

// merge lays b over a.
func merge(a, b setup) setup {
	out := a
	if b.Clock != "" {
		out.Clock = b.Clock
	}
	out.Tables = maps.Clone(a.Tables)
	if out.Tables == nil {
		out.Tables = map[string]tableDef{}
	}
	maps.Copy(out.Tables, b.Tables)
	out.Reviews = append(slices.Clone(a.Reviews), b.Reviews...)
	out.Grants = append(slices.Clone(a.Grants), b.Grants...)
	out.Revoke = append(slices.Clone(a.Revoke), b.Revoke...)
	out.Flips = append(slices.Clone(a.Flips), b.Flips...)
	out.People = append(slices.Clone(a.People), b.People...)
	out.Remove = append(slices.Clone(a.Remove), b.Remove...)
	out.Groups = append(slices.Clone(a.Groups), b.Groups...)
	out.Annotations = maps.Clone(a.Annotations)
	if out.Annotations == nil {
		out.Annotations = map[string]map[string]string{}
	}
	maps.Copy(out.Annotations, b.Annotations)
	return out
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return tm
}

// ids maps the places of grants and flips in a setup (1, 2, …) to the IDs
// the store gave them.
type ids struct{ grants, flips map[int64]int64 }

// build turns a setup into a Service over st.
func build(t *testing.T, st governance.Store, su setup) (*governance.Service, ids) {
	t.Helper()
	ctx := context.Background()
	now := t0
	if su.Clock != "" {
		now = parseTime(t, su.Clock)
	}
	m := ids{grants: map[int64]int64{}, flips: map[int64]int64{}}
	// Reviews: the last one of a table wins.
	reviews := map[string]reviewDef{}
	for _, r := range su.Reviews {
		reviews[r.Table] = r
	}
	for _, name := range slices.Sorted(maps.Keys(reviews)) {
		r := reviews[name]
		id := lake.MustIdent(r.Table)
		must(t, st.PutReview(ctx, governance.Review{Namespace: id.Namespace, Table: id.Name, Approved: !r.Denied,
			Columns: r.Columns, PII: r.PII, ReviewedBy: "dave", ReviewedAt: t0.Add(-time.Hour)}))
	}
	for i, g := range su.Grants {
		obj, err := governance.ParseObject(g.Object)
		must(t, err)
		gr := governance.Grant{Privilege: governance.Privilege(g.Privilege), Object: obj, Grantee: g.Grantee,
			RowFilter: g.Filter, CreatedBy: "dave", CreatedAt: t0.Add(-time.Hour)}
		if g.Until != "" {
			u := parseTime(t, g.Until)
			gr.Until = &u
		}
		got, err := st.CreateGrant(ctx, gr)
		must(t, err)
		if g.ID != 0 && g.ID != int64(i+1) {
			t.Fatalf("grant %s on %s is number %d in the setup, not %d", g.Grantee, g.Object, i+1, g.ID)
		}
		m.grants[int64(i+1)] = got.ID
	}
	for _, id := range su.Revoke {
		must(t, st.RevokeGrant(ctx, m.grants[id], "dave", t0.Add(-time.Minute)))
	}
	for i, f := range su.Flips {
		id := lake.MustIdent(f.Table)
		fl := governance.Flip{Principal: f.Principal, Namespace: id.Namespace, Table: id.Name, Justification: f.Justification,
			StartedAt: t0.Add(-30 * time.Minute), ExpiresAt: t0.Add(time.Hour), ApprovedBy: f.ApprovedBy, State: f.State}
		if fl.State == "" {
			fl.State = "active"
		}
		if f.Expires != "" {
			fl.ExpiresAt = parseTime(t, f.Expires)
		}
		if f.Ended {
			e := t0.Add(-time.Minute)
			fl.EndedAt = &e
			fl.State = "ended"
		}
		got, err := st.CreateFlip(ctx, fl)
		must(t, err)
		m.flips[int64(i+1)] = got.ID
	}
	var dir yamldir.File
	if err := yaml.Unmarshal(yamldir.DemoYAML, &dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range su.People {
		dir.People = slices.DeleteFunc(dir.People, func(q yamldir.Person) bool { return q.Name == p.Name })
		dir.People = append(dir.People, p)
	}
	dir.People = slices.DeleteFunc(dir.People, func(q yamldir.Person) bool { return slices.Contains(su.Remove, q.Name) })
	dir.Groups = append(dir.Groups, su.Groups...)
	text, err := yaml.Marshal(dir)
	must(t, err)
	d, err := yamldir.New(text)
	must(t, err)
	s := &governance.Service{Store: st, Directory: d, Clock: tarn.NewFakeClock(now), MaskKey: testKey}
	if len(su.Annotations) > 0 {
		s.PII = func(_ context.Context, ns, table string) (map[string]string, error) {
			return su.Annotations[ns+"."+table], nil
		}
	}
	return s, m
}

func runCase(t *testing.T, st governance.Store, su setup, c policyCase) {
	s, m := build(t, st, su)
	names := c.Request.Tables
	if len(names) == 0 {
		names = []string{c.Request.Table}
	}
	var tables []engine.TableAccess
	for _, n := range names {
		def, ok := su.Tables[n]
		if !ok {
			t.Fatalf("table %s is not in the setup", n)
		}
		ta := engine.TableAccess{Table: lake.MustIdent(n), Columns: def.Columns, Types: def.Types}
		if len(c.Request.Columns) > 0 && len(names) == 1 {
			ta.Columns, ta.Types = c.Request.Columns, nil
		}
		tables = append(tables, ta)
	}
	decs, err := s.Decide(context.Background(), engine.Caller{Principal: c.Request.Principal}, tables)
	e := c.Expect
	if e.Refused != "" || e.Sentinel != "" {
		if err == nil {
			t.Fatalf("allowed; want a refusal saying %q", e.Refused)
		}
		if tarn.ErrorCode(err) != tarn.EFORBIDDEN {
			t.Fatalf("refusal code %s: %v", tarn.ErrorCode(err), err)
		}
		if !strings.Contains(tarn.ErrorMessage(err), e.Refused) {
			t.Fatalf("refusal %q does not say %q", tarn.ErrorMessage(err), e.Refused)
		}
		if e.Sentinel != "" && !errors.Is(err, sentinels[e.Sentinel]) {
			t.Fatalf("refusal %v is not %s", err, e.Sentinel)
		}
		return
	}
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	d := decs[len(decs)-1]
	ta := tables[len(tables)-1]
	var hidden, raw []string
	masked := map[string]string{}
	for i, col := range ta.Columns {
		rule, ok := d.Columns[col]
		if !ok {
			t.Fatalf("column %s has no rule: a decision must name every column", col)
		}
		if rule.Hidden {
			hidden = append(hidden, col)
			continue
		}
		typ := ""
		if i < len(ta.Types) {
			typ = ta.Types[i]
		}
		tag, isMasked := e.Masked[col]
		want := ""
		if isMasked {
			want = governance.Mask(tag, typ, testKey)
			masked[col] = tag
		}
		if f, ok := e.ColumnFilters[col]; ok {
			inner := want
			if inner == "" {
				inner = "{{col}}"
			}
			want = "CASE WHEN (" + f + ") THEN " + inner + " END"
		}
		if rule.Mask != want {
			t.Errorf("column %s: mask %q, want %q", col, rule.Mask, want)
		}
	}
	raw = d.Raw
	eq := func(what string, got, want []string) {
		g, w := slices.Clone(got), slices.Clone(want)
		sort.Strings(g)
		sort.Strings(w)
		if !slices.Equal(g, w) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	eq("hidden", hidden, e.Hidden)
	eq("masked", d.Masked, slices.Collect(maps.Keys(masked)))
	eq("masked (expected)", slices.Collect(maps.Keys(e.Masked)), slices.Collect(maps.Keys(masked)))
	eq("raw", raw, e.Raw)
	if d.RowFilter != e.RowFilter {
		t.Errorf("row filter %q, want %q", d.RowFilter, e.RowFilter)
	}
	if e.Flip != 0 {
		e.Flip = m.flips[e.Flip]
	}
	if d.FlipID != e.Flip {
		t.Errorf("flip %d, want %d", d.FlipID, e.Flip)
	}
	e.Grants = slices.Clone(e.Grants) // the case runs once per store
	for i, g := range e.Grants {
		e.Grants[i] = m.grants[g]
	}
	if e.Grants != nil && !slices.Equal(d.Grants, e.Grants) {
		t.Errorf("grants %v, want %v", d.Grants, e.Grants)
	}
	if !strings.HasPrefix(c.Request.Principal, "cli:") && !strings.HasPrefix(c.Request.Principal, "web:") && !strings.Contains(c.Request.Principal, ":") {
		t.Errorf("request principal %q is not an identity", c.Request.Principal)
	}
}
