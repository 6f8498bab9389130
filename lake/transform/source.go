package transform

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tarn-data/tarn"
)

// SourceSpec is where an ingestion job reads from, as its front matter
// says under source: a kind (postgres, kafka, files) and the settings of
// that kind. The settings are read by the kind's SourceKind.
type SourceSpec struct {
	// Kind names the SourceKind that reads the settings.
	Kind string
	// Follow asks for a run that keeps ingesting until it is stopped
	// (tarn serve runs such jobs continuously rather than on a schedule).
	Follow bool
	// Settings are the other keys under source, as written.
	Settings yaml.Node
}

// Ingester loads one job's source into the job's target. Ingest commits
// exactly once per position: a run that dies leaves the target at its
// last committed position, and the next run resumes from there.
type Ingester interface {
	Ingest(ctx context.Context, s *Sink, o RunOptions) (Ingested, error)
}

// SourceKind reads a job's source settings and returns its ingester. Open
// checks the settings without connecting anywhere; it returns a
// *tarn.Error (EINVALID) naming the job and the setting at fault.
type SourceKind interface {
	Open(j *Job) (Ingester, error)
}

// Ingested says what one ingestion run did.
type Ingested struct {
	Rows     int64
	Snapshot int64
	// Position is the target's read position for the source after the run.
	Position string
	// UpToDate says there was nothing new to read.
	UpToDate bool
	// Created says the run created the target table.
	Created bool
	// Sources name what was read, for the target's lineage, such as
	// postgres:public.orders or kafka:clicks.
	Sources []string
}

// envRef is ${NAME} in a source setting.
var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Decode reads the settings into v (a struct with yaml tags), refusing
// unknown keys, after replacing each ${NAME} in a string value by the
// environment variable NAME as lookup finds it (os.LookupEnv when nil), so
// that secrets such as passwords stay out of job files. It returns a
// *tarn.Error (EINVALID) wrapping ErrInvalidJob that names the job file
// and the key or variable at fault.
func (s SourceSpec) Decode(j *Job, v any, lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	n, err := expandEnv(&s.Settings, lookup)
	if err != nil {
		return SourceError(j, "%v", err)
	}
	if err := n.Decode(v); err != nil {
		return SourceError(j, "its %s settings are not valid: %s", s.Kind, yamlMessage(err))
	}
	// Node.Decode has no KnownFields: decode the text again, strictly,
	// into a fresh value of v's type to find keys nobody reads.
	text, err := yaml.Marshal(n)
	if err != nil {
		return SourceError(j, "%v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	dec.KnownFields(true)
	if err := dec.Decode(reflect.New(reflect.TypeOf(v).Elem()).Interface()); err != nil {
		if m := unknownField.FindStringSubmatch(yamlMessage(err)); m != nil {
			return SourceError(j, "%s is not a setting of a %s source", m[1], s.Kind)
		}
		return SourceError(j, "its %s settings are not valid: %s", s.Kind, yamlMessage(err))
	}
	return nil
}

// unknownField matches yaml.v3's message for a key no field takes.
var unknownField = regexp.MustCompile(`field (\S+) not found in type`)

// SourceError is the error a SourceKind returns for a job's bad source
// settings: a *tarn.Error (EINVALID) wrapping ErrInvalidJob, naming the
// job file.
func SourceError(j *Job, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return tarn.Wrap(fmt.Errorf("%w: %s: source: %s", ErrInvalidJob, j.Path, msg), tarn.EINVALID,
		"See the README's Transformer section for the source settings of each kind.", "Job %s: source: %s", j.Path, msg)
}

// expandEnv returns a copy of n whose string scalars have ${NAME} replaced.
func expandEnv(n *yaml.Node, lookup func(string) (string, bool)) (*yaml.Node, error) {
	out := *n
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && strings.Contains(n.Value, "${") {
		var missing []string
		out.Value = envRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
			name := envRef.FindStringSubmatch(ref)[1]
			v, ok := lookup(name)
			if !ok {
				missing = append(missing, name)
			}
			return v
		})
		if len(missing) > 0 {
			return nil, fmt.Errorf("line %d names the environment variable %s, which is not set; set it, or write the value", n.Line, strings.Join(missing, ", "))
		}
		out.Tag, out.Style = "!!str", yaml.DoubleQuotedStyle
		return &out, nil
	}
	if len(n.Content) > 0 {
		out.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			e, err := expandEnv(c, lookup)
			if err != nil {
				return nil, err
			}
			out.Content[i] = e
		}
	}
	return &out, nil
}

// parseSource reads the front matter's source: a mapping with kind, an
// optional follow, and the kind's settings.
func parseSource(n *yaml.Node) (*SourceSpec, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("source (line %d) must be a mapping: kind: postgres|kafka|files and its settings", n.Line)
	}
	s := &SourceSpec{Settings: yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "kind":
			s.Kind = strings.ToLower(strings.TrimSpace(v.Value))
		case "follow":
			if err := v.Decode(&s.Follow); err != nil {
				return nil, fmt.Errorf("source.follow (line %d) must be true or false", v.Line)
			}
		default:
			s.Settings.Content = append(s.Settings.Content, k, v)
		}
	}
	if s.Kind == "" {
		return nil, errors.New("source needs a kind: postgres, kafka or files")
	}
	if !jobName.MatchString(s.Kind) {
		return nil, fmt.Errorf("source kind %q is not a kind; use postgres, kafka or files", s.Kind)
	}
	return s, nil
}

// checkSourceJob checks the fields of a job that ingests from a source.
func checkSourceJob(j *Job, fm frontMatter) error {
	if j.SQL != "" {
		return errors.New("a job with a source has no SQL: it loads the source as it is; write a second job that reads its target to transform it")
	}
	if fm.Maintenance != nil || fm.Rollup != nil || len(j.Keys) > 0 {
		return errors.New("a job with a source loads it with full_replace or incremental_append; merge, roll up or maintain its target in a second job")
	}
	if j.Cursor != "" && !columnName.MatchString(j.Cursor) {
		return fmt.Errorf("cursor %q is not a column name", j.Cursor)
	}
	switch j.Materialization {
	case "":
		j.Materialization = IncrementalAppend
		if j.Source.Kind == "postgres" && j.Cursor == "" {
			j.Materialization = FullReplace
		}
	case FullReplace, IncrementalAppend:
	default:
		return fmt.Errorf("a job with a source loads it with full_replace or incremental_append, not %s", j.Materialization)
	}
	if j.Source.Follow && j.Schedule != "" {
		return errors.New("a job that follows its source runs all the time under tarn serve: remove its schedule, or follow: true")
	}
	return nil
}
