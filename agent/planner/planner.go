package planner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

// Options configure a Planner.
type Options struct {
	// Clock gives "now" when a prompt has no Now; nil is the wall clock.
	Clock tarn.Clock
}

// Planner is the offline model. It is safe for concurrent use.
type Planner struct {
	clock tarn.Clock
}

// New returns a planner.
func New(opts Options) *Planner {
	return &Planner{clock: opts.Clock}
}

// Name is "offline".
func (*Planner) Name() string { return "offline" }

// examples are kinds of questions the planner answers, for refusals.
var examples = []string{
	"How many accounts do we have?",
	"Top 10 customers by revenue last month",
	"Daily requests for the last 30 days",
	"Which colos served the most bytes last week?",
	"What share of requests were served from cache yesterday?",
	"How many security events were blocked in the last 24 hours?",
	"What tables do we have about billing?",
}

// Write plans the prompt's question. The same prompt always gives the same
// completion. A question it cannot answer gives a completion with Text and
// no Script, saying what it understood; a prompt with earlier failed
// attempts gives Text explaining the failure, since the planner does not
// repair scripts. It returns an error only when ctx is done (ETIMEOUT).
func (p *Planner) Write(ctx context.Context, pr agent.Prompt) (agent.Completion, error) {
	if err := ctx.Err(); err != nil {
		return agent.Completion{}, tarn.Wrap(err, tarn.ETIMEOUT, "ask again", "the offline planner was stopped")
	}
	if len(pr.Attempts) > 0 {
		last := pr.Attempts[len(pr.Attempts)-1]
		why, _, _ := strings.Cut(strings.TrimSpace(last.Error), "\n")
		return agent.Completion{
			Text: "The query I wrote for this failed: " + why +
				"\n\nThe offline planner does not rewrite failed queries. Try asking in other words, or ask someone with access to the tables involved.",
			Understood: "a failed script to repair",
		}, nil
	}
	now := pr.Now
	if now.IsZero() {
		if p.clock != nil {
			now = p.clock.Now()
		} else {
			now = time.Now()
		}
	}
	return planQuestion(pr.Question, now.UTC(), pr.Context), nil
}

// planQuestion plans one question.
func planQuestion(question string, now time.Time, c *agent.Context) agent.Completion {
	q := strings.TrimSpace(question)
	if q == "" {
		return agent.Completion{Text: cannot("the question is empty", parsed{})}
	}
	ps := parse(q, now)
	pl, ref := resolve(ps)
	if ref != nil {
		return agent.Completion{Text: cannot(ref.reason, ps), Understood: "nothing I can answer"}
	}
	pl.now = now
	switch pl.shape {
	case shapeSearch:
		return agent.Completion{Script: searchScript(pl.topic, c), Understood: pl.understood}
	case shapeMeaning:
		return agent.Completion{Script: meaningScript(pl.ident, c), Understood: pl.understood}
	}
	s, err := script(pl)
	if err != nil {
		return agent.Completion{Text: cannot(err.Error(), ps), Understood: "nothing I can answer"}
	}
	return agent.Completion{Script: s, Understood: understood(pl)}
}

// cannot is the text of a refusal: why, what was understood, and what the
// planner can answer.
func cannot(reason string, p parsed) string {
	var b strings.Builder
	fmt.Fprintf(&b, "I can't answer that reliably: %s.\n\n", reason)
	if rec := p.recognised(); len(rec) > 0 {
		b.WriteString("What I understood: " + strings.Join(rec, "; ") + ".\n\n")
	} else {
		b.WriteString("What I understood: nothing I can map to the data.\n\n")
	}
	b.WriteString("I can answer questions like:\n")
	for _, e := range examples {
		b.WriteString("- " + e + "\n")
	}
	return b.String()
}

// understood restates a plan in one line.
func understood(pl *plan) string {
	var b strings.Builder
	switch pl.shape {
	case shapeList:
		if pl.entity == "account" {
			b.WriteString("list of dim.accounts created")
		} else {
			b.WriteString("list of fct.billing_invoices")
			if pl.over > 0 {
				b.WriteString(" with billed_amount over " + trimFloat(pl.over))
			}
		}
	case shapeCountOf:
		b.WriteString("count of dim.zones of one account")
	case shapeAvgPer:
		b.WriteString("average revenue (fct.billings_allocated) per account of dim.accounts")
	case shapeGrowth:
		b.WriteString("growth of " + pl.metric.Label + " from " + pl.src.Table + " against the period before, per " + pl.dimLabels())
	case shapeCompare:
		b.WriteString(pl.metric.Label + " from " + pl.src.Table + ", " + pl.spans[0].Label + " against " + pl.spans[1].Label)
	default:
		if pl.metric.Key == "accounts" || pl.metric.Key == "zones" {
			b.WriteString("count of " + pl.src.Table)
		} else {
			b.WriteString(pl.metric.Label + " from " + pl.src.Table)
		}
		if pl.grain != "" {
			b.WriteString(" per " + pl.grain)
		}
		if len(pl.dims) > 0 {
			b.WriteString(" by " + pl.dimLabels())
		}
		if pl.ranked {
			if pl.asc {
				fmt.Fprintf(&b, ", bottom %d", pl.top)
			} else {
				fmt.Fprintf(&b, ", top %d", pl.top)
			}
		}
	}
	b.WriteString(pl.describeFilters())
	if (pl.src.Ahead || pl.shape == shapeAvgPer) && len(pl.spans) == 0 {
		b.WriteString(", months up to " + month(pl.now).Format("January 2006"))
	}
	for _, s := range pl.spans {
		if s.Incident {
			fmt.Fprintf(&b, " during the incident (the burst of security events in [%s, %s))", s.Start.Format(time.DateTime), s.End.Format(time.DateTime))
			continue
		}
		fmt.Fprintf(&b, " [%s, %s)", s.Start.Format(time.DateTime), s.End.Format(time.DateTime))
	}
	return b.String()
}
