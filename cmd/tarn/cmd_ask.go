package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
)

func newAskCommand() *cobra.Command {
	var chartFile, now string
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Ask a question in plain English",
		Long: `Answers a question about the lake's data: the agent picks context from the catalog,
a model (or, with none configured, the offline planner) writes a small program that
queries the lake as you, and Tarn prints the answer, the SQL it ran, a small table and
the path of the chart it drew.

Configure a model with llm.provider/llm.model (or TARN_LLM_PROVIDER, TARN_LLM_MODEL,
TARN_LLM_API_KEY, TARN_LLM_BASE_URL for any OpenAI-compatible endpoint).`,
		Example: `  tarn ask --as bob "top 10 customers by revenue last month"
  tarn ask --as alice --format json "daily requests for the last 30 days"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := FormatFromFlags(cmd.Flags())
			if err != nil {
				return err
			}
			m, err := openMain(ctx, cmd, true)
			if err != nil {
				return err
			}
			defer m.Close()
			if err := m.OpenAgent(ctx); err != nil {
				return err
			}
			q := agent.Question{Text: args[0], Principal: m.Config.As, Purpose: "cli"}
			if now != "" {
				if q.Now, err = time.Parse(time.DateOnly, now); err != nil {
					return tarn.Errorf(tarn.EINVALID, "--now %q: write a date like 2026-11-25", now)
				}
			}
			progress, stop := startSpinner(cmd.ErrOrStderr(), f)
			q.Progress = progress
			ans, askErr := m.ask(ctx, q)
			stop()
			if ans == nil {
				return askErr
			}
			if len(ans.Charts) > 0 {
				if chartFile == "" {
					chartFile = filepath.Join(m.Config.DataDir, "charts", time.Now().UTC().Format("ask-20060102-150405.000")+".png")
				}
				if err := writeOptionChart(chartFile, ans.Charts[0]); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "the chart could not be drawn: %s\n", tarn.ErrorMessage(err))
					chartFile = ""
				}
			} else {
				chartFile = ""
			}
			if f == FormatJSON {
				body := askJSON(ans, askErr)
				body.ChartPath = chartFile
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(body); err != nil {
					return err
				}
			} else if err := printAnswer(cmd.OutOrStdout(), f, ans, chartFile); err != nil {
				return err
			}
			return askErr
		},
	}
	AddFormatFlag(cmd.Flags())
	AddEngineFlags(cmd.Flags())
	cmd.Flags().StringVar(&now, "now", "", "answer as if today were this `date` (time phrases such as \"last month\")")
	cmd.Flags().StringVar(&chartFile, "chart", "", "write the chart to `file` (.png or .html; default <data>/charts/ask-<time>.png)")
	return cmd
}

// ask asks the agent, the way every front door does.
func (m *Main) ask(ctx context.Context, q agent.Question) (*agent.Answer, error) {
	return m.asker().Ask(ctx, q)
}

// askTableRows is how many rows of a result the terminal shows.
const askTableRows = 20

func printAnswer(w io.Writer, f Format, a *agent.Answer, chartPath string) error {
	fmt.Fprintln(w, strings.TrimSpace(a.Text))
	if a.Understood != "" {
		fmt.Fprintf(w, "\nUnderstood: %s\n", a.Understood)
	}
	if len(a.SQL) > 0 {
		fmt.Fprintln(w, "\nSQL:")
		for _, q := range a.SQL {
			for _, line := range strings.Split(strings.TrimSpace(q), "\n") {
				fmt.Fprintln(w, "  "+line)
			}
		}
	}
	if n := len(a.Tables); n > 0 {
		t := a.Tables[n-1]
		rows := make([][]string, 0, min(len(t.Rows), askTableRows))
		for i, r := range t.Rows {
			if i == askTableRows {
				break
			}
			cells := make([]string, len(r))
			for j, v := range r {
				cells[j] = cellText(v)
			}
			rows = append(rows, cells)
		}
		fmt.Fprintln(w)
		if err := WriteRows(w, f, t.Columns, rows); err != nil {
			return err
		}
		if len(t.Rows) > askTableRows || t.Truncated {
			fmt.Fprintf(w, "(%d of %d+ rows shown)\n", len(rows), len(t.Rows))
		}
	}
	if chartPath != "" {
		fmt.Fprintf(w, "\nChart: %s\n", chartPath)
	}
	fmt.Fprintf(w, "\n(%s · %d model round trip(s) · %d+%d tokens · %s)\n", a.Model, a.Rounds,
		a.Usage.PromptTokens, a.Usage.CompletionTokens, a.Elapsed.Round(time.Millisecond))
	return nil
}

func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case float64:
		return string(appendFloat(nil, v, 64))
	case string:
		return sanitize(v)
	}
	return fmt.Sprint(v)
}

// askResponse is the JSON of an answer, for `tarn ask --format json` and
// POST /api/ask.
type askResponse struct {
	Answer     string            `json:"answer"`
	Understood string            `json:"understood,omitempty"`
	SQL        []string          `json:"sql"`
	Table      *askTable         `json:"table,omitempty"`
	Charts     []json.RawMessage `json:"charts,omitempty"`
	ChartPath  string            `json:"chart_path,omitempty"`
	Script     string            `json:"script,omitempty"`
	Model      string            `json:"model"`
	Rounds     int               `json:"rounds"`
	Usage      agent.Usage       `json:"usage"`
	ElapsedMS  float64           `json:"elapsed_ms"`
	Error      *errorBody        `json:"error,omitempty"`
}

type askTable struct {
	Columns   []string `json:"columns"`
	Rows      [][]any  `json:"rows"`
	Truncated bool     `json:"truncated"`
}

func askJSON(a *agent.Answer, err error) askResponse {
	r := askResponse{Answer: a.Text, Understood: a.Understood, SQL: a.SQL, Charts: a.Charts, Script: a.Script,
		Model: a.Model, Rounds: a.Rounds, Usage: a.Usage, ElapsedMS: float64(a.Elapsed.Microseconds()) / 1000}
	if r.SQL == nil {
		r.SQL = []string{}
	}
	if n := len(a.Tables); n > 0 {
		t := a.Tables[n-1]
		r.Table = &askTable{Columns: t.Columns, Rows: t.Rows, Truncated: t.Truncated}
	}
	if err != nil {
		r.Error = errBody(err)
	}
	return r
}

// writeOptionChart draws a chart a script supplied (an ECharts option)
// into path, as PNG or HTML by the extension.
func writeOptionChart(path string, option json.RawMessage) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeOption(path, option)
}

// startSpinner shows "working…" with the agent's current step on a
// terminal while a question is answered; elsewhere it shows nothing. The
// returned stop clears the line.
func startSpinner(w io.Writer, f Format) (progress func(string), stop func()) {
	if !isTerminal(w) || f == FormatJSON {
		return func(string) {}, func() {}
	}
	var mu sync.Mutex
	step := "thinking"
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		frames := `|/-\`
		t := time.NewTicker(120 * time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			mu.Lock()
			fmt.Fprintf(w, "\r\x1b[K%c working… %s", frames[i%len(frames)], step)
			mu.Unlock()
			select {
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			case <-t.C:
			}
		}
	}()
	return func(s string) {
			mu.Lock()
			step = s
			mu.Unlock()
		}, func() {
			close(done)
			<-finished
		}
}
