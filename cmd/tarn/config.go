package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/s3"
)

// ErrInvalidConfig is the cause of every configuration error: a bad value, an
// unknown key in the config file, or a config file that cannot be read.
var ErrInvalidConfig = errors.New("invalid configuration")

// Config is everything the tarn binary needs to know before it starts. It is
// built by LoadConfig from, in rising precedence: defaults, the YAML config
// file, TARN_* environment variables and command-line flags.
type Config struct {
	// DataDir holds the SQLite metadata store and the local warehouse.
	DataDir string
	// MetaURL is the metadata store: sqlite://<path> or postgres://...
	// It defaults to sqlite://<DataDir>/tarn.db.
	MetaURL string
	// Addr is the host:port that `tarn serve` listens on.
	Addr       string
	Engine     EngineConfig
	Lake       LakeConfig
	Governance GovernanceConfig
	LLM        LLMConfig
	Bot        BotConfig
	Skimmer    SkimmerConfig
	Jobs       JobsConfig
	Log        LogConfig
	// ShutdownTimeout bounds a graceful stop of `tarn serve`: requests,
	// job runs and commits in flight get this long to finish.
	ShutdownTimeout time.Duration
	// As is the principal the CLI acts as (--as); default "cli:" + $USER.
	// A bare name such as "alice" means "cli:alice".
	As string
	// People is the directory of people and groups (YAML); default
	// <DataDir>/people.yaml. It is re-read when it changes.
	People string
	// File is the config file that was read, or "" when there was none.
	File string
}

// EngineConfig limits what one query may use.
type EngineConfig struct {
	// MemoryLimit is DuckDB's memory_limit, e.g. "2GB" or "512MiB".
	MemoryLimit string
	// Threads is DuckDB's thread count; 0 means all cores.
	Threads int
	// QueryTimeout is how long one query may run.
	QueryTimeout time.Duration
	// MaxRows is how many rows a result may return; 0 means no limit.
	MaxRows int
	Trino   TrinoConfig
}

// LakeConfig tunes how the lake writes and keeps Iceberg data.
type LakeConfig struct {
	// Warehouse is where data files live: a directory or an s3:// URL.
	// It defaults to <DataDir>/warehouse.
	Warehouse string
	// TargetFileSize is the Parquet file size that writes and compaction aim for.
	TargetFileSize int64
	// SnapshotMaxAge is how old a snapshot may grow before expiry removes it.
	SnapshotMaxAge time.Duration
	// CommitRetries is how often a commit that lost a race is retried.
	CommitRetries int
	// S3 is how to reach an s3:// warehouse (see config_s3.go).
	S3 s3.Config
	// CacheDir keeps local copies of an s3:// warehouse's files for the
	// engine; default <DataDir>/cache. CacheMaxBytes bounds it.
	CacheDir      string
	CacheMaxBytes int64
}

// LLMConfig chooses the model that writes Code Mode scripts. With no
// provider, the offline planner answers.
type LLMConfig struct {
	// Provider is openai (also any OpenAI-compatible endpoint with BaseURL:
	// vLLM, Ollama, LM Studio, Workers AI), anthropic, google or bedrock.
	Provider string
	Model    string
	BaseURL  string
	APIKey   string
	Region   string // bedrock
	// Timeout bounds one model round trip.
	Timeout time.Duration
	// MaxRounds is how many model round trips one question may take
	// (the first plus repairs).
	MaxRounds int
}

// BotConfig configures the chat front doors and alert webhooks.
type BotConfig struct {
	// Web serves the web chat at the HTTP address (on by default; it
	// trusts the person picked on the page, so keep the address on
	// loopback).
	Web bool
	// Approvals is the web chat's channel for approval requests.
	Approvals string
	Slack     SlackConfig
	Discord   DiscordConfig
	Alerts    AlertsConfig
}

// SlackConfig connects a Slack workspace: Socket Mode with an app token,
// or the Events API at /slack/* with the signing secret.
type SlackConfig struct {
	BotToken, AppToken, SigningSecret string
	// APIURL is Slack's Web API base URL (default https://slack.com/api/;
	// GovSlack's is https://slack-gov.com/api/, tests give a fake's).
	APIURL string
	// Approvals is the channel id where approvers decide.
	Approvals string
}

// DiscordConfig connects a Discord application: the gateway with the bot
// token, and the interactions endpoint at /discord/interactions.
type DiscordConfig struct {
	Token, ApplicationID, PublicKey string
	// GuildID is where the /tarn command is registered ("" for global).
	GuildID string
	// Approvals is the channel id where approvers decide.
	Approvals string
}

// AlertsConfig configures POST /alerts/*: who may send them, where they
// open threads, and who investigates.
type AlertsConfig struct {
	Secret, HMACKey string
	// Platform and Channel are where alert threads open (default: the
	// web chat's "alerts").
	Platform, Channel string
	// Principal is the identity investigations run as.
	Principal string
	// PerMinute caps new alert threads a minute.
	PerMinute int
}

// SkimmerConfig tunes the PII scanner.
type SkimmerConfig struct {
	// Rows is the sample size per scan of a table.
	Rows int
	// Every is how often `tarn serve` looks for new snapshots to scan; 0
	// turns the scanner off in serve.
	Every time.Duration
	// PersonKeys are "namespace.table.column" keys of people or accounts;
	// ID columns elsewhere that join to one are opaque IDs of a person.
	PersonKeys []string
}

// JobsConfig configures the Transformer's jobs.
type JobsConfig struct {
	// Dir is the folder of job files (NAME.sql); default <DataDir>/jobs.
	Dir string
	// Every is how often `tarn serve` looks for due jobs; 0 turns the
	// scheduler off.
	Every time.Duration
	// Retries is how often a failed scheduled run is retried (with
	// doubling backoff from a minute) before the failure is posted.
	Retries int
	// FailuresPlatform and FailuresChannel are where failures are posted
	// (default: the web chat's "jobs" channel); an empty channel posts
	// nothing.
	FailuresPlatform, FailuresChannel string
}

// LogConfig is how Tarn writes its logs (to standard error).
type LogConfig struct {
	// Format is text or json.
	Format string
	// Level is debug, info, warn or error; "" is info while serving and
	// warn for other commands.
	Level string
}

// GovernanceConfig is the policy for session flips.
type GovernanceConfig struct {
	// FlipSelfServe lets holders of unmask start a flip at once; when
	// false, an approver must approve every flip.
	FlipSelfServe bool
	// FlipMax caps how long a flip lasts.
	FlipMax time.Duration
}

// Default values, also shown in flag help.
const (
	DefaultDataDir        = "./tarn-data"
	DefaultAddr           = "127.0.0.1:8080"
	DefaultMemoryLimit    = "2GB"
	DefaultQueryTimeout   = 60 * time.Second
	DefaultMaxRows        = 10000
	DefaultTargetFileSize = 128 << 20
	DefaultSnapshotMaxAge = 5 * 24 * time.Hour
	DefaultCommitRetries  = 4
	configFileName        = "tarn.yaml"
)

// DefaultConfig returns the configuration used when nothing else is set.
// DataDir-derived values (MetaURL, Lake.Warehouse) are left empty: LoadConfig
// fills them in once DataDir is final.
func DefaultConfig(env func(string) string) *Config {
	env = orNoEnv(env)
	user := env("USER")
	if user == "" {
		user = env("LOGNAME")
	}
	if user == "" {
		user = "unknown"
	}
	return &Config{
		DataDir: DefaultDataDir,
		Addr:    DefaultAddr,
		As:      "cli:" + user,
		Engine: EngineConfig{
			MemoryLimit:  DefaultMemoryLimit,
			QueryTimeout: DefaultQueryTimeout,
			MaxRows:      DefaultMaxRows,
			Trino:        TrinoConfig{RulesLag: DefaultTrinoRulesLag},
		},
		Lake: LakeConfig{
			TargetFileSize: DefaultTargetFileSize,
			SnapshotMaxAge: DefaultSnapshotMaxAge,
			CommitRetries:  DefaultCommitRetries,
		},
		Governance: GovernanceConfig{FlipSelfServe: true, FlipMax: 60 * time.Minute},
		LLM:        LLMConfig{Timeout: 60 * time.Second, MaxRounds: 3},
		Bot: BotConfig{Web: true, Approvals: "approvals",
			Alerts: AlertsConfig{Platform: "web", Channel: "alerts", Principal: "alert:tarn", PerMinute: 6}},
		Skimmer: SkimmerConfig{Rows: 1000, Every: time.Minute},
		Jobs:    JobsConfig{Every: time.Minute, Retries: 3, FailuresPlatform: "web", FailuresChannel: "jobs"},
		Log:     LogConfig{Format: "text"},

		ShutdownTimeout: DefaultShutdownTimeout,
	}
}

// AddGlobalFlags registers the flags every subcommand shares: --data,
// --config, --meta-url, --addr and --as.
func AddGlobalFlags(fs *pflag.FlagSet) {
	fs.String("data", DefaultDataDir, "data `dir`ectory (env TARN_DATA)")
	fs.String("config", "", "config `file` (env TARN_CONFIG; default <data>/tarn.yaml if present)")
	fs.String("meta-url", "", "metadata store `url`: sqlite://path or postgres://... (env TARN_META_URL; default sqlite://<data>/tarn.db)")
	fs.String("addr", DefaultAddr, "`host:port` to serve on (env TARN_ADDR)")
	fs.String("as", "", "`principal` to act as (env TARN_AS; default cli:$USER)")
	fs.String("log-format", "text", "log `format`: text or json (env TARN_LOG_FORMAT)")
	fs.String("log-level", "", "log `level`: debug, info, warn or error (env TARN_LOG_LEVEL; default info when serving, else warn)")
	fs.String("warehouse", "", "where table files live: a `dir`ectory or s3://bucket/prefix (env TARN_WAREHOUSE; default <data>/warehouse)")
}

// AddEngineFlags registers the per-query limits for subcommands that run
// queries: --memory-limit, --threads, --query-timeout and --max-rows.
func AddEngineFlags(fs *pflag.FlagSet) {
	fs.String("memory-limit", DefaultMemoryLimit, "DuckDB memory `size`, e.g. 2GB or 512MiB (env TARN_MEMORY_LIMIT)")
	fs.Int("threads", 0, "DuckDB threads, 0 for all cores (env TARN_THREADS)")
	fs.String("query-timeout", DefaultQueryTimeout.String(), "how long a query may run, e.g. 90s or 2m (env TARN_QUERY_TIMEOUT)")
	fs.Int("max-rows", DefaultMaxRows, "most rows a result may return, 0 for no limit (env TARN_MAX_ROWS)")
}

// LoadConfig builds the configuration from defaults, the config file,
// environment (read through env, normally os.Getenv) and the flags that were
// set on fs. fs may be nil and may lack any of the flags. The config file is
// --config, else $TARN_CONFIG, else <data dir>/tarn.yaml when it exists.
//
// Errors wrap ErrInvalidConfig in a *tarn.Error (code EINVALID) that names
// the setting, where it came from and an example of a good value.
func LoadConfig(fs *pflag.FlagSet, env func(string) string) (*Config, error) {
	env = orNoEnv(env)
	cfg := DefaultConfig(env)

	path, err := configPath(fs, env)
	if err != nil {
		return nil, err
	}
	if path != "" {
		if err := applyFile(cfg, path); err != nil {
			return nil, err
		}
		cfg.File = path
	}
	for _, s := range settings {
		if s.env == "" {
			continue
		}
		if v, ok := lookupEnv(env, s.env); ok {
			if err := s.apply(cfg, v); err != nil {
				return nil, badValue(s.env, v, err)
			}
		}
	}
	for _, s := range settings {
		if s.flag == "" || fs == nil || !fs.Changed(s.flag) {
			continue
		}
		v := fs.Lookup(s.flag).Value.String()
		if err := s.apply(cfg, v); err != nil {
			return nil, badValue("--"+s.flag, v, err)
		}
	}
	cfg.DataDir = expandHome(cfg.DataDir, env)
	if cfg.MetaURL == "" {
		cfg.MetaURL = "sqlite://" + strings.TrimRight(cfg.DataDir, "/") + "/tarn.db"
	}
	if cfg.People == "" {
		cfg.People = strings.TrimRight(cfg.DataDir, "/") + "/people.yaml"
	}
	if !strings.Contains(cfg.As, ":") {
		cfg.As = "cli:" + cfg.As
	}
	if cfg.Lake.Warehouse == "" {
		cfg.Lake.Warehouse = strings.TrimRight(cfg.DataDir, "/") + "/warehouse"
	}
	if cfg.Jobs.Dir == "" {
		cfg.Jobs.Dir = strings.TrimRight(cfg.DataDir, "/") + "/jobs"
	}
	return cfg, nil
}

// setting is one configurable value and the names it goes by in each source.
type setting struct {
	key   string // dotted YAML key
	env   string // environment variable, "" for none
	flag  string // flag name without dashes, "" for none
	apply func(c *Config, v string) error
}

var settings = []setting{
	{"data_dir", "TARN_DATA", "data", func(c *Config, v string) error {
		return setText(&c.DataDir, v, "./tarn-data or /var/lib/tarn")
	}},
	{"meta_url", "TARN_META_URL", "meta-url", func(c *Config, v string) error {
		return setMetaURL(&c.MetaURL, v)
	}},
	{"addr", "TARN_ADDR", "addr", func(c *Config, v string) error {
		return setAddr(&c.Addr, v)
	}},
	{"as", "TARN_AS", "as", func(c *Config, v string) error {
		return setText(&c.As, v, "cli:alice")
	}},
	{"people", "TARN_PEOPLE", "", func(c *Config, v string) error {
		return setText(&c.People, v, "/etc/tarn/people.yaml")
	}},
	{"engine.memory_limit", "TARN_MEMORY_LIMIT", "memory-limit", func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		if _, err := parseSize(v); err != nil {
			return err
		}
		c.Engine.MemoryLimit = v
		return nil
	}},
	{"engine.threads", "TARN_THREADS", "threads", func(c *Config, v string) error {
		return setCount(&c.Engine.Threads, v, "4, or 0 for all cores")
	}},
	{"engine.query_timeout", "TARN_QUERY_TIMEOUT", "query-timeout", func(c *Config, v string) error {
		return setDuration(&c.Engine.QueryTimeout, v)
	}},
	{"engine.max_rows", "TARN_MAX_ROWS", "max-rows", func(c *Config, v string) error {
		return setCount(&c.Engine.MaxRows, v, "10000, or 0 for no limit")
	}},
	{"lake.warehouse", "TARN_WAREHOUSE", "warehouse", func(c *Config, v string) error {
		return setText(&c.Lake.Warehouse, v, "/var/lib/tarn/warehouse or s3://bucket/warehouse")
	}},
	{"lake.target_file_size", "", "", func(c *Config, v string) error {
		n, err := parseSize(v)
		if err == nil && n == 0 {
			err = errors.New("must be more than zero; write it like 128MiB")
		}
		c.Lake.TargetFileSize = n
		return err
	}},
	{"lake.snapshot_max_age", "", "", func(c *Config, v string) error {
		return setDuration(&c.Lake.SnapshotMaxAge, v)
	}},
	{"lake.commit_retries", "", "", func(c *Config, v string) error {
		return setCount(&c.Lake.CommitRetries, v, "4")
	}},
	{"governance.flip_self_serve", "", "", func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("want true or false")
		}
		c.Governance.FlipSelfServe = b
		return nil
	}},
	{"governance.flip_max", "", "", func(c *Config, v string) error {
		return setDuration(&c.Governance.FlipMax, v)
	}},
	{"llm.provider", "TARN_LLM_PROVIDER", "", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		switch v {
		case "", "offline", "openai", "anthropic", "google", "bedrock":
			c.LLM.Provider = v
			return nil
		}
		return errors.New("want openai, anthropic, google, bedrock or offline")
	}},
	{"llm.model", "TARN_LLM_MODEL", "", func(c *Config, v string) error {
		return setText(&c.LLM.Model, v, "gpt-4o-mini or claude-sonnet-4-5")
	}},
	{"llm.base_url", "TARN_LLM_BASE_URL", "", func(c *Config, v string) error {
		return setText(&c.LLM.BaseURL, v, "http://127.0.0.1:11434/v1")
	}},
	{"llm.api_key", "TARN_LLM_API_KEY", "", func(c *Config, v string) error {
		return setText(&c.LLM.APIKey, v, "sk-...")
	}},
	{"llm.region", "TARN_LLM_REGION", "", func(c *Config, v string) error {
		return setText(&c.LLM.Region, v, "us-east-1")
	}},
	{"llm.timeout", "TARN_LLM_TIMEOUT", "", func(c *Config, v string) error {
		return setDuration(&c.LLM.Timeout, v)
	}},
	{"bot.web", "TARN_WEB_CHAT", "", func(c *Config, v string) error { return setBool(&c.Bot.Web, v) }},
	{"bot.approvals", "", "", func(c *Config, v string) error { return setText(&c.Bot.Approvals, v, "approvals") }},
	{"bot.slack.bot_token", "TARN_SLACK_BOT_TOKEN", "", func(c *Config, v string) error { return setText(&c.Bot.Slack.BotToken, v, "xoxb-…") }},
	{"bot.slack.app_token", "TARN_SLACK_APP_TOKEN", "", func(c *Config, v string) error { return setText(&c.Bot.Slack.AppToken, v, "xapp-…") }},
	{"bot.slack.signing_secret", "TARN_SLACK_SIGNING_SECRET", "", func(c *Config, v string) error {
		return setText(&c.Bot.Slack.SigningSecret, v, "the app's signing secret")
	}},
	{"bot.slack.api_url", "TARN_SLACK_API_URL", "", func(c *Config, v string) error {
		return setText(&c.Bot.Slack.APIURL, v, "https://slack-gov.com/api/")
	}},
	{"bot.slack.approvals", "TARN_SLACK_APPROVALS", "", func(c *Config, v string) error { return setText(&c.Bot.Slack.Approvals, v, "C0123456") }},
	{"bot.discord.token", "TARN_DISCORD_TOKEN", "", func(c *Config, v string) error { return setText(&c.Bot.Discord.Token, v, "the bot token") }},
	{"bot.discord.application_id", "TARN_DISCORD_APPLICATION_ID", "", func(c *Config, v string) error {
		return setText(&c.Bot.Discord.ApplicationID, v, "1234567890")
	}},
	{"bot.discord.public_key", "TARN_DISCORD_PUBLIC_KEY", "", func(c *Config, v string) error {
		return setText(&c.Bot.Discord.PublicKey, v, "the application's public key (hex)")
	}},
	{"bot.discord.guild_id", "TARN_DISCORD_GUILD_ID", "", func(c *Config, v string) error { return setText(&c.Bot.Discord.GuildID, v, "1234567890") }},
	{"bot.discord.approvals", "TARN_DISCORD_APPROVALS", "", func(c *Config, v string) error { return setText(&c.Bot.Discord.Approvals, v, "1234567890") }},
	{"bot.alerts.secret", "TARN_ALERTS_SECRET", "", func(c *Config, v string) error { return setText(&c.Bot.Alerts.Secret, v, "a long random string") }},
	{"bot.alerts.hmac_key", "TARN_ALERTS_HMAC_KEY", "", func(c *Config, v string) error { return setText(&c.Bot.Alerts.HMACKey, v, "a long random string") }},
	{"bot.alerts.platform", "", "", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		switch v {
		case "web", "slack", "discord":
			c.Bot.Alerts.Platform = v
			return nil
		}
		return errors.New("want web, slack or discord")
	}},
	{"bot.alerts.channel", "", "", func(c *Config, v string) error { return setText(&c.Bot.Alerts.Channel, v, "alerts or C0123456") }},
	{"bot.alerts.principal", "", "", func(c *Config, v string) error { return setText(&c.Bot.Alerts.Principal, v, "alert:tarn") }},
	{"bot.alerts.per_minute", "", "", func(c *Config, v string) error { return setCount(&c.Bot.Alerts.PerMinute, v, "6") }},
	{"skimmer.rows", "TARN_SKIMMER_ROWS", "", func(c *Config, v string) error {
		err := setCount(&c.Skimmer.Rows, v, "1000")
		if err == nil && c.Skimmer.Rows == 0 {
			err = errors.New("must be at least 1; write it like 1000")
		}
		return err
	}},
	{"skimmer.every", "TARN_SKIMMER_EVERY", "", func(c *Config, v string) error {
		if strings.TrimSpace(v) == "0" {
			c.Skimmer.Every = 0 // off
			return nil
		}
		return setDuration(&c.Skimmer.Every, v)
	}},
	{"skimmer.person_keys", "TARN_SKIMMER_PERSON_KEYS", "", func(c *Config, v string) error {
		c.Skimmer.PersonKeys = nil
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			if strings.Count(k, ".") != 2 {
				return fmt.Errorf("%q is not namespace.table.column; write them like dim.accounts.account_id,crm.users.user_id", k)
			}
			c.Skimmer.PersonKeys = append(c.Skimmer.PersonKeys, strings.ToLower(k))
		}
		return nil
	}},
	{"jobs.dir", "TARN_JOBS_DIR", "", func(c *Config, v string) error { return setText(&c.Jobs.Dir, v, "./tarn-data/jobs") }},
	{"jobs.every", "TARN_JOBS_EVERY", "", func(c *Config, v string) error {
		if strings.TrimSpace(v) == "0" {
			c.Jobs.Every = 0
			return nil
		}
		return setDuration(&c.Jobs.Every, v)
	}},
	{"jobs.retries", "TARN_JOBS_RETRIES", "", func(c *Config, v string) error { return setCount(&c.Jobs.Retries, v, "3") }},
	{"jobs.failures.platform", "TARN_JOBS_FAILURES_PLATFORM", "", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		switch v {
		case "web", "slack", "discord":
			c.Jobs.FailuresPlatform = v
			return nil
		}
		return errors.New("want web, slack or discord")
	}},
	{"jobs.failures.channel", "TARN_JOBS_FAILURES_CHANNEL", "", func(c *Config, v string) error {
		c.Jobs.FailuresChannel = strings.TrimSpace(v)
		return nil
	}},
	{"log.format", "TARN_LOG_FORMAT", "log-format", func(c *Config, v string) error {
		return setChoice(&c.Log.Format, v, "text", "json")
	}},
	{"log.level", "TARN_LOG_LEVEL", "log-level", func(c *Config, v string) error {
		return setChoice(&c.Log.Level, v, "debug", "info", "warn", "error")
	}},
	{"shutdown_timeout", "TARN_SHUTDOWN_TIMEOUT", "", func(c *Config, v string) error {
		return setDuration(&c.ShutdownTimeout, v)
	}},
	{"llm.max_rounds", "TARN_LLM_MAX_ROUNDS", "", func(c *Config, v string) error {
		err := setCount(&c.LLM.MaxRounds, v, "3")
		if err == nil && c.LLM.MaxRounds == 0 {
			err = errors.New("must be at least 1; write it like 3")
		}
		return err
	}},
}

// setChoice sets dst to v, lower-cased, if it is one of choices.
func setChoice(dst *string, v string, choices ...string) error {
	v = strings.ToLower(strings.TrimSpace(v))
	if !slices.Contains(choices, v) {
		return fmt.Errorf("want %s", strings.Join(choices, ", "))
	}
	*dst = v
	return nil
}

func setBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return errors.New("want true or false")
	}
	*dst = b
	return nil
}

// badValue reports a value that failed to parse; where names its source.
func badValue(where, value string, cause error) error {
	return tarn.Wrap(ErrInvalidConfig, tarn.EINVALID, cause.Error(),
		"%s is %q, which is not valid", where, value)
}

func setText(dst *string, v, example string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return fmt.Errorf("must not be empty; write it like %s", example)
	}
	*dst = v
	return nil
}

func setMetaURL(dst *string, v string) error {
	v = strings.TrimSpace(v)
	for _, scheme := range []string{"sqlite://", "postgres://", "postgresql://"} {
		if strings.HasPrefix(v, scheme) && len(v) > len(scheme) {
			*dst = v
			return nil
		}
	}
	return errors.New("write it like sqlite://./tarn-data/tarn.db or postgres://user@host/tarn")
}

func setAddr(dst *string, v string) error {
	v = strings.TrimSpace(v)
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return errors.New("write it as host:port, like 127.0.0.1:8080 or :8080")
	}
	*dst = v
	return nil
}

func setCount(dst *int, v, example string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return fmt.Errorf("want a whole number of at least 0, like %s", example)
	}
	*dst = n
	return nil
}

func setDuration(dst *time.Duration, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d <= 0 {
		return errors.New("want a positive duration, like 90s, 2m or 1h30m")
	}
	*dst = d
	return nil
}

var sizePattern = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$`)

var sizeUnits = map[string]float64{
	"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseSize reads a byte size such as "2GB" (powers of 1000, as DuckDB
// reads them), "512MiB" (powers of 1024) or a plain number of bytes.
func parseSize(s string) (int64, error) {
	bad := errors.New("want a size, like 2GB, 512MiB or 1073741824")
	m := sizePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, bad
	}
	unit, ok := sizeUnits[strings.ToLower(m[2])]
	if !ok {
		return 0, bad
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil || n*unit >= 1<<62 {
		return 0, bad
	}
	return int64(n * unit), nil
}

// configPath finds the config file to read, or "" for none.
func configPath(fs *pflag.FlagSet, env func(string) string) (string, error) {
	explicit, where := "", ""
	if fs != nil && fs.Changed("config") {
		explicit, where = fs.Lookup("config").Value.String(), "--config"
	} else if v, ok := lookupEnv(env, "TARN_CONFIG"); ok {
		explicit, where = v, "TARN_CONFIG"
	}
	if explicit != "" {
		path := expandHome(explicit, env)
		if _, err := os.Stat(path); err != nil {
			return "", tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalidConfig, err), tarn.EINVALID,
				"check the path, or leave "+where+" unset to use <data dir>/tarn.yaml",
				"config file %s (from %s) cannot be read", path, where)
		}
		return path, nil
	}
	dir := DefaultDataDir
	if v, ok := lookupEnv(env, "TARN_DATA"); ok {
		dir = v
	}
	if fs != nil && fs.Changed("data") {
		dir = fs.Lookup("data").Value.String()
	}
	path := strings.TrimRight(expandHome(dir, env), "/") + "/" + configFileName
	switch _, err := os.Stat(path); {
	case err == nil:
		return path, nil
	case errors.Is(err, os.ErrNotExist):
		return "", nil
	default:
		return "", tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalidConfig, err), tarn.EINVALID,
			"fix its permissions or point --config elsewhere", "config file %s cannot be read", path)
	}
}

// fileConfig mirrors the YAML file. Every leaf is a yamlValue so that all
// values are parsed, and their errors worded, the same way as environment
// variables and flags.
type fileConfig struct {
	DataDir yamlValue   `yaml:"data_dir"`
	MetaURL yamlValue   `yaml:"meta_url"`
	Addr    yamlValue   `yaml:"addr"`
	As      yamlValue   `yaml:"as"`
	People  yamlValue   `yaml:"people"`
	Engine  fileEngine  `yaml:"engine"`
	Lake    fileLake    `yaml:"lake"`
	Gov     fileGov     `yaml:"governance"`
	LLM     fileLLM     `yaml:"llm"`
	Bot     fileBot     `yaml:"bot"`
	Skimmer fileSkimmer `yaml:"skimmer"`
	Jobs    fileJobs    `yaml:"jobs"`
	Log     fileLog     `yaml:"log"`

	ShutdownTimeout yamlValue `yaml:"shutdown_timeout"`
}

type fileLog struct {
	Format yamlValue `yaml:"format"`
	Level  yamlValue `yaml:"level"`
}

type fileJobs struct {
	Dir      yamlValue        `yaml:"dir"`
	Every    yamlValue        `yaml:"every"`
	Retries  yamlValue        `yaml:"retries"`
	Failures fileJobsFailures `yaml:"failures"`
}

type fileJobsFailures struct {
	Platform yamlValue `yaml:"platform"`
	Channel  yamlValue `yaml:"channel"`
}

type fileSkimmer struct {
	Rows       yamlValue `yaml:"rows"`
	Every      yamlValue `yaml:"every"`
	PersonKeys yamlValue `yaml:"person_keys"`
}

type fileBot struct {
	Web       yamlValue   `yaml:"web"`
	Approvals yamlValue   `yaml:"approvals"`
	Slack     fileSlack   `yaml:"slack"`
	Discord   fileDiscord `yaml:"discord"`
	Alerts    fileAlerts  `yaml:"alerts"`
}

type fileSlack struct {
	BotToken      yamlValue `yaml:"bot_token"`
	AppToken      yamlValue `yaml:"app_token"`
	SigningSecret yamlValue `yaml:"signing_secret"`
	APIURL        yamlValue `yaml:"api_url"`
	Approvals     yamlValue `yaml:"approvals"`
}

type fileDiscord struct {
	Token         yamlValue `yaml:"token"`
	ApplicationID yamlValue `yaml:"application_id"`
	PublicKey     yamlValue `yaml:"public_key"`
	GuildID       yamlValue `yaml:"guild_id"`
	Approvals     yamlValue `yaml:"approvals"`
}

type fileAlerts struct {
	Secret    yamlValue `yaml:"secret"`
	HMACKey   yamlValue `yaml:"hmac_key"`
	Platform  yamlValue `yaml:"platform"`
	Channel   yamlValue `yaml:"channel"`
	Principal yamlValue `yaml:"principal"`
	PerMinute yamlValue `yaml:"per_minute"`
}

type fileLLM struct {
	Provider  yamlValue `yaml:"provider"`
	Model     yamlValue `yaml:"model"`
	BaseURL   yamlValue `yaml:"base_url"`
	APIKey    yamlValue `yaml:"api_key"`
	Region    yamlValue `yaml:"region"`
	Timeout   yamlValue `yaml:"timeout"`
	MaxRounds yamlValue `yaml:"max_rounds"`
}

type fileEngine struct {
	MemoryLimit  yamlValue `yaml:"memory_limit"`
	Threads      yamlValue `yaml:"threads"`
	QueryTimeout yamlValue `yaml:"query_timeout"`
	MaxRows      yamlValue `yaml:"max_rows"`
	Trino        fileTrino `yaml:"trino"`
}

type fileGov struct {
	FlipSelfServe yamlValue `yaml:"flip_self_serve"`
	FlipMax       yamlValue `yaml:"flip_max"`
}

type fileLake struct {
	Warehouse      yamlValue  `yaml:"warehouse"`
	TargetFileSize yamlValue  `yaml:"target_file_size"`
	SnapshotMaxAge yamlValue  `yaml:"snapshot_max_age"`
	CommitRetries  yamlValue  `yaml:"commit_retries"`
	CacheDir       yamlValue  `yaml:"cache_dir"`
	CacheMaxBytes  yamlValue  `yaml:"cache_max_bytes"`
	S3             fileLakeS3 `yaml:"s3"`
}

// yamlValue is one leaf of the config file, kept as the node it was written
// as so errors can give its line.
type yamlValue struct{ node *yaml.Node }

func (v *yamlValue) UnmarshalYAML(n *yaml.Node) error {
	v.node = n
	return nil
}

// sections names the YAML key prefix of each file struct, for error messages.
var sections = map[string]reflect.Type{
	"":               reflect.TypeOf(fileConfig{}),
	"engine.":        reflect.TypeOf(fileEngine{}),
	"lake.":          reflect.TypeOf(fileLake{}),
	"bot.":           reflect.TypeOf(fileBot{}),
	"bot.slack.":     reflect.TypeOf(fileSlack{}),
	"bot.discord.":   reflect.TypeOf(fileDiscord{}),
	"bot.alerts.":    reflect.TypeOf(fileAlerts{}),
	"skimmer.":       reflect.TypeOf(fileSkimmer{}),
	"jobs.":          reflect.TypeOf(fileJobs{}),
	"jobs.failures.": reflect.TypeOf(fileJobsFailures{}),
	"log.":           reflect.TypeOf(fileLog{}),
}

var unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type (\S+)$`)

func applyFile(cfg *Config, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalidConfig, err), tarn.EINVALID,
			"check the path and its permissions", "config file %s cannot be read", path)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var fc fileConfig
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return fileError(path, err)
	}
	for _, s := range settings {
		v := fileLeaf(&fc, s.key)
		if v.node == nil {
			continue
		}
		where := fmt.Sprintf("%s in %s (line %d)", s.key, path, v.node.Line)
		if v.node.Kind != yaml.ScalarNode {
			return tarn.Wrap(ErrInvalidConfig, tarn.EINVALID, "give it a single value",
				"%s is a list or a map, which is not valid", where)
		}
		if err := s.apply(cfg, v.node.Value); err != nil {
			return badValue(where, v.node.Value, err)
		}
	}
	return nil
}

// fileError turns a YAML decoding error into one that names the file and,
// for unknown keys, the full dotted key and the keys that are known.
func fileError(path string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalidConfig, err), tarn.EINVALID,
			"fix the YAML syntax", "config file %s is not valid YAML: %v", path, err)
	}
	var unknown []string
	hint := ""
	for _, msg := range te.Errors {
		m := unknownField.FindStringSubmatch(msg)
		if m == nil {
			for prefix, t := range sections {
				name := "a map of settings"
				if prefix != "" {
					name = "the " + strings.TrimSuffix(prefix, ".") + " section"
				}
				msg = strings.ReplaceAll(msg, t.String(), name)
			}
			return tarn.Wrap(fmt.Errorf("%w: %v", ErrInvalidConfig, err), tarn.EINVALID,
				"engine and lake hold settings, one per indented line, like engine: {threads: 4}",
				"config file %s: %s", path, msg)
		}
		prefix := sectionOf(m[3])
		unknown = append(unknown, fmt.Sprintf("%q (line %s)", prefix+m[2], m[1]))
		if hint == "" {
			hint = "known keys" + sectionLabel(prefix) + ": " + strings.Join(yamlKeys(sections[prefix]), ", ")
		}
	}
	return tarn.Wrap(ErrInvalidConfig, tarn.EINVALID, hint,
		"unknown key %s in config file %s", strings.Join(unknown, ", "), path)
}

func sectionOf(typeName string) string {
	for prefix, t := range sections {
		if t.String() == typeName {
			return prefix
		}
	}
	return ""
}

func sectionLabel(prefix string) string {
	if prefix == "" {
		return ""
	}
	return " under " + strings.TrimSuffix(prefix, ".")
}

func yamlKeys(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		keys = append(keys, t.Field(i).Tag.Get("yaml"))
	}
	return keys
}

// fileLeaf finds the yamlValue for a dotted key by walking the yaml tags.
func fileLeaf(fc *fileConfig, key string) yamlValue {
	v := reflect.ValueOf(fc).Elem()
	for _, part := range strings.Split(key, ".") {
		found := false
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("yaml") == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			panic("config: no YAML field for " + key)
		}
	}
	return v.Interface().(yamlValue)
}

func lookupEnv(env func(string) string, name string) (string, bool) {
	v := env(name)
	return v, v != ""
}

func orNoEnv(env func(string) string) func(string) string {
	if env == nil {
		return func(string) string { return "" }
	}
	return env
}

// expandHome turns a leading ~/ into $HOME/.
func expandHome(path string, env func(string) string) string {
	home := env("HOME")
	if home == "" || (path != "~" && !strings.HasPrefix(path, "~/")) {
		return path
	}
	return home + strings.TrimPrefix(path, "~")
}
