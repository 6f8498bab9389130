package agent_test

import (
	"testing"
)

// BenchmarkRoundTrips runs the scripted scenario suite (see TestScenarios)
// and reports model round trips per answer over all of it, and for the
// answers that worked (the normal case, which should take one).
func BenchmarkRoundTrips(b *testing.B) {
	env := scenarioEnv(b)
	dir := b.TempDir()
	var rounds, answers, okRounds, okAnswers, tokens int
	for b.Loop() {
		for _, s := range scenarios(dir) {
			o := run(b, env, s)
			if o.ans == nil {
				b.Fatalf("%s: no answer: %v", s.name, o.err)
			}
			rounds, answers = rounds+o.ans.Rounds, answers+1
			tokens += o.ans.Usage.PromptTokens + o.ans.Usage.CompletionTokens
			if o.err == nil {
				okRounds, okAnswers = okRounds+o.ans.Rounds, okAnswers+1
			}
		}
	}
	b.ReportMetric(float64(rounds)/float64(answers), "roundtrips/answer")
	b.ReportMetric(float64(okRounds)/float64(okAnswers), "roundtrips/working-answer")
	b.ReportMetric(float64(tokens)/float64(answers), "tokens/answer")
}
