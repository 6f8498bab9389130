package agent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
)

// Options configure an Agent. Engine and Model are required.
type Options struct {
	Engine    *engine.Engine
	Model     Model
	Retriever Retriever // optional: no context, and tarn.search unavailable
	Memory    Memory    // optional: no verified examples or notes
	// Introspector lets tarn.describe list the distinct values of short
	// text columns, read as the asking user (layer 5); optional.
	Introspector *Introspector
	Clock        tarn.Clock
	Limits       codemode.Limits // per script; zero fields take codemode.DefaultLimits
	MaxRounds    int             // model round trips per question; default 3
}

// Agent answers questions: retrieval, a model round, the script in the
// sandbox as the asking user, and repair rounds when the script fails.
type Agent struct {
	o Options
}

// New returns an Agent.
func New(o Options) *Agent {
	if o.MaxRounds <= 0 {
		o.MaxRounds = 3
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	return &Agent{o: o}
}

// ModelName is the name of the agent's model.
func (a *Agent) ModelName() string { return a.o.Model.Name() }

// Ask answers q. The answer always has Text for the user. When no script
// worked within the rounds, Ask returns the answer (saying in plain words
// what went wrong and what to do) together with a *tarn.Error wrapping
// ErrGaveUp whose code is the last failure's (EFORBIDDEN for a refusal,
// ETIMEOUT for a script out of time, …). A model that cannot be reached is
// an error without an answer. An empty question is EINVALID.
func (a *Agent) Ask(ctx context.Context, q Question) (*Answer, error) {
	start := a.o.Clock.Now()
	if strings.TrimSpace(q.Text) == "" {
		return nil, tarn.Wrap(ErrNoQuestion, tarn.EINVALID, "ask a question about the data, e.g. \"how many accounts do we have?\"", "the question is empty")
	}
	if q.Now.IsZero() {
		q.Now = start
	}
	caller := engine.Caller{Principal: q.Principal, Purpose: q.Purpose}
	if caller.Purpose == "" {
		caller.Purpose = "agent"
	}
	p := Prompt{System: SystemPrompt, Question: q.Text, History: q.History, Now: q.Now, Context: &Context{}}
	if a.o.Retriever != nil {
		progress(q, "searching the catalog")
		c, err := a.o.Retriever.Retrieve(ctx, q.Principal, q.Text)
		if err != nil {
			return nil, err
		}
		p.Context = c
	}
	host := NewHost(a.o.Engine, a.o.Retriever, caller).WithMaxRows(a.o.Limits.MaxRows).WithIntrospector(a.o.Introspector)
	ans := &Answer{Model: a.o.Model.Name()}
	defer func() { ans.Elapsed = a.o.Clock.Now().Sub(start) }()
	var lastErr error
	for round := 1; round <= a.o.MaxRounds; round++ {
		if round == 1 {
			progress(q, "writing a program")
		} else {
			progress(q, "repairing the program")
		}
		comp, err := a.o.Model.Write(ctx, p)
		ans.Rounds++
		ans.Usage = ans.Usage.Add(comp.Usage)
		if err != nil {
			return nil, err
		}
		if comp.Understood != "" {
			ans.Understood = comp.Understood
		}
		if strings.TrimSpace(comp.Script) == "" {
			if lastErr != nil {
				// The model gave up after a failed round.
				return a.gaveUp(ans, lastErr, comp.Text)
			}
			ans.Text = comp.Text
			if ans.Text == "" {
				ans.Text = "I could not write a program for that question."
			}
			return ans, nil
		}
		progress(q, "running the program")
		ans.Script = comp.Script
		out, err := codemode.Run(ctx, comp.Script, host, a.o.Limits)
		ans.SQL, ans.Tables, ans.Charts = sqlOf(out), out.Display, out.Charts
		ans.Masked, ans.Refused = maskedOf(ans.Masked, out), refusalsOf(ans.Refused, out)
		if err == nil && out.Answer != "" {
			ans.Text = out.Answer
			return ans, nil
		}
		if err == nil && len(out.Inject) == 0 {
			// It ran but said nothing: show what it displayed, if anything.
			ans.Text = fallbackText(out)
			return ans, nil
		}
		if ctx.Err() != nil {
			return nil, tarn.Wrap(ctx.Err(), tarn.ETIMEOUT, "", "the question was cancelled")
		}
		lastErr = err
		p.Attempts = append(p.Attempts, Attempt{Script: comp.Script, Error: attemptError(err, out), Logs: out.Logs, Inject: out.Inject})
	}
	if lastErr == nil {
		lastErr = tarn.Errorf(tarn.EINTERNAL, "the program never called tarn.answer")
	}
	return a.gaveUp(ans, lastErr, "")
}

// maskedOf adds the masked columns of a round's queries to cols, once each.
func maskedOf(cols []string, out *codemode.Outcome) []string {
	for _, q := range out.Queries {
		for _, c := range q.Masked {
			if !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	return cols
}

// refusalsOf adds the tables a round's queries were refused to seen, once
// each.
func refusalsOf(seen []*governance.TableRefusal, out *codemode.Outcome) []*governance.TableRefusal {
	for _, q := range out.Queries {
		var r *governance.TableRefusal
		if q.Err == nil || !errors.As(q.Err, &r) {
			continue
		}
		if !slices.ContainsFunc(seen, func(s *governance.TableRefusal) bool {
			return s.Namespace == r.Namespace && s.Table == r.Table && errors.Is(s.Reason, r.Reason)
		}) {
			seen = append(seen, r)
		}
	}
	return seen
}

// gaveUp ends a question without a working script: the user reads text (the
// model's own words, or else a plain account of err) and the caller gets err
// wrapped in ErrGaveUp with err's code.
func (a *Agent) gaveUp(ans *Answer, err error, text string) (*Answer, error) {
	ans.Text = text
	if ans.Text == "" {
		ans.Text = gaveUpText(err, ans.Rounds)
	}
	return ans, tarn.Wrap(fmt.Errorf("%w: %w", ErrGaveUp, err), tarn.ErrorCode(err), tarn.ErrorHint(err), "%s", tarnMessage(err))
}

func progress(q Question, step string) {
	if q.Progress != nil {
		q.Progress(step)
	}
}

func sqlOf(out *codemode.Outcome) []string {
	var s []string
	for _, q := range out.Queries {
		s = append(s, q.SQL)
	}
	return s
}

// attemptError is how a failed round reads to the model: the error's plain
// message and hint, or, for a program that ran but only injected rows, a
// request to write the answer from them.
func attemptError(err error, out *codemode.Outcome) string {
	if err == nil {
		return ""
	}
	msg := tarn.ErrorMessage(err) // message and hint
	for _, q := range out.Queries {
		if q.Err != nil {
			msg += "\nQuery failed: " + q.SQL + "\n  -> " + tarn.ErrorMessage(q.Err)
		}
	}
	return msg
}

// tarnMessage is the user-facing message of err without its hint.
func tarnMessage(err error) string {
	var te *tarn.Error
	if errors.As(err, &te) {
		return te.Message
	}
	return tarn.ErrorMessage(err)
}

// gaveUpText tells the user in plain words why there is no answer and what
// to do.
func gaveUpText(err error, rounds int) string {
	msg, hint := tarnMessage(err), tarn.ErrorHint(err)
	var b strings.Builder
	switch tarn.ErrorCode(err) {
	case tarn.EFORBIDDEN:
		b.WriteString("I can't answer that with the data you may read: " + msg)
	case tarn.ETIMEOUT:
		b.WriteString("The program I wrote took too long and was stopped: " + msg)
	case tarn.ELIMIT:
		b.WriteString("The program I wrote went over a limit and was stopped: " + msg)
	default:
		fmt.Fprintf(&b, "I couldn't get a working answer after %d attempt(s): %s", rounds, msg)
	}
	if hint != "" {
		b.WriteString("\n\nWhat you can do: " + hint)
	}
	return b.String()
}

// fallbackText describes a script's displayed results when it gave no
// answer text.
func fallbackText(out *codemode.Outcome) string {
	if len(out.Display) == 0 {
		return "The program ran but produced no answer."
	}
	d := out.Display[len(out.Display)-1]
	return fmt.Sprintf("Here is the result (%d rows).", len(d.Rows))
}
