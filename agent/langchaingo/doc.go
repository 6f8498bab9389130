// Package langchaingo lets a large language model write Code Mode scripts
// through github.com/tmc/langchaingo: OpenAI and any OpenAI-compatible
// endpoint (vLLM, Ollama, LM Studio, Workers AI), Anthropic, Google and
// Bedrock. It turns an agent.Prompt into chat messages, the reply into an
// agent.Completion, counts tokens, and bounds every round trip with a timeout
// and retries with backoff. Only rows a script asked to inject ever go into a
// message; display-only rows never do.
package langchaingo
