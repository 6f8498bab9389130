package agent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent/codemode"
	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
)

// Host is the Code Mode host over the engine: every tarn.* call of a script
// runs as one caller, so governance decides on every table, column and value
// the script sees.
type Host struct {
	eng     *engine.Engine
	r       Retriever
	intro   *Introspector
	caller  engine.Caller
	maxRows int
}

// NewHost returns the host for scripts of caller. r serves tarn.search; when
// it is nil, search says it is not available.
func NewHost(eng *engine.Engine, r Retriever, caller engine.Caller) *Host {
	return &Host{eng: eng, r: r, caller: caller, maxRows: codemode.DefaultLimits.MaxRows}
}

var _ codemode.Host = (*Host)(nil)

// WithIntrospector makes tarn.describe list up to a few distinct values of
// short text columns, read through governance as the caller (layer 5).
// A nil introspector lists none.
func (h *Host) WithIntrospector(in *Introspector) *Host { h.intro = in; return h }

// WithMaxRows sets the rows one query returns to the script.
func (h *Host) WithMaxRows(n int) *Host {
	if n > 0 {
		h.maxRows = n
	}
	return h
}

// Search finds tables, pages, examples and notes for text, as the caller
// sees them: tables the caller may not query are listed by name with what
// to ask for, never with their columns.
func (h *Host) Search(ctx context.Context, text string) ([]codemode.SearchHit, error) {
	if h.r == nil {
		return nil, &tarn.Error{Code: tarn.ENOTFOUND, Message: "search is not available here", Hint: "use tarn.describe with a table name you know"}
	}
	c, err := h.r.Retrieve(ctx, h.caller.Principal, text)
	if err != nil {
		return nil, err
	}
	return searchHits(c), nil
}

func searchHits(c *Context) []codemode.SearchHit {
	hits := []codemode.SearchHit{}
	for _, t := range c.Tables {
		hits = append(hits, codemode.SearchHit{Kind: "table", Name: t.Name, Description: t.Description, Score: t.Score})
	}
	for _, t := range c.Closed {
		hits = append(hits, codemode.SearchHit{Kind: "table", Name: t.Name,
			Description: fmt.Sprintf("you may not query it (%s): %s", t.Reason, t.Hint)})
	}
	for _, p := range c.Pages {
		hits = append(hits, codemode.SearchHit{Kind: "page", Name: p.Title, Description: clip(p.Body, 600), Score: p.Score})
	}
	for _, e := range c.Examples {
		hits = append(hits, codemode.SearchHit{Kind: "example", Name: e.Question, Description: clip(e.Script, 1200), Score: e.Score})
	}
	for _, n := range c.Notes {
		hits = append(hits, codemode.SearchHit{Kind: "note", Name: clip(n.Text, 80), Description: n.Text, Score: n.Score})
	}
	return hits
}

// Describe returns the columns of table the caller may see, with what the
// catalog says about them: descriptions (layer 2), derivations from the
// SQL that builds the table (layer 3) and, with an introspector, sample
// values (layer 5). A refusal is governance's error.
func (h *Host) Describe(ctx context.Context, table string) (codemode.TableInfo, error) {
	id, err := lake.ParseIdent(table)
	if err != nil {
		return codemode.TableInfo{}, err
	}
	cols, err := h.eng.Describe(ctx, h.caller, id)
	if err != nil {
		return codemode.TableInfo{}, err
	}
	info := codemode.TableInfo{Name: id.String()}
	note, err := h.eng.Lake().Note(ctx, id)
	if err != nil && !errors.Is(err, lake.ErrNoSuchTable) {
		return info, err
	}
	info.Description = note.Description
	desc := map[string]string{}
	for _, c := range note.Columns {
		desc[c.Name] = c.Description
	}
	derived := map[string]string{}
	if lin, err := h.eng.Lake().Lineage(ctx, id); err == nil {
		for _, d := range lin.Columns {
			derived[d.Name] = joinNonEmpty(d.Expr, d.Description)
		}
	}
	// Sample values are a nicety: they get a bounded share of the script's
	// time, and columns left when it is spent list none.
	ictx, cancel := context.WithTimeout(ctx, introspectBudget)
	defer cancel()
	for _, c := range cols {
		ci := codemode.ColumnInfo{Name: c.Name, Type: c.Type, Description: desc[c.Name]}
		if d := derived[c.Name]; d != "" {
			ci.Description = joinNonEmpty(ci.Description, "Derived: "+d)
		}
		if c.Masked {
			ci.Description = joinNonEmpty(ci.Description, "(masked for you)")
		}
		if h.intro != nil && c.Type == "VARCHAR" && !c.Masked && ictx.Err() == nil {
			vals, complete, err := h.intro.Values(ictx, h.caller, id.String(), c.Name, sampleValues)
			if err == nil && complete {
				ci.Values = vals
			}
		}
		info.Columns = append(info.Columns, ci)
	}
	return info, nil
}

// sampleValues is how many distinct values tarn.describe lists for a text
// column; columns with more list none.
const sampleValues = 20

// introspectBudget bounds the time one tarn.describe spends on values.
const introspectBudget = time.Second

// SQL runs query as the caller and returns at most the host's row limit.
func (h *Host) SQL(ctx context.Context, query string) (codemode.Result, error) {
	res, err := h.eng.Query(ctx, engine.Request{SQL: query, Caller: h.caller, MaxRows: h.maxRows})
	if err != nil {
		return codemode.Result{}, err
	}
	defer res.Close()
	out := codemode.Result{Rows: [][]any{}}
	for _, f := range res.Schema().Fields() {
		out.Columns = append(out.Columns, f.Name)
	}
	for res.Reader.Next() {
		rec := res.Reader.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]any, rec.NumCols())
			for c := range row {
				row[c] = cellValue(rec.Column(c), i)
			}
			out.Rows = append(out.Rows, row)
		}
	}
	if err := res.Reader.Err(); err != nil {
		return codemode.Result{}, err
	}
	out.Truncated = res.Truncated()
	// A masked column counts when the result shows a column of its name:
	// reading a table masks all its PII, but only what is shown matters.
	for _, sc := range res.Scans {
		for _, c := range sc.Masked {
			if slices.Contains(out.Columns, c) {
				out.Masked = append(out.Masked, sc.Table.String()+"."+c)
			}
		}
	}
	return out, nil
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
