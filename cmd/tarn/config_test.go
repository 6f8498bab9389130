package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/tarn-data/tarn"
)

// parsedFlags returns a flag set with the global and engine flags, parsed
// from args.
func parsedFlags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("tarn", pflag.ContinueOnError)
	AddGlobalFlags(fs)
	AddEngineFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return fs
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadConfigDefaultsWhenNothingIsSet(t *testing.T) {
	t.Chdir(t.TempDir()) // no ./tarn-data/tarn.yaml here
	cfg, err := LoadConfig(parsedFlags(t), envOf(map[string]string{"USER": "alice"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		DataDir: "./tarn-data",
		MetaURL: "sqlite://./tarn-data/tarn.db",
		Addr:    "127.0.0.1:8080",
		As:      "cli:alice",
		People:  "./tarn-data/people.yaml",
		Engine:  EngineConfig{MemoryLimit: "2GB", Threads: 0, QueryTimeout: 60 * time.Second, MaxRows: 10000, Trino: TrinoConfig{RulesLag: DefaultTrinoRulesLag}},
		Lake: LakeConfig{
			Warehouse:      "./tarn-data/warehouse",
			TargetFileSize: 128 << 20,
			SnapshotMaxAge: 120 * time.Hour,
			CommitRetries:  4,
		},
		Governance: GovernanceConfig{FlipSelfServe: true, FlipMax: time.Hour},
		LLM:        LLMConfig{Timeout: time.Minute, MaxRounds: 3},
		Bot: BotConfig{Web: true, Approvals: "approvals",
			Alerts: AlertsConfig{Platform: "web", Channel: "alerts", Principal: "alert:tarn", PerMinute: 6}},
		Skimmer: SkimmerConfig{Rows: 1000, Every: time.Minute},
		Jobs:    JobsConfig{Dir: "./tarn-data/jobs", Every: time.Minute, Retries: 3, FailuresPlatform: "web", FailuresChannel: "jobs"},
		Log:     LogConfig{Format: "text"},

		ShutdownTimeout: 30 * time.Second,
	}
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("got  %+v\nwant %+v", *cfg, want)
	}
}

func TestLoadConfigAcceptsNilFlagsAndEnv(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := LoadConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.As != "cli:unknown" || cfg.DataDir != DefaultDataDir {
		t.Errorf("got As=%q DataDir=%q", cfg.As, cfg.DataDir)
	}
}

func TestLoadConfigPrecedenceIsDefaultsFileEnvFlags(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "conf.yaml"), `
data_dir: /from/file
addr: file:1
as: cli:file
engine:
  memory_limit: 1GB
  threads: 2
  query_timeout: 30s
  max_rows: 100
lake:
  warehouse: s3://bucket/wh
  target_file_size: 64MiB
  snapshot_max_age: 48h
  commit_retries: 9
`)
	cases := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, c *Config)
	}{
		{"file beats defaults", []string{"--config", file}, nil, func(t *testing.T, c *Config) {
			same(t, c.DataDir, "/from/file")
			same(t, c.Addr, "file:1")
			same(t, c.As, "cli:file")
			same(t, c.Engine, EngineConfig{MemoryLimit: "1GB", Threads: 2, QueryTimeout: 30 * time.Second, MaxRows: 100, Trino: TrinoConfig{RulesLag: DefaultTrinoRulesLag}})
			same(t, c.Lake, LakeConfig{Warehouse: "s3://bucket/wh", TargetFileSize: 64 << 20, SnapshotMaxAge: 48 * time.Hour, CommitRetries: 9})
			same(t, c.MetaURL, "sqlite:///from/file/tarn.db")
			same(t, c.File, file)
		}},
		{"env beats file", []string{"--config", file}, map[string]string{
			"TARN_DATA": "/from/env", "TARN_ADDR": "env:2", "TARN_AS": "cli:env",
			"TARN_MEMORY_LIMIT": "3GB", "TARN_THREADS": "3", "TARN_QUERY_TIMEOUT": "2m", "TARN_MAX_ROWS": "200",
			"TARN_META_URL": "postgres://env/tarn",
		}, func(t *testing.T, c *Config) {
			same(t, c.DataDir, "/from/env")
			same(t, c.Addr, "env:2")
			same(t, c.As, "cli:env")
			same(t, c.Engine, EngineConfig{MemoryLimit: "3GB", Threads: 3, QueryTimeout: 2 * time.Minute, MaxRows: 200, Trino: TrinoConfig{RulesLag: DefaultTrinoRulesLag}})
			same(t, c.MetaURL, "postgres://env/tarn")
		}},
		{"flags beat env", []string{
			"--config", file, "--data", "/from/flag", "--addr", ":9", "--as", "cli:flag", "--meta-url", "sqlite:///x.db",
			"--memory-limit", "4GB", "--threads", "4", "--query-timeout", "5s", "--max-rows", "0",
		}, map[string]string{
			"TARN_DATA": "/from/env", "TARN_ADDR": "env:2", "TARN_AS": "cli:env", "TARN_META_URL": "postgres://env/tarn",
			"TARN_MEMORY_LIMIT": "3GB", "TARN_THREADS": "3", "TARN_QUERY_TIMEOUT": "2m", "TARN_MAX_ROWS": "200",
		}, func(t *testing.T, c *Config) {
			same(t, c.DataDir, "/from/flag")
			same(t, c.Addr, ":9")
			same(t, c.As, "cli:flag")
			same(t, c.MetaURL, "sqlite:///x.db")
			same(t, c.Engine, EngineConfig{MemoryLimit: "4GB", Threads: 4, QueryTimeout: 5 * time.Second, MaxRows: 0, Trino: TrinoConfig{RulesLag: DefaultTrinoRulesLag}})
		}},
		{"flag defaults that were not set do not override", []string{"--config", file}, nil, func(t *testing.T, c *Config) {
			same(t, c.Engine.MaxRows, 100)
			same(t, c.Addr, "file:1")
		}},
		{"meta url follows the final data dir", []string{"--data", "/flag/dir/"}, map[string]string{"TARN_DATA": "/env/dir"}, func(t *testing.T, c *Config) {
			same(t, c.MetaURL, "sqlite:///flag/dir/tarn.db")
			same(t, c.Lake.Warehouse, "/flag/dir/warehouse")
		}},
		{"TARN_CONFIG names the file", nil, map[string]string{"TARN_CONFIG": file}, func(t *testing.T, c *Config) {
			same(t, c.Addr, "file:1")
		}},
		{"--config beats TARN_CONFIG", []string{"--config", file}, map[string]string{"TARN_CONFIG": "/nonexistent.yaml"}, func(t *testing.T, c *Config) {
			same(t, c.Addr, "file:1")
		}},
		{"as defaults to cli:$USER", nil, map[string]string{"USER": "bob"}, func(t *testing.T, c *Config) {
			same(t, c.As, "cli:bob")
		}},
		{"tilde expands to HOME", []string{"--data", "~/lake"}, map[string]string{"HOME": "/home/carol"}, func(t *testing.T, c *Config) {
			same(t, c.DataDir, "/home/carol/lake")
		}},
		{"empty env values count as unset", nil, map[string]string{"TARN_ADDR": "", "TARN_MAX_ROWS": ""}, func(t *testing.T, c *Config) {
			same(t, c.Addr, DefaultAddr)
			same(t, c.Engine.MaxRows, DefaultMaxRows)
		}},
	}
	t.Chdir(t.TempDir())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := LoadConfig(parsedFlags(t, tc.args...), envOf(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, cfg)
		})
	}
}

func TestLoadConfigReadsTarnYamlInTheDataDir(t *testing.T) {
	data := t.TempDir()
	file := writeFile(t, filepath.Join(data, "tarn.yaml"), "addr: 0.0.0.0:7000\n")
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"data dir from flag", []string{"--data", data}, nil},
		{"data dir from env", nil, map[string]string{"TARN_DATA": data}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := LoadConfig(parsedFlags(t, tc.args...), envOf(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			same(t, cfg.Addr, "0.0.0.0:7000")
			same(t, cfg.File, file)
		})
	}
}

func TestLoadConfigEmptyFileChangesNothing(t *testing.T) {
	data := t.TempDir()
	writeFile(t, filepath.Join(data, "tarn.yaml"), "# nothing yet\n")
	cfg, err := LoadConfig(parsedFlags(t, "--data", data), nil)
	if err != nil {
		t.Fatal(err)
	}
	same(t, cfg.Engine.MaxRows, DefaultMaxRows)
}

func TestLoadConfigErrorsNameTheSourceAndGiveAnExample(t *testing.T) {
	dir := t.TempDir()
	n := 0
	yamlFile := func(text string) string {
		n++
		return writeFile(t, filepath.Join(dir, fmt.Sprintf("conf%d.yaml", n)), text)
	}
	cases := []struct {
		name string
		args func() []string
		env  map[string]string
		want []string // substrings of the error text
	}{
		{"bad duration in env", nil, map[string]string{"TARN_QUERY_TIMEOUT": "60"},
			[]string{"TARN_QUERY_TIMEOUT", `"60"`, "90s"}},
		{"negative duration in env", nil, map[string]string{"TARN_QUERY_TIMEOUT": "-5s"},
			[]string{"TARN_QUERY_TIMEOUT", "positive"}},
		{"bad size in env", nil, map[string]string{"TARN_MEMORY_LIMIT": "lots"},
			[]string{"TARN_MEMORY_LIMIT", `"lots"`, "2GB"}},
		{"bad size unit in env", nil, map[string]string{"TARN_MEMORY_LIMIT": "2GX"},
			[]string{"TARN_MEMORY_LIMIT", "512MiB"}},
		{"bad thread count in env", nil, map[string]string{"TARN_THREADS": "many"},
			[]string{"TARN_THREADS", "whole number"}},
		{"negative max rows in env", nil, map[string]string{"TARN_MAX_ROWS": "-1"},
			[]string{"TARN_MAX_ROWS", "at least 0"}},
		{"bad meta url in env", nil, map[string]string{"TARN_META_URL": "mysql://x"},
			[]string{"TARN_META_URL", "sqlite://"}},
		{"bad addr in env", nil, map[string]string{"TARN_ADDR": "8080"},
			[]string{"TARN_ADDR", "127.0.0.1:8080"}},
		{"bad duration flag", func() []string { return []string{"--query-timeout", "soon"} }, nil,
			[]string{"--query-timeout", `"soon"`, "2m"}},
		{"bad size flag", func() []string { return []string{"--memory-limit", "2 bananas"} }, nil,
			[]string{"--memory-limit", "2GB"}},
		{"empty principal flag", func() []string { return []string{"--as", " "} }, nil,
			[]string{"--as", "cli:alice"}},
		{"bad duration in file", func() []string { return []string{"--config", yamlFile("engine:\n  query_timeout: 60\n")} }, nil,
			[]string{"engine.query_timeout", "line 2", ".yaml", "90s"}},
		{"bad size in file", func() []string { return []string{"--config", yamlFile("lake:\n  target_file_size: big\n")} }, nil,
			[]string{"lake.target_file_size", "line 2", "512MiB"}},
		{"zero size in file", func() []string { return []string{"--config", yamlFile("lake:\n  target_file_size: 0\n")} }, nil,
			[]string{"lake.target_file_size", "more than zero"}},
		{"unknown top-level key", func() []string { return []string{"--config", yamlFile("adr: :8080\n")} }, nil,
			[]string{`unknown key "adr"`, "line 1", ".yaml", "known keys: data_dir"}},
		{"unknown nested key", func() []string { return []string{"--config", yamlFile("engine:\n  memory_limt: 1GB\n")} }, nil,
			[]string{`"engine.memory_limt"`, "line 2", "known keys under engine: memory_limit, threads"}},
		{"list where a value belongs", func() []string { return []string{"--config", yamlFile("addr: [a, b]\n")} }, nil,
			[]string{"addr in", "line 1", "single value"}},
		{"map where a section belongs", func() []string { return []string{"--config", yamlFile("engine: 5\n")} }, nil,
			[]string{".yaml", "line 1", "into the engine section"}},
		{"list where the settings map belongs", func() []string { return []string{"--config", yamlFile("- a\n- b\n")} }, nil,
			[]string{".yaml", "into a map of settings"}},
		{"broken yaml", func() []string { return []string{"--config", yamlFile("engine:\n\t- x: [\n")} }, nil,
			[]string{".yaml", "not valid YAML"}},
		{"missing --config file", func() []string { return []string{"--config", filepath.Join(dir, "nope.yaml")} }, nil,
			[]string{"nope.yaml", "--config"}},
		{"missing TARN_CONFIG file", nil, map[string]string{"TARN_CONFIG": filepath.Join(dir, "gone.yaml")},
			[]string{"gone.yaml", "TARN_CONFIG"}},
	}
	t.Chdir(t.TempDir())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var args []string
			if tc.args != nil {
				args = tc.args()
			}
			_, err := LoadConfig(parsedFlags(t, args...), envOf(tc.env))
			if err == nil {
				t.Fatal("want an error, got none")
			}
			t.Log(err)
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error does not wrap ErrInvalidConfig: %v", err)
			}
			if code := tarn.ErrorCode(err); code != tarn.EINVALID {
				t.Errorf("code = %q, want %q", code, tarn.EINVALID)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseSizeReadsDecimalAndBinaryUnits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"2GB", 2e9},
		{"2 gb", 2e9},
		{"512MiB", 512 << 20},
		{"1.5GiB", 3 << 29},
		{"1024", 1024},
		{"10kb", 10000},
		{"1TiB", 1 << 40},
		{"7B", 7},
	} {
		got, err := parseSize(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "GB", "-1GB", "1e9", "2PB", "1.2.3MB", "99999999999TB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) succeeded, want an error", bad)
		}
	}
}

func same[T comparable](t *testing.T, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestLoadConfigReadsTheFlipPolicy(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir+"/tarn.yaml", "governance:\n  flip_self_serve: false\n  flip_max: 15m\n")
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_CONFIG": path}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Governance.FlipSelfServe || cfg.Governance.FlipMax != 15*time.Minute {
		t.Fatalf("got %+v", cfg.Governance)
	}
	bad := writeFile(t, dir+"/bad.yaml", "governance:\n  flip_self_serve: maybe\n")
	if _, err := LoadConfig(nil, envOf(map[string]string{"TARN_CONFIG": bad})); err == nil || !strings.Contains(err.Error(), "flip_self_serve") {
		t.Fatalf("bad value: %v", err)
	}
}

func TestLoadConfigReadsTheModelFromFileAndEnv(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir+"/tarn.yaml", "llm:\n  provider: openai\n  model: gpt-4o-mini\n  base_url: http://127.0.0.1:11434/v1\n  timeout: 20s\n")
	cfg, err := LoadConfig(nil, envOf(map[string]string{"TARN_CONFIG": path, "TARN_LLM_API_KEY": "sk-test", "TARN_LLM_MAX_ROUNDS": "2"}))
	if err != nil {
		t.Fatal(err)
	}
	want := LLMConfig{Provider: "openai", Model: "gpt-4o-mini", BaseURL: "http://127.0.0.1:11434/v1", APIKey: "sk-test", Timeout: 20 * time.Second, MaxRounds: 2}
	if cfg.LLM != want {
		t.Fatalf("got %+v, want %+v", cfg.LLM, want)
	}
	_, err = LoadConfig(nil, envOf(map[string]string{"TARN_LLM_PROVIDER": "skynet"}))
	if err == nil || !strings.Contains(err.Error(), "TARN_LLM_PROVIDER") || !strings.Contains(tarn.ErrorMessage(err)+err.Error(), "skynet") {
		t.Fatalf("unknown provider: %v", err)
	}
}

func TestBotSettingsComeFromTheFileAndTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/tarn.yaml"
	os.WriteFile(path, []byte("bot:\n  web: false\n  slack: {app_token: xapp-1, approvals: C01, api_url: \"https://slack-gov.com/api/\"}\n  alerts: {platform: slack, channel: C02, per_minute: 3}\n"), 0o600)
	cfg, err := LoadConfig(parsedFlags(t, "--config", path), envOf(map[string]string{"TARN_SLACK_BOT_TOKEN": "xoxb-1", "TARN_ALERTS_SECRET": "s"}))
	if err != nil {
		t.Fatal(err)
	}
	b := cfg.Bot
	if b.Web || b.Slack.AppToken != "xapp-1" || b.Slack.BotToken != "xoxb-1" || b.Slack.Approvals != "C01" || b.Slack.APIURL != "https://slack-gov.com/api/" ||
		b.Alerts.Platform != "slack" || b.Alerts.Channel != "C02" || b.Alerts.PerMinute != 3 || b.Alerts.Secret != "s" {
		t.Fatalf("bot config = %+v", b)
	}
	os.WriteFile(path, []byte("bot:\n  alerts: {platform: irc}\n"), 0o600)
	if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(err.Error(), "bot.alerts.platform") {
		t.Fatalf("a bad platform: %v", err)
	}
	os.WriteFile(path, []byte("bot:\n  slack: {token: x}\n"), 0o600)
	if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(err.Error(), "bot_token") {
		t.Fatalf("an unknown key: %v", err)
	}
}

func TestSkimmerSettingsComeFromTheFileAndTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/tarn.yaml"
	os.WriteFile(path, []byte("skimmer:\n  rows: 5000\n  person_keys: \"dim.accounts.account_id, CRM.Users.User_ID\"\n"), 0o600)
	cfg, err := LoadConfig(parsedFlags(t, "--config", path), envOf(map[string]string{"TARN_SKIMMER_EVERY": "5m"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Skimmer; s.Rows != 5000 || s.Every != 5*time.Minute || !reflect.DeepEqual(s.PersonKeys, []string{"dim.accounts.account_id", "crm.users.user_id"}) {
		t.Fatalf("skimmer config = %+v", s)
	}
	if cfg, err := LoadConfig(parsedFlags(t, "--config", path), envOf(map[string]string{"TARN_SKIMMER_EVERY": "0"})); err != nil || cfg.Skimmer.Every != 0 {
		t.Fatalf("skimmer.every 0 (off): %v, %v", cfg.Skimmer.Every, err)
	}
	for file, want := range map[string]string{
		"skimmer:\n  person_keys: dim.accounts\n": "skimmer.person_keys",
		"skimmer:\n  rows: 0\n":                   "skimmer.rows",
		"skimmer:\n  sample: 3\n":                 "rows, every, person_keys",
	} {
		os.WriteFile(path, []byte(file), 0o600)
		if _, err := LoadConfig(parsedFlags(t, "--config", path), envOf(nil)); err == nil || !strings.Contains(tarn.ErrorMessage(err)+" "+err.Error(), want) {
			t.Errorf("%q: %v, want an error naming %s", file, err, want)
		}
	}
}

func TestJobsSettingsComeFromTheFileAndTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "tarn.yaml"), "jobs:\n  dir: /srv/jobs\n  every: 30s\n  retries: 5\n  failures:\n    platform: slack\n    channel: C0JOBS\n")
	fs := parsedFlags(t, "--config", path)
	cfg, err := LoadConfig(fs, envOf(map[string]string{"TARN_JOBS_EVERY": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	want := JobsConfig{Dir: "/srv/jobs", Every: 0, Retries: 5, FailuresPlatform: "slack", FailuresChannel: "C0JOBS"}
	if cfg.Jobs != want {
		t.Fatalf("jobs settings %+v, want %+v", cfg.Jobs, want)
	}
	_, err = LoadConfig(parsedFlags(t, "--config", writeFile(t, filepath.Join(t.TempDir(), "tarn.yaml"), "jobs:\n  failures:\n    platform: irc\n")), nil)
	if err == nil || !strings.Contains(tarn.ErrorMessage(err), "jobs.failures.platform") {
		t.Fatalf("a bad platform: %v", err)
	}
}
