package langchaingo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
	"github.com/tmc/langchaingo/llms/bedrock"
	"github.com/tmc/langchaingo/llms/googleai"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

// Model is an LLM behind langchaingo. It is safe for concurrent use.
type Model struct {
	cfg  Config
	llm  llms.Model
	opts []llms.CallOption
}

var _ agent.Model = (*Model)(nil)

// New builds the langchaingo client cfg names. It does not contact the
// provider. Errors are *tarn.Error (EINVALID, wrapping ErrConfig) naming the
// setting that is missing or wrong.
func New(cfg Config) (agent.Model, error) {
	if cfg.Provider == "" {
		cfg.Provider = OpenAI
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	httpc := recordingClient(cfg.HTTPClient)
	m := &Model{cfg: cfg}
	var err error
	switch cfg.Provider {
	case OpenAI:
		key := cfg.APIKey
		if key == "" {
			key = "none" // OpenAI-compatible servers that take no key
		}
		opts := []openai.Option{openai.WithToken(key), openai.WithModel(cfg.Model), openai.WithHTTPClient(httpc)}
		if cfg.BaseURL != "" {
			opts = append(opts, openai.WithBaseURL(cfg.BaseURL))
		}
		m.llm, err = openai.New(opts...)
		if cfg.BaseURL != "" && cfg.MaxTokens > 0 {
			// Compatible servers know max_tokens, not always max_completion_tokens.
			m.opts = append(m.opts, openai.WithLegacyMaxTokensField())
		}
	case Anthropic:
		opts := []anthropic.Option{anthropic.WithToken(cfg.APIKey), anthropic.WithModel(cfg.Model), anthropic.WithHTTPClient(httpc)}
		if cfg.BaseURL != "" {
			opts = append(opts, anthropic.WithBaseURL(cfg.BaseURL))
		}
		m.llm, err = anthropic.New(opts...)
	case Google:
		opts := []googleai.Option{googleai.WithAPIKey(cfg.APIKey), googleai.WithDefaultModel(cfg.Model),
			googleai.WithDefaultTemperature(cfg.Temperature)}
		if cfg.MaxTokens > 0 {
			opts = append(opts, googleai.WithDefaultMaxTokens(cfg.MaxTokens))
		}
		m.llm, err = googleai.New(context.Background(), opts...)
	case Bedrock:
		m.llm, err = newBedrock(cfg)
	}
	if err != nil {
		return nil, tarn.Wrap(fmt.Errorf("%w: %v", ErrConfig, err), tarn.EINVALID,
			"check the TARN_LLM_* settings", "the %s client could not be set up", cfg.Provider)
	}
	m.opts = append(m.opts, llms.WithTemperature(cfg.Temperature))
	if cfg.MaxTokens > 0 {
		m.opts = append(m.opts, llms.WithMaxTokens(cfg.MaxTokens))
	}
	return m, nil
}

// newBedrock builds the Bedrock client with the region of cfg and
// credentials from the AWS chain (environment, shared files, instance role).
// The AWS SDK keeps its own HTTP client (it must add AWS_CA_BUNDLE to it), so
// the status of a failure is read from the SDK's error text; its own retries
// are off, Write retries.
func newBedrock(cfg Config) (llms.Model, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(context.Background(),
		awsconfig.WithRegion(cfg.Region), awsconfig.WithRetryMaxAttempts(1))
	if err != nil {
		return nil, err
	}
	return bedrock.New(bedrock.WithModel(cfg.Model), bedrock.WithClient(bedrockruntime.NewFromConfig(awsCfg)))
}

// Name is "provider:model", e.g. "openai:gpt-4o".
func (m *Model) Name() string { return m.cfg.Provider + ":" + m.cfg.Model }

// Write sends the prompt and parses the reply. Each try has its own timeout;
// rate limits, server errors, timeouts and failed connections are tried
// again with backoff (at least Retry-After when the provider sends one);
// other refusals fail at once. Errors are *tarn.Error: EFORBIDDEN (bad API
// key, wrapping ErrRefused), ENOTFOUND (unknown model) and EINVALID (other
// 4xx) at once; after the last try ETIMEOUT (ErrTimeout), ELIMIT (429) or
// EINTERNAL (ErrUnavailable); ETIMEOUT when ctx ends.
func (m *Model) Write(ctx context.Context, p agent.Prompt) (agent.Completion, error) {
	resp, err := m.generate(ctx, Messages(p, m.cfg.ContextBudget))
	if err != nil {
		return agent.Completion{}, err
	}
	return completion(resp), nil
}

// generate sends msgs, trying again as Write describes.
func (m *Model) generate(ctx context.Context, msgs []llms.MessageContent) (*llms.ContentResponse, error) {
	var last failure
	tries := 0
	for {
		if ctx.Err() != nil {
			return nil, cancelled(ctx)
		}
		tries++
		resp, f, err := m.try(ctx, msgs)
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, cancelled(ctx)
		}
		last = f
		if !f.retryable() || tries > m.cfg.Retries {
			return nil, m.userError(last, tries)
		}
		if err := m.cfg.Sleep(ctx, backoff(m.cfg.Backoff, m.cfg.MaxBackoff, tries-1, f)); err != nil {
			return nil, cancelled(ctx)
		}
	}
}

func (m *Model) try(ctx context.Context, msgs []llms.MessageContent) (*llms.ContentResponse, failure, error) {
	tryCtx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	tryCtx, st := withTry(tryCtx)
	resp, err := m.llm.GenerateContent(tryCtx, msgs, m.opts...)
	if err == nil && (resp == nil || len(resp.Choices) == 0) {
		err = errEmpty
	}
	if err != nil && st.httpStatus() == http.StatusOK && !errors.Is(tryCtx.Err(), context.DeadlineExceeded) &&
		(errors.Is(err, openai.ErrEmptyResponse) || errors.Is(err, anthropic.ErrEmptyResponse) ||
			strings.Contains(err.Error(), "empty response")) {
		err = fmt.Errorf("%w: %w", errEmpty, err)
	}
	if err != nil {
		return nil, classify(err, st, tryCtx, m.cfg.Clock.Now()), err
	}
	return resp, failure{}, nil
}

// completion joins the text of every choice (Anthropic returns one per
// content block) and parses it.
func completion(resp *llms.ContentResponse) agent.Completion {
	var text []string
	var u agent.Usage
	for _, c := range resp.Choices {
		if c == nil {
			continue
		}
		if c.Content != "" {
			text = append(text, c.Content)
		}
		if v := usage(c.GenerationInfo); u == (agent.Usage{}) {
			u = v
		}
	}
	out := Parse(strings.Join(text, "\n"))
	out.Usage = u
	return out
}

// usage reads token counts from a choice's GenerationInfo: PromptTokens and
// CompletionTokens (openai, google), InputTokens and OutputTokens
// (anthropic), input_tokens and output_tokens (bedrock, google).
func usage(info map[string]any) agent.Usage {
	pairs := [][2]string{{"PromptTokens", "CompletionTokens"}, {"InputTokens", "OutputTokens"}, {"input_tokens", "output_tokens"}}
	for _, k := range pairs {
		in, ok1 := number(info[k[0]])
		out, ok2 := number(info[k[1]])
		if ok1 || ok2 {
			return agent.Usage{PromptTokens: in, CompletionTokens: out}
		}
	}
	return agent.Usage{}
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case *int32:
		if n != nil {
			return int(*n), true
		}
	}
	return 0, false
}
