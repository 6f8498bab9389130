package codemode

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/quickjs"

	"github.com/tarn-data/tarn"
)

// Run runs script in a fresh VM with the limits lim (zero fields take
// DefaultLimits) and host as its only way out. The script sees the global
// objects tarn and console described in APIDoc and the ECMAScript built-ins,
// nothing else. Cancelling ctx stops the script.
//
// Run always returns the Outcome, also with an error, so that the queries and
// logs of a failed script can help repair it. The error is a *tarn.Error:
// EINVALID for a syntax error or an uncaught exception, ETIMEOUT when the
// script ran out of time, ELIMIT when it broke a limit on memory, queries or
// output, and the host's own error when an uncaught tarn.* call failed.
func Run(ctx context.Context, script string, host Host, lim Limits) (*Outcome, error) {
	lim = lim.withDefaults()
	out := &Outcome{}
	if err := ctx.Err(); err != nil {
		return out, stopped(err)
	}

	vm, err := quickjs.NewVM()
	if err != nil {
		return out, tarn.Wrap(err, tarn.EINTERNAL, "", "could not start the script sandbox")
	}
	defer vm.Close()
	vm.SetMemoryLimit(uintptr(lim.Memory))

	deadline := time.Now().Add(lim.Timeout)
	runCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	r := &run{ctx: runCtx, parent: ctx, host: host, lim: lim, out: out}
	if err := r.register(vm); err != nil {
		return out, tarn.Wrap(err, tarn.EINTERNAL, "", "could not start the script sandbox")
	}

	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-runCtx.Done():
			vm.Interrupt()
		case <-done:
		}
	}()

	// Every call into the VM gets only the time left: a zero timeout would
	// mean none at all.
	left := func() time.Duration { return max(time.Until(deadline), time.Microsecond) }
	vm.SetEvalTimeout(left())
	isPromise, err := vm.EvalValue(prelude, quickjs.EvalGlobal)
	if err != nil {
		if runCtx.Err() != nil {
			return out, r.stopErr()
		}
		return out, tarn.Wrap(err, tarn.EINTERNAL, "", "could not start the script sandbox")
	}
	defer isPromise.Free()
	if runCtx.Err() != nil {
		return out, r.stopErr()
	}
	vm.SetEvalTimeout(left())
	v, err := vm.EvalValue(script, quickjs.EvalGlobal)
	if err == nil {
		err = r.settle(vm, isPromise, v, left)
		v.Free()
	}
	return out, r.classify(err)
}

// settle runs the promise reactions of async code in the time left. When the
// script's value v is a promise, its rejection is the script's error.
func (r *run) settle(vm *quickjs.VM, isPromise, v quickjs.Value, left func() time.Duration) error {
	vm.SetEvalTimeout(left())
	ok, err := isPromise.Call(quickjs.UndefinedValue, v)
	if err != nil {
		return err
	}
	var rejected error
	if ok == true {
		vm.SetEvalTimeout(left())
		p, err := v.Then(nil, func(e quickjs.Value) { rejected = quickjs.ErrorFromValue(e) })
		if err != nil {
			return err
		}
		defer p.Free()
	}
	vm.SetEvalTimeout(left())
	if _, err := vm.ExecutePendingJobs(); err != nil {
		return err
	}
	return rejected
}

// classify turns what ended the script into the error Run returns. A broken
// limit wins even when the script caught the exception it threw.
func (r *run) classify(err error) error {
	if r.limitErr != nil {
		return r.limitErr
	}
	if err == nil {
		return nil
	}
	var qe *quickjs.Error
	if !errors.As(err, &qe) {
		return tarn.Wrap(err, tarn.EINTERNAL, "", "the script sandbox failed")
	}
	switch {
	case qe.Name == "InternalError" && qe.Message == "interrupted":
		return r.stopErr()
	case qe.Name == "InternalError" && qe.Message == "out of memory":
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrMemory, qe), tarn.ELIMIT,
			"aggregate in SQL instead of building large values in the script",
			"the script used more than %s of memory", bytesText(r.lim.Memory))
	case qe.Name == "InternalError" && qe.Message == "stack overflow":
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrMemory, qe), tarn.ELIMIT,
			"replace deep recursion with a loop",
			"the script recursed too deeply%s", where(qe))
	case qe.Name == "SyntaxError" && qe.LineNumber > 0:
		return tarn.Wrap(fmt.Errorf("%w: %v", ErrSyntax, qe), tarn.EINVALID,
			"fix the script and run it again",
			"syntax error at line %d, column %d: %s", qe.LineNumber, qe.ColumnNumber, qe.Message)
	case qe.Name == "TarnError":
		if herr := r.hostError(qe.Message); herr != nil {
			return herr
		}
	}
	what := qe.Error()
	if qe.Name != "" {
		what = qe.Name + ": " + qe.Message
	}
	return tarn.Wrap(fmt.Errorf("%w: %v", ErrException, qe), tarn.EINVALID,
		"fix the script or catch the exception",
		"the script threw %s%s", what, where(qe))
}

// stopErr is the error of a script stopped before its end: by its caller's
// context or by its own time limit.
func (r *run) stopErr() error {
	if err := r.parent.Err(); err != nil {
		return stopped(err)
	}
	return tarn.Wrap(ErrTimeout, tarn.ETIMEOUT,
		"avoid unbounded loops and let SQL do the heavy work",
		"the script ran longer than %s", r.lim.Timeout)
}

// stopped is the error of a script whose caller's context ended.
func stopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return tarn.Wrap(fmt.Errorf("%w: %w", ErrTimeout, err), tarn.ETIMEOUT,
			"ask again, or ask for less at once", "the script ran out of time before it finished")
	}
	return tarn.Wrap(fmt.Errorf("%w: %w", ErrTimeout, err), tarn.ETIMEOUT,
		"ask again if you still need the answer", "the script was cancelled before it finished")
}

// where returns " (at line L, column C)" from the innermost frame of qe's
// stack that is in the script, or "" when there is none.
func where(qe *quickjs.Error) string {
	for _, line := range strings.Split(qe.Stack, "\n") {
		i := strings.Index(line, "<eval>:")
		if i < 0 {
			continue
		}
		pos := strings.TrimRight(line[i+len("<eval>:"):], ")")
		lc := strings.SplitN(pos, ":", 2)
		if len(lc) == 2 {
			return fmt.Sprintf(" (at line %s, column %s)", lc[0], lc[1])
		}
		return " (at line " + lc[0] + ")"
	}
	return ""
}

func bytesText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
