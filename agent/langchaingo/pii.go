package langchaingo

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tmc/langchaingo/llms"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/lake"
)

// PIIChecker is Skimmer's second pass on a model: for a column the
// detectors flagged, it shows the model the whole table's context — its
// description, every column's name, type and description — and the
// detectors' evidence, and takes the model's verdict. The model never sees
// a sampled value.
type PIIChecker struct{ m *Model }

var _ skimmer.Checker = (*PIIChecker)(nil)

// NewPIIChecker builds the client cfg names, as New does.
func NewPIIChecker(cfg Config) (*PIIChecker, error) {
	m, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &PIIChecker{m: m.(*Model)}, nil
}

const piiSystem = `You review a data scanner's findings of personal data (PII) in one column of a table.
You see the table's columns and descriptions and the scanner's evidence, never the data.
Kinds: email, phone, ip, credit_card, iban, ssn, secret, person_name, street_address,
mac_address, geo, user_id (an opaque ID that identifies a person or an account), free_text
(text that holds any of them), or "" when the column holds no PII.
Reply with one JSON object and nothing else:
{"kind": "<kind or empty>", "confidence": <0..1>, "reason": "<one short sentence>"}`

// piiVerdict is the model's reply.
type piiVerdict struct {
	Kind       string  `json:"kind"`
	Confidence float64 `json:"confidence"`
	Reason     string  `json:"reason"`
}

// Check implements skimmer.Checker. The model's reason joins the
// evidence. Its kind (a known kind, or "" for none) replaces the first
// pass's only when the first pass rests on hints — the column's name or
// description, or a minority of values; when most sampled values matched a
// detector, the model can only lower the confidence, never clear the tag.
//
// Errors: those of Write (a *tarn.Error); tarn.EINTERNAL when the reply is
// not the JSON asked for.
func (c *PIIChecker) Check(ctx context.Context, table string, columns []engine.SampleColumn, note lake.Note, cl skimmer.Classification) (skimmer.Classification, error) {
	msgs := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, piiSystem),
		llms.TextParts(llms.ChatMessageTypeHuman, piiPrompt(table, columns, note, cl)),
	}
	resp, err := c.m.generate(ctx, msgs)
	if err != nil {
		return cl, err
	}
	var text []string
	for _, ch := range resp.Choices {
		if ch != nil {
			text = append(text, ch.Content)
		}
	}
	reply := strings.TrimSpace(strings.Join(text, "\n"))
	if i, j := strings.IndexByte(reply, '{'), strings.LastIndexByte(reply, '}'); i >= 0 && j > i {
		reply = reply[i : j+1]
	}
	var v piiVerdict
	if err := json.Unmarshal([]byte(reply), &v); err != nil {
		return cl, tarn.Errorf(tarn.EINTERNAL, "the model's verdict on %s.%s is not the JSON asked for", table, cl.Column)
	}
	kind := strings.ToLower(strings.TrimSpace(v.Kind))
	if kind != "" && !knownKind(kind) {
		return cl, tarn.Errorf(tarn.EINTERNAL, "the model named an unknown kind %q for %s.%s", kind, table, cl.Column)
	}
	reason := strings.TrimSpace(v.Reason)
	if len(reason) > 200 {
		reason = reason[:200]
	}
	out := cl
	out.Evidence = append(append([]skimmer.Evidence(nil), cl.Evidence...), skimmer.Evidence{Detector: "model: " + reason})
	if kind == cl.Tag {
		out.Confidence = max(cl.Confidence, min(max(v.Confidence, 0), 1))
		return out, nil
	}
	if matchedValues(cl) {
		// The values themselves matched: the model, which never saw them
		// and reads descriptions anyone may write, cannot unmask the
		// column. It lowers the confidence and the reviewer reads why.
		out.Confidence = min(cl.Confidence, 1-min(max(v.Confidence, 0), 1)/2)
		return out, nil
	}
	out.Tag = kind
	out.Confidence = min(max(v.Confidence, 0), 1)
	return out, nil
}

// matchedValues reports whether most sampled values matched a detector
// (not only the column's name or description).
func matchedValues(cl skimmer.Classification) bool {
	for _, e := range cl.Evidence {
		if e.Sampled > 0 && e.Share >= 0.8 {
			return true
		}
	}
	return false
}

// knownKind reports whether k is a kind a column may be tagged with:
// one the detectors find, a user ID, or free text.
func knownKind(k string) bool {
	return k == governance.TagUserID || k == governance.TagFreeText || slices.Contains(skimmer.Kinds, k)
}

// piiPrompt lays out the table and the finding; no values.
func piiPrompt(table string, columns []engine.SampleColumn, note lake.Note, cl skimmer.Classification) string {
	desc := map[string]string{}
	for _, c := range note.Columns {
		desc[c.Name] = c.Description
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Table %s", table)
	if note.Description != "" {
		fmt.Fprintf(&b, ": %s", note.Description)
	}
	b.WriteString("\nColumns:\n")
	for _, c := range columns {
		fmt.Fprintf(&b, "- %s %s", c.Name, c.Type)
		if d := desc[c.Name]; d != "" {
			fmt.Fprintf(&b, " — %s", d)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "\nThe scanner flagged column %s as %q (confidence %.2f). Evidence:\n", cl.Column, cl.Tag, cl.Confidence)
	for _, e := range cl.Evidence {
		if e.Sampled > 0 {
			fmt.Fprintf(&b, "- detector %s matched %d of %d sampled values (%.0f%%)\n", e.Detector, e.Matched, e.Sampled, 100*e.Share)
		} else {
			fmt.Fprintf(&b, "- %s\n", e.Detector)
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(cl.Inside)) {
		fmt.Fprintf(&b, "- %s found inside %d sampled texts\n", kind, cl.Inside[kind])
	}
	b.WriteString("\nWhat kind of PII does this column hold?")
	return b.String()
}
