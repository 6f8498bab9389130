package main

import (
	"os"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/lake/s3"
)

func TestObjectStorageSettingsComeFromTheFileTheEnvironmentAndFlags(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/tarn.yaml"
	os.WriteFile(path, []byte(`lake:
  warehouse: s3://from-file/wh
  cache_dir: /var/cache/tarn
  cache_max_bytes: 20GiB
  s3:
    endpoint: https://acct.r2.cloudflarestorage.com
    region: auto
    compat: true
`), 0o600)
	cfg, err := LoadConfig(parsedFlags(t, "--config", path, "--warehouse", "s3://from-flag/wh"),
		envOf(map[string]string{"TARN_S3_ACCESS_KEY_ID": "key", "TARN_S3_SECRET_ACCESS_KEY": "secret", "TARN_WAREHOUSE": "s3://from-env/wh"}))
	if err != nil {
		t.Fatal(err)
	}
	want := s3.Config{Endpoint: "https://acct.r2.cloudflarestorage.com", Region: "auto", AccessKeyID: "key", SecretAccessKey: "secret", Compat: true}
	if cfg.Lake.S3 != want {
		t.Errorf("lake.s3 = %+v, want %+v", cfg.Lake.S3, want)
	}
	same(t, cfg.Lake.Warehouse, "s3://from-flag/wh")
	same(t, cfg.Lake.CacheDir, "/var/cache/tarn")
	same(t, cfg.Lake.CacheMaxBytes, int64(20<<30))

	m := NewMain(cfg)
	o, err := m.lakeOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.IOProps["s3.region"] != "auto" || o.IOProps["s3.compat-mode"] != "true" || o.CacheDir != "/var/cache/tarn" {
		t.Errorf("lake options %+v", o)
	}

	os.WriteFile(path, []byte("lake:\n  s3: {path_style: sometimes}\n"), 0o600)
	if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(err.Error(), "lake.s3.path_style") {
		t.Errorf("a bad path_style: %v", err)
	}
	os.WriteFile(path, []byte("lake:\n  s3: {secret: x}\n"), 0o600)
	if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(err.Error(), "secret_access_key") {
		t.Errorf("an unknown key: %v", err)
	}
	if _, err := LoadConfig(parsedFlags(t), envOf(map[string]string{"TARN_S3_ENDPOINT": "r2.example.com"})); err == nil || !strings.Contains(err.Error(), "TARN_S3_ENDPOINT") {
		t.Errorf("an endpoint without a scheme: %v", err)
	}
}

func TestLakeOptionsDefaultTheCacheAndRefuseUnusableWarehouses(t *testing.T) {
	cfg, err := LoadConfig(parsedFlags(t, "--data", "/srv/tarn"), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	o, err := NewMain(cfg).lakeOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	same(t, o.CacheDir, "/srv/tarn/cache")
	same(t, o.CacheMaxBytes, int64(DefaultCacheMaxBytes))
	if len(o.IOProps) != 0 {
		t.Errorf("a local warehouse got IO properties %v", o.IOProps)
	}
	for _, c := range []struct {
		warehouse string
		s3        s3.Config
		want      string
	}{
		{"gs://bucket/wh", s3.Config{}, "gs://"},
		{"s3:///wh", s3.Config{}, "names no bucket"},
		{"s3://bucket/wh", s3.Config{AccessKeyID: "only-the-id"}, "secret"},
	} {
		cfg.Lake.Warehouse, cfg.Lake.S3 = c.warehouse, c.s3
		if _, err := NewMain(cfg).lakeOptions(nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %+v: err = %v, want it to mention %q", c.warehouse, c.s3, err, c.want)
		}
	}
}
