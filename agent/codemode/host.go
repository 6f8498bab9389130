package codemode

import (
	"context"
	"encoding/json"
	"errors"
	"math"

	"modernc.org/quickjs"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/charts"
)

// run is the state of one script: what it produced so far and the limits it
// has used up.
type run struct {
	ctx      context.Context // ends at the script's deadline
	parent   context.Context // the caller's context
	host     Host
	lim      Limits
	out      *Outcome
	queries  int
	output   int
	hostErrs []error // errors of tarn.* calls, see hostError
	limitErr error   // the first broken limit; it ends the script
}

func (r *run) register(vm *quickjs.VM) error {
	funcs := []struct {
		name  string
		nargs int
		fn    func(args []string) (any, error)
	}{
		{hostSearch, 1, r.search},
		{hostDescribe, 1, r.describe},
		{hostSQL, 2, r.sql},
		{hostChart, 1, r.chart},
		{hostAnswer, 1, r.answer},
		{hostLog, 1, r.log},
	}
	for _, f := range funcs {
		f := f
		err := vm.RegisterHostFunc(f.name, func(args []any) (any, error) {
			strs := make([]string, f.nargs)
			for i := range strs {
				if i < len(args) {
					s, ok := args[i].(string)
					if !ok {
						return r.envelope(nil, tarn.Wrap(ErrBadCall, tarn.EINVALID, "", "the tarn.* functions take strings"))
					}
					strs[i] = s
				}
			}
			v, err := f.fn(strs)
			if r.ctx.Err() != nil {
				// Out of time while the host worked: end the script even if
				// it would catch the error.
				err = r.breakLimit(r.stopErr())
			}
			return r.envelope(v, err)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// envelope encodes what a host function returns to the prelude, which throws
// the error as a TarnError with its code and message.
func (r *run) envelope(v any, err error) (any, error) {
	if err == nil {
		b, jerr := json.Marshal(map[string]any{"value": v})
		if jerr == nil {
			return string(b), nil
		}
		err = tarn.Wrap(jerr, tarn.EINTERNAL, "", "a value could not be passed to the script")
	}
	r.hostErrs = append(r.hostErrs, err)
	body := map[string]string{"code": tarn.ErrorCode(err), "message": tarn.ErrorMessage(err)}
	var te *tarn.Error
	if errors.As(err, &te) {
		body["message"], body["hint"] = te.Message, te.Hint
	}
	b, _ := json.Marshal(map[string]any{"error": body})
	return string(b), nil
}

// asTarn wraps a host error that is not a *tarn.Error as an internal one,
// whose message says no more than which call failed.
func asTarn(err error, call string) error {
	var te *tarn.Error
	if err == nil || errors.As(err, &te) {
		return err
	}
	return tarn.Wrap(err, tarn.EINTERNAL, "try again; if it keeps failing, report it", "%s failed inside Tarn", call)
}

// hostError returns the last error of a tarn.* call whose message is msg, so
// that an uncaught one ends Run with the host's own error and code.
func (r *run) hostError(msg string) error {
	for i := len(r.hostErrs) - 1; i >= 0; i-- {
		err := r.hostErrs[i]
		var te *tarn.Error
		if errors.As(err, &te) && te.Message == msg || tarn.ErrorMessage(err) == msg {
			return err
		}
	}
	return nil
}

func (r *run) search(a []string) (any, error) {
	hits, err := r.host.Search(r.ctx, a[0])
	err = asTarn(err, "tarn.search")
	if hits == nil {
		hits = []SearchHit{}
	}
	return hits, err
}

func (r *run) describe(a []string) (any, error) {
	info, err := r.host.Describe(r.ctx, a[0])
	err = asTarn(err, "tarn.describe")
	if info.Columns == nil {
		info.Columns = []ColumnInfo{}
	}
	return info, err
}

func (r *run) sql(a []string) (any, error) {
	query, mode := a[0], Mode(a[1])
	if mode == "" {
		mode = DefaultMode
	}
	if !mode.injects() && !mode.displays() {
		return nil, tarn.Errorf(tarn.EINVALID, `tarn.sql: mode must be "inject", "display" or "both", not %q`, string(mode))
	}
	if r.queries >= r.lim.MaxQueries {
		return nil, r.breakLimit(tarn.Wrap(ErrTooManyQuery, tarn.ELIMIT,
			"combine questions into fewer queries",
			"the script ran more than %d queries", r.lim.MaxQueries))
	}
	r.queries++
	res, err := r.host.SQL(r.ctx, query)
	err = asTarn(err, "tarn.sql")
	run := QueryRun{SQL: query, Mode: mode}
	if err != nil {
		run.Err = err
		r.out.Queries = append(r.out.Queries, run)
		return nil, err
	}
	rows, truncated := res.Rows, res.Truncated
	if len(rows) > r.lim.MaxRows {
		rows, truncated = rows[:r.lim.MaxRows], true
	}
	rows = cleanRows(rows)
	cols := res.Columns
	if cols == nil {
		cols = []string{}
	}
	run.Columns, run.Rows, run.Truncated, run.Masked = cols, len(rows), truncated, res.Masked
	idx := len(r.out.Queries)
	r.out.Queries = append(r.out.Queries, run)
	if mode.injects() {
		n := min(len(rows), r.lim.MaxInjectRows)
		r.out.Inject = append(r.out.Inject, InjectedResult{
			Query: idx, SQL: query, Columns: cols,
			Rows: append([][]any(nil), rows[:n]...), Truncated: truncated || n < len(rows),
		})
	}
	if mode.displays() {
		r.out.Display = append(r.out.Display, DisplayedResult{
			Query: idx, SQL: query, Columns: cols, Rows: rows, Truncated: truncated,
		})
	}
	return Result{Columns: cols, Rows: rows, Truncated: truncated}, nil
}

func (r *run) chart(a []string) (any, error) {
	opt := json.RawMessage(a[0])
	if !json.Valid(opt) || len(opt) == 0 || opt[0] != '{' {
		return nil, tarn.Wrap(ErrBadCall, tarn.EINVALID, "", "tarn.chart takes an ECharts option object")
	}
	if _, err := charts.Validate(opt); err != nil {
		return nil, err
	}
	if err := r.spend(len(opt)); err != nil {
		return nil, err
	}
	r.out.Charts = append(r.out.Charts, opt)
	return nil, nil
}

func (r *run) answer(a []string) (any, error) {
	if err := r.spend(len(a[0]) - len(r.out.Answer)); err != nil {
		return nil, err
	}
	r.out.Answer = a[0]
	return nil, nil
}

func (r *run) log(a []string) (any, error) {
	if err := r.spend(len(a[0])); err != nil {
		return nil, err
	}
	r.out.Logs = append(r.out.Logs, a[0])
	return nil, nil
}

// spend counts n more bytes of output against MaxOutput.
func (r *run) spend(n int) error {
	if r.output+n > r.lim.MaxOutput {
		return r.breakLimit(tarn.Wrap(ErrOutput, tarn.ELIMIT,
			"write a shorter answer and fewer logs",
			"the script wrote more than %d bytes of answer, logs and charts", r.lim.MaxOutput))
	}
	r.output += n
	return nil
}

// breakLimit records the first broken limit, which ends Run with that error
// even if the script catches the exception.
func (r *run) breakLimit(err error) error {
	if r.limitErr == nil {
		r.limitErr = err
	}
	return err
}

// cleanRows returns rows with the floats JSON cannot hold (NaN, ±Inf) as
// nil, copying only when there is one.
func cleanRows(rows [][]any) [][]any {
	var out [][]any
	for i, row := range rows {
		for j, v := range row {
			f, ok := v.(float64)
			if !ok || !math.IsNaN(f) && !math.IsInf(f, 0) {
				continue
			}
			if out == nil {
				out = append([][]any(nil), rows...)
			}
			if &out[i][0] == &rows[i][0] {
				out[i] = append([]any(nil), row...)
			}
			out[i][j] = nil
		}
	}
	if out == nil {
		return rows
	}
	return out
}
