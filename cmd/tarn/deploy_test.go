package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	enginetrino "github.com/tarn-data/tarn/engine/trino"
)

// The deployment files cannot be started here (no Docker, no cluster);
// these tests hold them to what Tarn serves and writes, so renaming a route,
// the catalog or a setting fails here instead of in someone's cluster.

const deployDir = "../../deploy"

// yamlDocs parses every YAML document under deploy/, keyed by file.
func yamlDocs(t *testing.T) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	err := filepath.WalkDir(deployDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml")) {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		dec := yaml.NewDecoder(f)
		for {
			var doc map[string]any
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Errorf("%s: %v", path, err)
				break
			}
			if doc != nil {
				out[strings.TrimPrefix(path, deployDir+"/")] = append(out[strings.TrimPrefix(path, deployDir+"/")], doc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// at walks a parsed document by map keys and list indexes ("0").
func at(v any, path ...string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// properties reads Java properties (key=value lines) from text.
func properties(text string) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

// trinoFiles returns, per deployment, Trino's access-control and catalog
// properties.
func trinoFiles(t *testing.T, docs map[string][]map[string]any) map[string][2]map[string]string {
	t.Helper()
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(deployDir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	out := map[string][2]map[string]string{
		"compose": {properties(read("compose/trino/access-control.properties")), properties(read("compose/trino/catalog/" + enginetrino.Catalog + ".properties"))},
	}
	for _, d := range docs["k8s/trino.yaml"] {
		if d["kind"] == "ConfigMap" {
			ac, _ := at(d, "data", "access-control.properties").(string)
			cat, _ := at(d, "data", enginetrino.Catalog+".properties").(string)
			out["k8s"] = [2]map[string]string{properties(ac), properties(cat)}
		}
	}
	if len(out) != 2 {
		t.Fatalf("found Trino's files for %d deployments, want compose and k8s", len(out))
	}
	return out
}

func TestEveryDeployFileParsesAndNamesItsImages(t *testing.T) {
	docs := yamlDocs(t)
	images := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if s, ok := c.(string); ok && k == "image" {
					images[strings.SplitN(s, ":", 2)[0]+":"+strings.SplitN(s+":", ":", 3)[1]] = true
				}
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	for _, ds := range docs {
		for _, d := range ds {
			walk(d)
		}
	}
	for _, want := range []string{"tarn:latest", "postgres:15", "trinodb/trino:476", "minio/minio:latest"} {
		if !images[want] {
			t.Errorf("no service runs %s; images: %v", want, images)
		}
	}
	compose := docs["compose/compose.yaml"]
	if len(compose) != 1 {
		t.Fatalf("compose.yaml holds %d documents", len(compose))
	}
	for _, svc := range []string{"tarn", "postgres", "minio", "trino"} {
		if at(compose[0], "services", svc) == nil {
			t.Errorf("compose.yaml has no %s service", svc)
		}
	}
}

func TestTheTarnDeploymentProbesHealthAndReadiness(t *testing.T) {
	var dep map[string]any
	for _, d := range yamlDocs(t)["k8s/tarn.yaml"] {
		if d["kind"] == "Deployment" {
			dep = d
		}
	}
	c := at(dep, "spec", "template", "spec", "containers", "0")
	if got := at(c, "readinessProbe", "httpGet", "path"); got != "/readyz" {
		t.Errorf("readiness probe %v, want /readyz", got)
	}
	if got := at(c, "livenessProbe", "httpGet", "path"); got != "/healthz" {
		t.Errorf("liveness probe %v, want /healthz", got)
	}
}

// deployEnv collects the TARN_* variables the deployment files set, with
// their values where given inline.
func deployEnv(t *testing.T, docs map[string][]map[string]any) map[string]string {
	t.Helper()
	env := map[string]string{}
	for k, v := range at(docs["compose/compose.yaml"][0], "services", "tarn", "environment").(map[string]any) {
		env[k], _ = v.(string)
	}
	for _, d := range append(docs["k8s/tarn.yaml"], docs["k8s/secret.example.yaml"]...) {
		if d["kind"] == "Secret" {
			for k, v := range at(d, "stringData").(map[string]any) {
				env[k], _ = v.(string)
			}
		}
		if d["kind"] != "Deployment" {
			continue
		}
		for _, e := range at(d, "spec", "template", "spec", "containers", "0", "env").([]any) {
			name, _ := at(e, "name").(string)
			env[name], _ = at(e, "value").(string)
		}
	}
	return env
}

func TestDeployFilesUseOnlyTarnsOwnSettings(t *testing.T) {
	docs := yamlDocs(t)
	known := map[string]bool{"TARN_CONFIG": true}
	for _, s := range settings {
		known[s.env] = true
	}
	// Names the deployment's own services read, not Tarn.
	own := map[string]bool{"TARN_PG_PASSWORD": true, "TARN_S3_ACCESS_KEY": true, "TARN_S3_SECRET_KEY": true}
	env := deployEnv(t, docs)
	for k := range env {
		if strings.HasPrefix(k, "TARN_") && !known[k] && !own[k] {
			t.Errorf("%s is not a setting of tarn (config.go)", k)
		}
	}
	for _, k := range []string{"TARN_TRINO_URL", "TARN_ADDR", "TARN_CONFIG"} {
		if _, ok := env[k]; !ok {
			t.Errorf("the deployment does not set %s", k)
		}
	}
	u := env["TARN_TRINO_URL"]
	c, err := enginetrino.Open(enginetrino.Options{DSN: u})
	if err != nil {
		t.Fatalf("TARN_TRINO_URL %s: %v", u, err)
	}
	c.Close()
	// Tarn's config files are YAML Tarn itself accepts.
	for _, p := range []string{"compose/tarn.yaml"} {
		if _, err := LoadConfig(parsedFlags(t, "--config", filepath.Join(deployDir, p)), envOf(nil)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, d := range docs["k8s/tarn.yaml"] {
		if d["kind"] == "ConfigMap" {
			path := filepath.Join(t.TempDir(), "tarn.yaml")
			os.WriteFile(path, []byte(at(d, "data", "tarn.yaml").(string)), 0o600)
			if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err != nil {
				t.Errorf("k8s tarn.yaml: %v", err)
			}
		}
	}
}

// TestTrinoReadsTheRulesTarnServesAndTheCatalogTarnWrites serves the demo
// lake and checks each deployment's Trino files against it: the rules URL's
// path is a route that answers with the rules document, whose catalog is the
// one Trino's catalog file defines; the JDBC catalog name is the one the
// lake's tables are registered under.
func TestTrinoReadsTheRulesTarnServesAndTheCatalogTarnWrites(t *testing.T) {
	docs := yamlDocs(t)
	m := serveDemo(t)
	var catalogs []string
	rows, err := m.Store.QueryContext(context.Background(), "SELECT DISTINCT catalog_name FROM iceberg_tables")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		catalogs = append(catalogs, c)
	}
	rows.Close()
	if len(catalogs) != 1 {
		t.Fatalf("the demo lake's tables are under catalogs %v", catalogs)
	}
	for name, files := range trinoFiles(t, docs) {
		ac, cat := files[0], files[1]
		if ac["access-control.name"] != "file" || ac["security.refresh-period"] == "" {
			t.Errorf("%s: access control %v", name, ac)
		}
		rules, err := url.Parse(ac["security.config-file"])
		if err != nil || rules.Scheme != "http" || rules.Host != "tarn:8080" {
			t.Fatalf("%s: rules URL %q, want http://tarn:8080/…", name, ac["security.config-file"])
		}
		resp, err := http.Get("http://" + m.Addr() + rules.Path)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Catalogs []struct{ Catalog string } `json:"catalogs"`
		}
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || len(doc.Catalogs) == 0 {
			t.Fatalf("%s: GET %s = %d (%v): Tarn does not serve the rules there", name, rules.Path, resp.StatusCode, err)
		}
		if got := doc.Catalogs[0].Catalog; !regexp.MustCompile("^(?:" + got + ")$").MatchString(enginetrino.Catalog) {
			t.Errorf("%s: the rules cover catalog %q, Trino's catalog file is %s.properties", name, got, enginetrino.Catalog)
		}
		if cat["connector.name"] != "iceberg" || cat["iceberg.catalog.type"] != "jdbc" || cat["iceberg.jdbc-catalog.schema-version"] != "V1" {
			t.Errorf("%s: catalog %v is not Iceberg over the JDBC catalog (schema V1, with iceberg_type)", name, cat)
		}
		if got := cat["iceberg.jdbc-catalog.catalog-name"]; got != catalogs[0] {
			t.Errorf("%s: iceberg.jdbc-catalog.catalog-name is %q, the lake registers tables under %q", name, got, catalogs[0])
		}
		if !strings.HasPrefix(cat["iceberg.jdbc-catalog.connection-url"], "jdbc:postgresql://") {
			t.Errorf("%s: connection-url %q", name, cat["iceberg.jdbc-catalog.connection-url"])
		}
	}
}
