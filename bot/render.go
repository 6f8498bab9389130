package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/charts"
	chartpng "github.com/tarn-data/tarn/charts/png"
	"github.com/tarn-data/tarn/governance"
)

// The buttons' actions.
const (
	ActShowSQL = "tarn.sql"
	ActHideSQL = "tarn.nosql"
	ActRight   = "tarn.right"
	ActWrong   = "tarn.wrong"
	ActAccess  = "tarn.access"
	ActReview  = "tarn.review"
	ActFlip    = "tarn.flip"
	ActApprove = "tarn.approve"
	ActDeny    = "tarn.deny"
)

// Limits of a rendered answer.
const (
	tableRows  = 10 // rows shown under an answer
	maxButtons = 5  // one row of buttons everywhere
)

// RenderPNG renders an ECharts option as a PNG for chat, after the same
// validation scripts' charts get.
func RenderPNG(option json.RawMessage) ([]byte, error) {
	opt, err := charts.Validate(option)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := chartpng.Render(charts.Chart{Option: opt}, &buf, chartpng.Options{Theme: charts.ThemeLight}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render turns an answer (or the failure to get one) into a message with
// its table, charts, footer and buttons.
func (c *Conversation) render(ctx context.Context, principal string, ans *agent.Answer, err error) Message {
	if ans == nil {
		return Message{Text: "I could not answer: " + tarn.ErrorMessage(err)}
	}
	m := Message{Text: ans.Text}
	if strings.TrimSpace(m.Text) == "" {
		m.Text = "I have no answer to show."
	}
	if len(ans.Tables) > 0 && (len(ans.Charts) == 0 || len(ans.Tables[0].Rows) <= tableRows) {
		m.Table = tableOf(ans.Tables[0].Columns, ans.Tables[0].Rows, ans.Tables[0].Truncated)
	}
	for i, opt := range ans.Charts {
		png, rerr := c.o.Render(opt)
		if rerr != nil {
			c.o.Logger.Warn("bot: a chart could not be rendered", "err", rerr)
			continue
		}
		m.Images = append(m.Images, Image{Name: fmt.Sprintf("chart-%d.png", i+1), Title: chartTitle(opt), PNG: png})
	}
	m.Footer = footer(ans)
	if len(ans.SQL) > 0 {
		m.Buttons = append(m.Buttons, Button{Action: ActShowSQL, Label: "Show SQL"})
	}
	if err == nil && ans.Script != "" {
		m.Buttons = append(m.Buttons, Button{Action: ActRight, Label: "👍", Value: "right"}, Button{Action: ActWrong, Label: "👎", Value: "wrong"})
	}
	m.Buttons = append(m.Buttons, c.offers(ctx, principal, ans)...)
	if len(m.Buttons) > maxButtons {
		m.Buttons = m.Buttons[:maxButtons]
	}
	return m
}

// offers are the buttons that start a flow for what stood in the way:
// a review for a table that needs one, access for a table not granted, a
// session flip for masked columns the asker may unmask.
func (c *Conversation) offers(ctx context.Context, principal string, ans *agent.Answer) []Button {
	var out []Button
	for _, r := range ans.Refused {
		id := r.Namespace + "." + r.Table
		switch {
		case errors.Is(r, governance.ErrNeedsReview):
			out = append(out, Button{Action: ActReview, Label: "Request review of " + id, Value: id, Style: Primary})
		case errors.Is(r, governance.ErrNotGranted):
			out = append(out, Button{Action: ActAccess, Label: "Request access to " + id, Value: id, Style: Primary})
		}
	}
	seen := map[string]bool{}
	for _, col := range ans.Masked {
		parts := strings.SplitN(col, ".", 3)
		if len(parts) != 3 || seen[parts[0]+"."+parts[1]] {
			continue
		}
		id := parts[0] + "." + parts[1]
		seen[id] = true
		if c.o.Workflow == nil {
			continue
		}
		if ok, err := c.o.Workflow.HoldsPrivilege(ctx, principal, governance.Unmask, parts[0], parts[1]); err == nil && ok {
			out = append(out, Button{Action: ActFlip, Label: "Flip session on " + id, Value: id})
		}
	}
	return out
}

func footer(ans *agent.Answer) string {
	parts := []string{ans.Model}
	if ans.Rounds == 1 {
		parts = append(parts, "1 round")
	} else if ans.Rounds > 1 {
		parts = append(parts, fmt.Sprintf("%d rounds", ans.Rounds))
	}
	parts = append(parts, roundDuration(ans.Elapsed))
	if n := ans.Usage.PromptTokens + ans.Usage.CompletionTokens; n > 0 {
		parts = append(parts, groupDigits(int64(n))+" tokens")
	}
	if len(ans.Masked) > 0 {
		parts = append(parts, "PII masked")
	}
	return strings.Join(parts, " · ")
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

func chartTitle(opt json.RawMessage) string {
	var o struct {
		Title struct {
			Text string `json:"text"`
		} `json:"title"`
	}
	if json.Unmarshal(opt, &o) == nil && o.Title.Text != "" {
		return o.Title.Text
	}
	return "chart"
}

// tableOf renders rows as text cells: at most tableRows, the rest counted.
func tableOf(cols []string, rows [][]any, truncated bool) *Table {
	t := &Table{Columns: append([]string(nil), cols...)}
	for i, r := range rows {
		if i == tableRows {
			t.More = len(rows) - tableRows
			break
		}
		cells := make([]string, len(r))
		for j, v := range r {
			cells[j] = Cell(v)
		}
		t.Rows = append(t.Rows, cells)
	}
	if truncated && t.More == 0 && len(rows) > 0 {
		t.More = -1 // unknown: the result itself was cut
	}
	return t
}

// Cell formats one value for a chat table: digits grouped, decimals kept
// short, times without a zero clock.
func Cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case int:
		return groupDigits(int64(x))
	case int32:
		return groupDigits(int64(x))
	case int64:
		return groupDigits(x)
	case uint64:
		if x > math.MaxInt64 {
			return strconv.FormatUint(x, 10)
		}
		return groupDigits(int64(x))
	case float32:
		return formatFloat(float64(x))
	case float64:
		return formatFloat(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func formatFloat(f float64) string {
	a := math.Abs(f)
	if math.IsNaN(f) || math.IsInf(f, 0) || a >= 1e15 || (a > 0 && a < 0.01) {
		return strconv.FormatFloat(f, 'g', 3, 64)
	}
	whole, dec, _ := strings.Cut(strconv.FormatFloat(a, 'f', 2, 64), ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	s := groupDigits(n)
	if dec = strings.TrimRight(dec, "0"); dec != "" {
		s += "." + dec
	}
	if f < 0 && s != "0" {
		s = "-" + s
	}
	return s
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
