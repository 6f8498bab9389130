package langchaingo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
)

// The providers New knows.
const (
	OpenAI    = "openai"
	Anthropic = "anthropic"
	Google    = "google"
	Bedrock   = "bedrock"
)

// Providers lists the valid values of Config.Provider.
var Providers = []string{OpenAI, Anthropic, Google, Bedrock}

// Defaults of Config.
const (
	DefaultTimeout       = 60 * time.Second
	DefaultRetries       = 3
	DefaultBackoff       = 500 * time.Millisecond
	DefaultMaxBackoff    = 10 * time.Second
	DefaultContextBudget = 24 << 10
)

// ErrConfig is the sentinel of every configuration error.
var ErrConfig = errors.New("langchaingo: bad model configuration")

// Config chooses and tunes a model.
type Config struct {
	Provider string // "openai" (also any OpenAI-compatible endpoint), "anthropic", "google", "bedrock"
	Model    string // e.g. "gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", a Bedrock model ID
	BaseURL  string // OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1; also Anthropic's
	APIKey   string
	Region   string // Bedrock

	Timeout    time.Duration // per round trip; default 60 s
	Retries    int           // extra tries after a retryable failure; 0: default 3; negative: none
	Backoff    time.Duration // first wait between tries, doubled each time, with jitter; default 500 ms
	MaxBackoff time.Duration // cap of one wait, Retry-After included; default 10 s

	Temperature float64
	MaxTokens   int // 0: the provider's default

	// ContextBudget caps the bytes of retrieved context in the system
	// message; default 24 KiB.
	ContextBudget int

	HTTPClient *http.Client // default: a client without its own timeout
	Clock      tarn.Clock   // reads Retry-After dates; default the system clock
	// Sleep waits between tries; it returns early with ctx's error. Tests
	// inject one that does not wait.
	Sleep func(ctx context.Context, d time.Duration) error
}

// ConfigFromEnv reads the model configuration from the environment:
// TARN_LLM_PROVIDER, TARN_LLM_MODEL, TARN_LLM_BASE_URL, TARN_LLM_API_KEY
// (falling back to OPENAI_API_KEY, ANTHROPIC_API_KEY or GOOGLE_API_KEY by
// provider), TARN_LLM_REGION (falling back to AWS_REGION), TARN_LLM_TIMEOUT
// (a Go duration or seconds) and TARN_LLM_RETRIES. ok is false when none of
// provider, model and base URL is set, or the provider is "offline": then no
// model is configured and the offline planner answers. Errors are *tarn.Error (EINVALID) naming the
// variable that is wrong.
func ConfigFromEnv(getenv func(string) string) (cfg Config, ok bool, err error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg = Config{
		Provider: strings.ToLower(get("TARN_LLM_PROVIDER")),
		Model:    get("TARN_LLM_MODEL"),
		BaseURL:  get("TARN_LLM_BASE_URL"),
		APIKey:   get("TARN_LLM_API_KEY"),
		Region:   get("TARN_LLM_REGION"),
	}
	if cfg.Provider == "offline" || cfg.Provider == "" && cfg.Model == "" && cfg.BaseURL == "" {
		return Config{}, false, nil
	}
	if cfg.Provider == "" {
		cfg.Provider = OpenAI
	}
	if cfg.APIKey == "" {
		if v := KeyVariable(cfg.Provider); v != "" {
			cfg.APIKey = get(v)
		}
	}
	if cfg.Region == "" {
		cfg.Region = get("AWS_REGION")
	}
	if s := get("TARN_LLM_TIMEOUT"); s != "" {
		if cfg.Timeout, err = parseDuration(s); err != nil {
			return Config{}, false, tarn.Wrap(fmt.Errorf("%w: %v", ErrConfig, err), tarn.EINVALID,
				`use a duration such as "90s" or "2m"`, "TARN_LLM_TIMEOUT=%q is not a duration", s)
		}
	}
	if s := get("TARN_LLM_RETRIES"); s != "" {
		n, perr := strconv.Atoi(s)
		if perr != nil {
			return Config{}, false, tarn.Wrap(fmt.Errorf("%w: %v", ErrConfig, perr), tarn.EINVALID,
				"use a whole number; 0 means the default, -1 no retries", "TARN_LLM_RETRIES=%q is not a number", s)
		}
		cfg.Retries = n
	}
	return cfg, true, cfg.check()
}

func parseDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n <= 0 {
			return 0, errors.New("not positive")
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err == nil && d <= 0 {
		err = errors.New("not positive")
	}
	return d, err
}

// KeyVariable is the provider's own environment variable for its API key
// (OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY), or "" for bedrock,
// which takes AWS credentials.
func KeyVariable(provider string) string {
	switch provider {
	case OpenAI:
		return "OPENAI_API_KEY"
	case Anthropic:
		return "ANTHROPIC_API_KEY"
	case Google:
		return "GOOGLE_API_KEY"
	}
	return ""
}

// check says what is missing or wrong, naming the setting.
func (c Config) check() error {
	bad := func(hint, format string, args ...any) error {
		return tarn.Wrap(ErrConfig, tarn.EINVALID, hint, format, args...)
	}
	switch c.Provider {
	case OpenAI, Anthropic, Google, Bedrock:
	default:
		return bad("set TARN_LLM_PROVIDER to one of: "+strings.Join(Providers, ", "),
			"unknown model provider %q", c.Provider)
	}
	if c.Model == "" {
		return bad("set TARN_LLM_MODEL, e.g. gpt-4o for openai or the model name your endpoint serves",
			"no model name for provider %s", c.Provider)
	}
	if c.APIKey == "" && c.needsKey() {
		return bad(fmt.Sprintf("set TARN_LLM_API_KEY (or %s)", KeyVariable(c.Provider)),
			"no API key for provider %s", c.Provider)
	}
	if c.Provider == Bedrock && c.Region == "" {
		return bad("set TARN_LLM_REGION (or AWS_REGION), e.g. us-east-1", "no AWS region for bedrock")
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return bad("set TARN_LLM_BASE_URL to an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1",
			"model base URL %q is not an http URL", c.BaseURL)
	}
	if c.BaseURL != "" && (c.Provider == Google || c.Provider == Bedrock) {
		return bad("unset TARN_LLM_BASE_URL, or use provider openai for an OpenAI-compatible endpoint",
			"provider %s does not take a base URL", c.Provider)
	}
	return nil
}

// needsKey: OpenAI-compatible servers on a base URL often take no key;
// Bedrock uses the AWS credential chain.
func (c Config) needsKey() bool {
	switch c.Provider {
	case OpenAI:
		return c.BaseURL == ""
	case Bedrock:
		return false
	}
	return true
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Retries == 0 {
		c.Retries = DefaultRetries
	} else if c.Retries < 0 {
		c.Retries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	if c.ContextBudget <= 0 {
		c.ContextBudget = DefaultContextBudget
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.Clock == nil {
		c.Clock = tarn.SystemClock{}
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	return c
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
