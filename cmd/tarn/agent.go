package main

import (
	"context"
	"os"
	"strings"

	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/langchaingo"
	"github.com/tarn-data/tarn/agent/planner"
	"github.com/tarn-data/tarn/agent/sqlmemory"
)

// OpenAgent builds the agent over the engine: the catalog retriever (five
// layers, memory, query history from the audit log), the runtime
// introspector and the model — an LLM when llm.provider is set, otherwise
// the offline planner. OpenEngine must have run.
func (m *Main) OpenAgent(ctx context.Context) error {
	model, err := m.model()
	if err != nil {
		return err
	}
	m.Memory = sqlmemory.New(m.Store, nil)
	m.Catalog = agent.NewCatalog(agent.CatalogOptions{
		Lake: m.Lake, Engine: m.Engine, Memory: m.Memory,
		History: agent.AuditHistory{Log: m.Audit},
	})
	m.Agent = agent.New(agent.Options{
		Engine: m.Engine, Model: model, Retriever: m.Catalog, Memory: m.Memory,
		Introspector: agent.NewIntrospector(m.Engine, nil, 0),
		MaxRounds:    m.Config.LLM.MaxRounds,
	})
	return nil
}

// model is the configured LLM, or the offline planner when none is.
func (m *Main) model() (agent.Model, error) {
	c := m.Config.LLM
	if c.Provider == "" || c.Provider == "offline" {
		return planner.New(planner.Options{}), nil
	}
	return langchaingo.New(m.llmConfig())
}

// llmConfig is the langchaingo configuration of the llm.* settings.
func (m *Main) llmConfig() langchaingo.Config {
	c := m.Config.LLM
	if c.APIKey == "" {
		// The provider's own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, …).
		c.APIKey = strings.TrimSpace(os.Getenv(langchaingo.KeyVariable(c.Provider)))
	}
	return langchaingo.Config{
		Provider: c.Provider, Model: c.Model, BaseURL: c.BaseURL, APIKey: c.APIKey,
		Region: c.Region, Timeout: c.Timeout,
	}
}
