package trino

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
)

// ErrInvalidInput is wrapped by Render's errors.
var ErrInvalidInput = errors.New("invalid Trino rules input")

// Input is the governance state to render.
type Input struct {
	// Catalog is the Trino catalog name of the lake, e.g. "tarn".
	Catalog string
	// Now is the time grants are judged at: grants not active then
	// (expired or revoked) are left out. Required.
	Now time.Time
	// Grants are every grant; select and admin grants active at Now are
	// rendered (admin includes select), others are ignored. Grantees are
	// "user:<name>" (rendered as "user" rules) or "group:<name>" ("group"
	// rules).
	Grants []governance.Grant
	// Reviews are every table review. Tables without an approved review get
	// no access; columns an approved review did not approve get allow
	// false.
	Reviews []governance.Review
	// Masks maps a PII tag to a Trino SQL expression template that masks
	// a column holding that kind of data, written with {col} for the
	// column, e.g. "email": "regexp_replace({col}, '^[^@]*', '***')".
	// A PII column whose tag has no template is hidden (allow false).
	// DefaultMasks has templates for the common tags.
	Masks map[string]string
	// Members maps a group to its members. A group found here has its
	// grants rendered as rules per member, merged with the member's other
	// grants, which makes Trino's first-match rules agree with Tarn's union
	// semantics; other groups are rendered as "group" rules.
	Members map[string][]string
	// Columns maps "namespace.table" to every column of the table in the
	// lake, so that columns no review approved can be hidden by name.
	Columns map[string][]string
	// PII maps "namespace.table" to the PII tags of its columns from the
	// lake's annotations (column → tag); the review's tags take precedence.
	PII map[string]map[string]string
}

// Render returns the rules document for in: deterministic, indented JSON.
// It returns a *tarn.Error with code EINVALID wrapping ErrInvalidInput when
// Catalog or Now is missing.
func Render(in Input) ([]byte, error) {
	if in.Catalog == "" {
		return nil, tarn.Wrap(fmt.Errorf("%w: no catalog", ErrInvalidInput), tarn.EINVALID,
			"set the Trino catalog name of the lake (e.g. tarn)", "the Trino rules need the catalog name of the lake")
	}
	if in.Now.IsZero() {
		return nil, tarn.Wrap(fmt.Errorf("%w: no time", ErrInvalidInput), tarn.EINVALID,
			"pass the current time from the clock", "the Trino rules need the time to judge grants at")
	}
	catalog := exact(in.Catalog)
	doc := document{
		Catalogs: []catalogRule{{Catalog: catalog, Allow: "read-only"}},
		Schemas:  []schemaRule{{Owner: false}},
		Tables:   []tableRule{},
	}
	tables := reviewedTables(in)
	for _, t := range tables {
		if !t.approved {
			doc.Tables = append(doc.Tables, tableRule{Catalog: catalog, Schema: exact(t.ns), Table: exact(t.name), Privileges: []string{}})
		}
	}
	for _, s := range subjects(in) {
		for _, t := range tables {
			if !t.approved {
				continue
			}
			var gs []governance.Grant
			for _, g := range s.grants {
				if g.Object.Covers(t.ns, t.name) {
					gs = append(gs, g)
				}
			}
			if r, ok := t.rule(gs, in.Masks); ok {
				r.Catalog = catalog
				if s.group {
					r.Group = exact(s.name)
				} else {
					r.User = exact(s.name)
				}
				doc.Tables = append(doc.Tables, r)
			}
		}
	}
	doc.Tables = append(doc.Tables, tableRule{Privileges: []string{}}) // default-closed
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidInput, err)
	}
	return b.Bytes(), nil
}

// exact returns a Java regular expression that matches s and nothing else.
// Go's QuoteMeta escapes only punctuation, which Java reads as literals too.
func exact(s string) string { return "^" + regexp.QuoteMeta(s) + "$" }

// subject is a user or a group with the read grants it holds.
type subject struct {
	name   string
	group  bool
	grants []governance.Grant
}

// subjects returns the users (sorted) then the groups (sorted) that hold
// active read grants, with groups listed in Members expanded into their
// members.
func subjects(in Input) []subject {
	gs := make([]governance.Grant, 0, len(in.Grants))
	for _, g := range in.Grants {
		if (g.Privilege == governance.Select || g.Privilege == governance.Admin) && g.Active(in.Now) {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].ID < gs[j].ID })
	users, groups := map[string][]governance.Grant{}, map[string][]governance.Grant{}
	for _, g := range gs {
		kind, name, _ := strings.Cut(g.Grantee, ":")
		if name == "" {
			continue // not a grantee Tarn knows; it grants nothing
		}
		switch kind {
		case "user":
			users[name] = append(users[name], g)
		case "group":
			members, ok := in.Members[name]
			if !ok {
				groups[name] = append(groups[name], g)
				continue
			}
			for _, m := range members {
				users[m] = append(users[m], g)
			}
		}
	}
	var out []subject
	for _, name := range sortedKeys(users) {
		out = append(out, subject{name: name, grants: users[name]})
	}
	for _, name := range sortedKeys(groups) {
		out = append(out, subject{name: name, group: true, grants: groups[name]})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// table is a reviewed table with what the renderer knows of its columns.
type table struct {
	ns, name string
	approved bool
	allowed  map[string]bool   // columns the review approved
	known    []string          // every column known, sorted
	tags     map[string]string // column → normalised PII tag
}

// reviewedTables returns the reviewed tables sorted by name, names and
// columns in lower case as Tarn and Trino's Iceberg connector use them.
func reviewedTables(in Input) []*table {
	byKey := map[string]*table{}
	for _, r := range in.Reviews {
		ns, name := strings.ToLower(r.Namespace), strings.ToLower(r.Table)
		key := ns + "." + name
		t := &table{ns: ns, name: name, approved: r.Approved, allowed: map[string]bool{}, tags: map[string]string{}}
		byKey[key] = t
		known := map[string]bool{}
		for _, c := range in.Columns[key] {
			known[strings.ToLower(c)] = true
		}
		for _, c := range r.Columns {
			t.allowed[strings.ToLower(c)] = true
			known[strings.ToLower(c)] = true
		}
		for c, tag := range in.PII[key] {
			if tag = governance.NormalizeTag(tag); tag != "" {
				t.tags[strings.ToLower(c)] = tag
				known[strings.ToLower(c)] = true
			}
		}
		for c, tag := range r.PII {
			if tag = governance.NormalizeTag(tag); tag != "" {
				t.tags[strings.ToLower(c)] = tag
				known[strings.ToLower(c)] = true
			}
		}
		t.known = sortedKeys(known)
	}
	out := make([]*table, 0, len(byKey))
	for _, k := range sortedKeys(byKey) {
		out = append(out, byKey[k])
	}
	return out
}

// rule returns the rule for a subject holding gs on t, or false when the
// grants leave it no column to read.
func (t *table) rule(gs []governance.Grant, masks map[string]string) (tableRule, bool) {
	if len(gs) == 0 {
		return tableRule{}, false
	}
	r := tableRule{Schema: exact(t.ns), Table: exact(t.name), Privileges: []string{"SELECT"}, Filter: governance.RowFilter(gs, "")}
	visible := 0
	for _, col := range t.known {
		if !t.allowed[col] || !governance.AnyCovers(gs, col) {
			r.Columns = append(r.Columns, columnRule{Name: col, Allow: new(false)})
			continue
		}
		mask := ""
		if tag := t.tags[col]; tag != "" {
			tmpl, ok := masks[tag]
			if !ok {
				r.Columns = append(r.Columns, columnRule{Name: col, Allow: new(false)})
				continue
			}
			mask = strings.ReplaceAll(tmpl, "{col}", quote(col))
		}
		// A column some grants do not cover exists only in the rows of the
		// grants that do, as in Tarn's own decisions.
		if f := governance.RowFilter(gs, col); f != r.Filter {
			inner := mask
			if inner == "" {
				inner = quote(col)
			}
			mask = "CASE WHEN " + f + " THEN " + inner + " END"
		}
		visible++
		if mask != "" {
			r.Columns = append(r.Columns, columnRule{Name: col, Mask: mask})
		}
	}
	if visible == 0 {
		return tableRule{}, false
	}
	return r, true
}

// quote quotes a column name as a Trino identifier.
func quote(col string) string { return `"` + strings.ReplaceAll(col, `"`, `""`) + `"` }
