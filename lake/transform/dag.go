package transform

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// TableReader finds the lake tables a SQL statement reads; the engine's
// guard parser is one (GuardTables).
type TableReader interface {
	Tables(ctx context.Context, sql string) ([]lake.Ident, error)
}

// DAG is a validated folder of jobs in dependency order.
type DAG struct {
	byName map[string]*Job
	order  []*Job
}

// NewDAG validates jobs and orders them so that every job comes after the
// jobs it needs: those it names in depends_on and, when tr is not nil,
// those whose target its SQL reads (and, for a maintenance job, the job
// that builds its table). Ties keep name order.
//
// It returns a *tarn.Error (EINVALID) wrapping ErrUnknownDependency naming
// the job and the missing name, ErrCycle naming the jobs of the circle in
// order, ErrInvalidJob for two jobs of one name or two jobs building one
// table, or the parser's error for SQL it refuses.
func NewDAG(ctx context.Context, jobs []*Job, tr TableReader) (*DAG, error) {
	d := &DAG{byName: map[string]*Job{}}
	builders := map[lake.Ident]*Job{}
	for _, j := range jobs {
		if o, dup := d.byName[j.Name]; dup {
			return nil, invalidf(ErrInvalidJob, "", "Two jobs are named %s (%s and %s).", j.Name, o.Path, j.Path)
		}
		d.byName[j.Name] = j
		if j.Materialization == Maintenance {
			continue
		}
		if o, dup := builders[j.Target]; dup {
			return nil, invalidf(ErrInvalidJob, "Let one job build each table; others can depend on it.",
				"Jobs %s and %s both build %s.", o.Name, j.Name, j.Target)
		}
		builders[j.Target] = j
	}
	for _, j := range jobs {
		needs := map[string]bool{}
		for _, dep := range j.DependsOn {
			if _, ok := d.byName[dep]; !ok {
				hint := "Check the name against the job files' names."
				if s := lake.Closest(dep, d.names(), 3); len(s) > 0 {
					hint = "Did you mean " + strings.Join(s, ", ") + "?"
				}
				return nil, invalidf(ErrUnknownDependency, hint, "Job %s depends on %s, which is not a job in the folder.", j.Name, dep)
			}
			needs[dep] = true
		}
		if j.Materialization == Maintenance {
			if b := builders[j.Target]; b != nil {
				needs[b.Name] = true
			}
		} else if tr != nil && j.Source == nil {
			srcs, err := tr.Tables(ctx, j.SQL)
			if err != nil {
				return nil, tarn.Wrap(fmt.Errorf("%w: %s: %w", ErrInvalidJob, j.Name, err), tarn.EINVALID, tarn.ErrorHint(err),
					"Job %s: its SQL is refused: %s", j.Name, tarn.ErrorMessage(err))
			}
			j.Sources = srcs
			for _, s := range srcs {
				if b := builders[s]; b != nil && b != j {
					needs[b.Name] = true
				}
			}
		}
		j.Needs = j.Needs[:0]
		for n := range needs {
			j.Needs = append(j.Needs, n)
		}
		sort.Strings(j.Needs)
	}
	if cyc := findCycle(jobs, d.byName); cyc != nil {
		return nil, invalidf(ErrCycle, "Remove one of these dependencies (depends_on, or a table read).",
			"Jobs depend on each other in a circle: %s.", strings.Join(cyc, " → "))
	}
	d.order = topoOrder(jobs, d.byName)
	return d, nil
}

func invalidf(sentinel error, hint, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s", sentinel, msg), tarn.EINVALID, hint, "%s", msg)
}

func (d *DAG) names() []string {
	out := make([]string, 0, len(d.byName))
	for n := range d.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Order returns every job, each after the jobs it needs.
func (d *DAG) Order() []*Job { return slices.Clone(d.order) }

// Job returns the job of a name, or a *tarn.Error (ENOTFOUND) wrapping
// ErrUnknownJob with the closest names.
func (d *DAG) Job(name string) (*Job, error) {
	if j, ok := d.byName[name]; ok {
		return j, nil
	}
	hint := "Run `tarn jobs plan` to list the jobs."
	if s := lake.Closest(name, d.names(), 3); len(s) > 0 {
		hint = "Did you mean " + strings.Join(s, ", ") + "?"
	}
	return nil, tarn.Wrap(fmt.Errorf("%w: %s", ErrUnknownJob, name), tarn.ENOTFOUND, hint, "There is no job %s.", name)
}

// Closure returns the named jobs and every job they need, transitively,
// in dependency order. It returns ErrUnknownJob like Job.
func (d *DAG) Closure(names ...string) ([]*Job, error) {
	want := map[string]bool{}
	var visit func(n string)
	visit = func(n string) {
		if want[n] {
			return
		}
		want[n] = true
		for _, dep := range d.byName[n].Needs {
			visit(dep)
		}
	}
	for _, n := range names {
		if _, err := d.Job(n); err != nil {
			return nil, err
		}
		visit(n)
	}
	var out []*Job
	for _, j := range d.order {
		if want[j.Name] {
			out = append(out, j)
		}
	}
	return out, nil
}

// findCycle returns the names along one dependency circle, the first name
// repeated at the end, or nil when there is none.
func findCycle(jobs []*Job, byName map[string]*Job) []string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var found []string
	var visit func(n string) bool
	visit = func(n string) bool {
		state[n] = active
		stack = append(stack, n)
		for _, dep := range byName[n].Needs {
			switch state[dep] {
			case active:
				i := slices.Index(stack, dep)
				found = append(slices.Clone(stack[i:]), dep)
				return true
			case unseen:
				if visit(dep) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return false
	}
	for _, j := range jobs {
		if state[j.Name] == unseen && visit(j.Name) {
			// Needs point from a job to what it needs; show the circle in
			// the order things run: what is needed first.
			slices.Reverse(found)
			return found
		}
	}
	return nil
}

// topoOrder is Kahn's algorithm, taking ready jobs in name order.
func topoOrder(jobs []*Job, byName map[string]*Job) []*Job {
	waiting := map[string]int{}
	users := map[string][]string{}
	for _, j := range jobs {
		waiting[j.Name] = len(j.Needs)
		for _, dep := range j.Needs {
			users[dep] = append(users[dep], j.Name)
		}
	}
	var ready []string
	for _, j := range jobs {
		if waiting[j.Name] == 0 {
			ready = append(ready, j.Name)
		}
	}
	var out []*Job
	for len(ready) > 0 {
		sort.Strings(ready)
		n := ready[0]
		ready = ready[1:]
		out = append(out, byName[n])
		for _, u := range users[n] {
			if waiting[u]--; waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	return out
}
