package main

import (
	"context"
	"log/slog"

	"github.com/tarn-data/tarn/agent/langchaingo"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake"
)

// OpenSkimmer prepares the PII scanner over the engine (OpenEngine first).
// With a model configured (llm.provider), flagged columns get a second
// pass by the model. A table nobody has reviewed gets a review request
// with the findings, once, when the chat is open (OpenBot).
//
// Errors: the model's configuration errors.
func (m *Main) OpenSkimmer() error {
	c := m.Config.Skimmer
	var checker skimmer.Checker
	if p := m.Config.LLM.Provider; p != "" && p != "offline" {
		ch, err := langchaingo.NewPIIChecker(m.llmConfig())
		if err != nil {
			return err
		}
		checker = ch
	}
	m.Skimmer = skimmer.NewScanner(skimmer.Options{Sampler: m.Engine, Catalog: m.Lake, Store: m.Findings,
		Rows: c.Rows, PersonKeys: c.PersonKeys, OnScan: m.onScan, Checker: checker, Logger: m.Logger})
	return nil
}

// askReview asks the approvers to review a table that has none yet, with
// what the scan found, once per run of Tarn: in the web chat when it is on, else the first chat
// with an approvals channel.
func (m *Main) askReview(ctx context.Context, r skimmer.Report) {
	if m.chat == nil || r.ReviewAsked != 0 && m.chat.conv.HasApproval(ctx, bot.KindReview, r.ReviewAsked) {
		return
	}
	id, err := lake.ParseIdent(r.Table)
	if err != nil {
		return
	}
	// Scans of one table may end together (the loop, a scan asked for):
	// the request is made once, by whoever reads the report unasked.
	m.asking.Lock()
	defer m.asking.Unlock()
	// A request this conversation does not know was made before a
	// restart, and its buttons are gone: it is made again.
	if cur, ok, err := m.Findings.Report(ctx, id); err != nil || !ok || cur.ReviewAsked != 0 && m.chat.conv.HasApproval(ctx, bot.KindReview, cur.ReviewAsked) {
		return
	}
	if _, reviewed, err := m.Gov.Review(ctx, id.Namespace, id.Name); err != nil || reviewed {
		return
	}
	platform := ""
	switch b := m.Config.Bot; {
	case m.chat.web != nil && b.Approvals != "":
		platform = bot.Web
	case m.chat.slack != nil && b.Slack.Approvals != "":
		platform = bot.Slack
	case m.chat.discord != nil && b.Discord.Approvals != "":
		platform = bot.Discord
	default:
		return
	}
	n, err := m.chat.conv.RequestReview(ctx, platform, r.Table, r.Summary())
	if err != nil {
		slog.Warn("skimmer: asking for a review", "table", r.Table, "err", err)
		return
	}
	if err := m.Skimmer.MarkReviewAsked(ctx, id, n); err != nil {
		slog.Warn("skimmer: keeping the review request's number", "table", r.Table, "err", err)
	}
}

// piiTags are the PII tags a review of a table starts from: what people
// wrote in the lake's annotations, and what Skimmer found in the columns
// they left untagged.
func (m *Main) piiTags(ctx context.Context, id lake.Ident) map[string]string {
	tags := map[string]string{}
	if m.Findings != nil {
		if r, ok, err := m.Findings.Report(ctx, id); err == nil && ok {
			for c, tag := range r.Tags() {
				tags[c] = tag
			}
		}
	}
	if note, err := m.Lake.Note(ctx, id); err == nil {
		for c, tag := range note.PIITags() {
			tags[c] = tag
		}
	}
	return tags
}

// reviewColumns are the columns and PII tags a review decided in chat
// starts from: every column, tagged as piiTags says.
func (m *Main) reviewColumns() bot.Columns {
	cols := bot.LakeColumns(m.Lake)
	return func(ctx context.Context, ns, table string) ([]string, map[string]string, error) {
		names, _, err := cols(ctx, ns, table)
		if err != nil {
			return nil, nil, err
		}
		return names, m.piiTags(ctx, lake.Ident{Namespace: ns, Name: table}), nil
	}
}
