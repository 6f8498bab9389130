package agent

import (
	"context"
	"strings"

	"github.com/tarn-data/tarn"
)

// invalidator is a retriever that caches and can be told its sources
// changed (Catalog is one).
type invalidator interface{ Invalidate() }

// MarkRight keeps an answer the asker marked as right as a verified example
// (question → script), which retrieval offers for similar questions. Only
// answers with a script can be kept. Errors: EINVALID without a script or
// question; EINTERNAL when the agent has no memory.
func (a *Agent) MarkRight(ctx context.Context, q Question, ans *Answer) (int64, error) {
	if a.o.Memory == nil {
		return 0, tarn.Errorf(tarn.EINTERNAL, "this agent has no memory to keep examples in")
	}
	if ans == nil || strings.TrimSpace(ans.Script) == "" || strings.TrimSpace(q.Text) == "" {
		return 0, tarn.Errorf(tarn.EINVALID, "only an answered question with its program can be kept as an example")
	}
	id, err := a.o.Memory.SaveExample(ctx, Example{Question: q.Text, Script: ans.Script, By: q.Principal})
	if err == nil {
		a.invalidate()
	}
	return id, err
}

// AddNote keeps a team note for the agent, e.g. "revenue never counts void
// invoices". Errors: EINVALID for an empty note; EINTERNAL without memory.
func (a *Agent) AddNote(ctx context.Context, by, text string) (int64, error) {
	if a.o.Memory == nil {
		return 0, tarn.Errorf(tarn.EINTERNAL, "this agent has no memory to keep notes in")
	}
	if strings.TrimSpace(text) == "" {
		return 0, tarn.Errorf(tarn.EINVALID, "the note is empty")
	}
	id, err := a.o.Memory.AddNote(ctx, TeamNote{Text: strings.TrimSpace(text), By: by})
	if err == nil {
		a.invalidate()
	}
	return id, err
}

func (a *Agent) invalidate() {
	if inv, ok := a.o.Retriever.(invalidator); ok {
		inv.Invalidate()
	}
}
