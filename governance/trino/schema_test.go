package trino_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/tarn-data/tarn/governance/trino"
)

// trinoRules mirrors the fields Trino's file-based system access control
// reads from a rules file (catalog, schema and table rules, column
// constraints, filter and mask environments), as its documentation and
// FileBasedSystemAccessControlRules define them. Decoding with
// DisallowUnknownFields proves that every field Tarn writes is one Trino
// knows.
type trinoRules struct {
	Catalogs *[]struct {
		User    *string `json:"user"`
		Role    *string `json:"role"`
		Group   *string `json:"group"`
		Catalog *string `json:"catalog"`
		Allow   *string `json:"allow"` // all | read-only | none (required)
	} `json:"catalogs"`
	Schemas *[]struct {
		User    *string `json:"user"`
		Role    *string `json:"role"`
		Group   *string `json:"group"`
		Catalog *string `json:"catalog"`
		Schema  *string `json:"schema"`
		Owner   *bool   `json:"owner"` // required
	} `json:"schemas"`
	Tables *[]tableRule `json:"tables"`
}

type tableRule struct {
	User              *string      `json:"user"`
	Role              *string      `json:"role"`
	Group             *string      `json:"group"`
	Catalog           *string      `json:"catalog"`
	Schema            *string      `json:"schema"`
	Table             *string      `json:"table"`
	Privileges        *[]string    `json:"privileges"` // required
	Columns           []columnRule `json:"columns"`
	Filter            *string      `json:"filter"`
	FilterEnvironment *environment `json:"filter_environment"`
}

type columnRule struct {
	Name            string       `json:"name"`
	Allow           *bool        `json:"allow"`
	Mask            *string      `json:"mask"`
	MaskEnvironment *environment `json:"mask_environment"`
}

type environment struct {
	User *string `json:"user"`
}

// parse decodes a rules document strictly and checks the values Trino
// constrains.
func parse(t *testing.T, doc []byte) trinoRules {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	var r trinoRules
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("not a Trino rules document: %v", err)
	}
	if r.Catalogs == nil || r.Schemas == nil || r.Tables == nil {
		t.Fatal("catalogs, schemas and tables must all be present")
	}
	regexes := []*string{}
	for _, c := range *r.Catalogs {
		if c.Allow == nil || !slices.Contains([]string{"all", "read-only", "none"}, *c.Allow) {
			t.Errorf("catalog rule allow = %v", c.Allow)
		}
		regexes = append(regexes, c.User, c.Role, c.Group, c.Catalog)
	}
	for _, s := range *r.Schemas {
		if s.Owner == nil {
			t.Error("schema rule without owner")
		}
		regexes = append(regexes, s.User, s.Role, s.Group, s.Catalog, s.Schema)
	}
	for i, tr := range *r.Tables {
		if tr.Privileges == nil {
			t.Errorf("table rule %d has no privileges", i)
			continue
		}
		for _, p := range *tr.Privileges {
			if !slices.Contains([]string{"SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"}, p) {
				t.Errorf("table rule %d: unknown privilege %q", i, p)
			}
		}
		seen := map[string]bool{}
		for _, c := range tr.Columns {
			if c.Name == "" || seen[c.Name] {
				t.Errorf("table rule %d: empty or repeated column %q (Trino indexes them by name)", i, c.Name)
			}
			seen[c.Name] = true
			if c.Mask != nil && c.Allow != nil && !*c.Allow {
				t.Errorf("table rule %d: column %s both hidden and masked", i, c.Name)
			}
		}
		regexes = append(regexes, tr.User, tr.Role, tr.Group, tr.Catalog, tr.Schema, tr.Table)
	}
	for _, re := range regexes {
		if re != nil {
			if _, err := regexp.Compile(*re); err != nil {
				t.Errorf("bad regex %q: %v", *re, err)
			}
		}
	}
	return r
}

func render(t *testing.T, in trino.Input) trinoRules {
	t.Helper()
	doc, err := trino.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, doc)
}

func TestGoldenFilesAreValidTrinoRules(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := parse(t, b)
			tables := *r.Tables
			last := tables[len(tables)-1]
			if last.User != nil || last.Group != nil || last.Role != nil || last.Catalog != nil || last.Schema != nil ||
				last.Table != nil || len(*last.Privileges) != 0 {
				t.Errorf("the last table rule must deny every table to everyone, got %s", asJSON(last))
			}
		})
	}
}

// TestStrictParseCatchesUnknownFields proves the mirror is strict: a field
// Trino does not know fails.
func TestStrictParseCatchesUnknownFields(t *testing.T) {
	dec := json.NewDecoder(bytes.NewReader([]byte(`{"catalogs":[],"schemas":[],"tables":[{"privileges":[],"colums":[]}]}`)))
	dec.DisallowUnknownFields()
	var r trinoRules
	if err := dec.Decode(&r); err == nil {
		t.Fatal("a misspelt field decoded without error")
	}
}
