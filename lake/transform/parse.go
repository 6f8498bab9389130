package transform

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
)

// frontMatter mirrors the YAML between the --- lines.
type frontMatter struct {
	Target          string        `yaml:"target"`
	Materialization string        `yaml:"materialization"`
	Cursor          string        `yaml:"cursor"`
	Keys            []string      `yaml:"keys"`
	Rollup          *rollupYAML   `yaml:"rollup"`
	DependsOn       []string      `yaml:"depends_on"`
	Schedule        string        `yaml:"schedule"`
	Owner           string        `yaml:"owner"`
	Description     string        `yaml:"description"`
	Tags            []string      `yaml:"tags"`
	Columns         yaml.Node     `yaml:"columns"`
	Partition       []string      `yaml:"partition"`
	Timeout         string        `yaml:"timeout"`
	Maintenance     *maintainYAML `yaml:"maintenance"`
	Source          yaml.Node     `yaml:"source"`
}

type rollupYAML struct {
	Source string `yaml:"source"`
	Time   string `yaml:"time"`
	Bucket string `yaml:"bucket"`
	Grain  string `yaml:"grain"`
}

type maintainYAML struct {
	Compact      bool   `yaml:"compact"`
	ExpireAfter  string `yaml:"expire_after"`
	RetainLast   int    `yaml:"retain_last"`
	Orphans      bool   `yaml:"orphans"`
	OrphansAfter string `yaml:"orphans_after"`
}

var (
	jobName    = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	columnName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	partExpr   = regexp.MustCompile(`^([a-z]+(?:\[[0-9]+\])?)\(([A-Za-z_][A-Za-z0-9_]*)\)$`)
)

// cronParser reads five-field cron expressions and descriptors such as
// @hourly and @every 10m.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseJob reads one job file: YAML front matter between two --- lines,
// then the SQL. name is the job's name (the file name without .sql) and
// path is shown in messages. It returns a *tarn.Error (EINVALID) wrapping
// ErrInvalidJob that names the file and what is wrong.
func ParseJob(name, path string, src []byte) (*Job, error) {
	bad := func(format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		return tarn.Wrap(fmt.Errorf("%w: %s: %s", ErrInvalidJob, path, msg), tarn.EINVALID,
			"See `tarn jobs --help` or the README's Transformer section for the job file format.", "Job %s: %s", path, msg)
	}
	if !jobName.MatchString(name) {
		return nil, bad("%q is not a job name: use lower-case letters, digits and underscores in the file name", name)
	}
	head, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, bad("%v", err)
	}
	var fm frontMatter
	dec := yaml.NewDecoder(bytes.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil && !errors.Is(err, io.EOF) {
		return nil, bad("the front matter is not valid: %v", yamlMessage(err))
	}
	j := &Job{Name: name, Path: path, SQL: strings.TrimSpace(string(body)), Owner: strings.TrimSpace(fm.Owner),
		Description: strings.TrimSpace(fm.Description), Tags: fm.Tags, Schedule: strings.TrimSpace(fm.Schedule),
		Materialization: Materialization(strings.TrimSpace(fm.Materialization)), Cursor: fm.Cursor, Keys: fm.Keys,
		DependsOn: fm.DependsOn, Timeout: time.Hour}
	if fm.Target == "" {
		return nil, bad("it has no target: name the table it writes, like target: fct.traffic_daily")
	}
	if j.Target, err = lake.ParseIdent(fm.Target); err != nil {
		return nil, bad("target %q is not a table name (namespace.table)", fm.Target)
	}
	if j.Schedule != "" {
		if j.Cron, err = cronParser.Parse(j.Schedule); err != nil {
			return nil, bad("schedule %q is not a cron expression (%v); write it like \"15 * * * *\" or @daily", j.Schedule, err)
		}
	}
	if fm.Timeout != "" {
		if j.Timeout, err = time.ParseDuration(fm.Timeout); err != nil || j.Timeout <= 0 {
			return nil, bad("timeout %q is not a duration; write it like 30m", fm.Timeout)
		}
	}
	for _, d := range j.DependsOn {
		if !jobName.MatchString(d) {
			return nil, bad("depends_on names %q, which is not a job name", d)
		}
	}
	if j.Columns, err = parseColumns(&fm.Columns); err != nil {
		return nil, bad("%v", err)
	}
	for _, p := range fm.Partition {
		f, err := parsePartition(p)
		if err != nil {
			return nil, bad("%v", err)
		}
		j.Partition = append(j.Partition, f)
	}
	if fm.Source.Kind != 0 {
		if j.Source, err = parseSource(&fm.Source); err != nil {
			return nil, bad("%v", err)
		}
		if err := checkSourceJob(j, fm); err != nil {
			return nil, bad("%v", err)
		}
		return j, nil
	}
	if err := checkMaterialization(j, fm); err != nil {
		return nil, bad("%v", err)
	}
	return j, nil
}

// checkMaterialization checks the fields each materialization needs.
func checkMaterialization(j *Job, fm frontMatter) error {
	if j.Materialization == "" {
		j.Materialization = FullReplace
	}
	if j.Materialization != Maintenance {
		if j.SQL == "" {
			return errors.New("it has no SQL after the front matter")
		}
		if j.Owner == "" {
			return errors.New("it has no owner: name the identity its SQL runs as, like owner: job:transformer")
		}
		if fm.Maintenance != nil {
			return errors.New("maintenance settings belong to a job with materialization: maintenance")
		}
	}
	if j.Cursor != "" && !columnName.MatchString(j.Cursor) {
		return fmt.Errorf("cursor %q is not a column name", j.Cursor)
	}
	switch j.Materialization {
	case FullReplace:
	case IncrementalAppend:
		if j.Cursor == "" {
			return errors.New("incremental_append needs a cursor: the column whose watermark it follows, like cursor: ts")
		}
	case Merge:
		if len(j.Keys) == 0 {
			return errors.New("merge needs keys: the columns that identify a row, like keys: [account_id]")
		}
		for _, k := range j.Keys {
			if !columnName.MatchString(k) {
				return fmt.Errorf("merge key %q is not a column name", k)
			}
		}
	case Rollup:
		return checkRollup(j, fm.Rollup)
	case Maintenance:
		return checkMaintenance(j, fm.Maintenance)
	default:
		return fmt.Errorf("materialization %q is unknown; use full_replace, incremental_append, merge, rollup or maintenance", j.Materialization)
	}
	return nil
}

func checkRollup(j *Job, r *rollupYAML) error {
	if r == nil || r.Time == "" || r.Bucket == "" {
		return errors.New("rollup needs rollup: {time: <source time column>, bucket: <output bucket column>, grain: minute|hour|day|month}")
	}
	j.Rollup = RollupSpec{Time: r.Time, Bucket: r.Bucket, Grain: strings.ToLower(strings.TrimSpace(r.Grain))}
	if j.Rollup.Grain == "" {
		j.Rollup.Grain = "day"
	}
	if _, ok := grains[j.Rollup.Grain]; !ok {
		return fmt.Errorf("rollup grain %q is unknown; use minute, hour, day or month", r.Grain)
	}
	if !columnName.MatchString(r.Time) || !columnName.MatchString(r.Bucket) {
		return errors.New("rollup time and bucket must be column names")
	}
	if r.Source != "" {
		src, err := lake.ParseIdent(r.Source)
		if err != nil {
			return fmt.Errorf("rollup source %q is not a table name", r.Source)
		}
		j.Rollup.Source = src
	}
	return nil
}

func checkMaintenance(j *Job, m *maintainYAML) error {
	if m == nil || (!m.Compact && m.ExpireAfter == "" && !m.Orphans) {
		return errors.New("a maintenance job needs maintenance: {compact: true, expire_after: 120h, orphans: true} (any of them)")
	}
	j.Maintain = MaintenanceSpec{Compact: m.Compact, Orphans: m.Orphans, RetainLast: max(m.RetainLast, 1)}
	var err error
	if m.ExpireAfter != "" {
		if j.Maintain.ExpireAfter, err = time.ParseDuration(m.ExpireAfter); err != nil || j.Maintain.ExpireAfter <= 0 {
			return fmt.Errorf("expire_after %q is not a duration; write it like 120h", m.ExpireAfter)
		}
	}
	if m.OrphansAfter != "" {
		if j.Maintain.OrphansAfter, err = time.ParseDuration(m.OrphansAfter); err != nil || j.Maintain.OrphansAfter <= 0 {
			return fmt.Errorf("orphans_after %q is not a duration; write it like 72h", m.OrphansAfter)
		}
	}
	return nil
}

// splitFrontMatter cuts "---\n<yaml>\n---\n<sql>".
func splitFrontMatter(src []byte) (head, body []byte, err error) {
	s := bytes.TrimLeft(src, "\ufeff \t\r\n")
	first, rest, ok := bytes.Cut(s, []byte("\n"))
	if !ok || strings.TrimSpace(string(first)) != "---" {
		return nil, nil, errors.New("it does not start with front matter: a line of ---, the YAML settings, another line of ---, then the SQL")
	}
	for off := 0; off <= len(rest); {
		line, after, found := bytes.Cut(rest[off:], []byte("\n"))
		if strings.TrimSpace(string(line)) == "---" {
			return rest[:off], after, nil
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	return nil, nil, errors.New("its front matter has no closing --- line")
}

// parseColumns reads columns: as a mapping of name to description (or to
// {description, pii}), keeping the order written.
func parseColumns(n *yaml.Node) ([]ColumnDoc, error) {
	if n.Kind == 0 {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("columns (line %d) must map column names to descriptions", n.Line)
	}
	var out []ColumnDoc
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		c := ColumnDoc{Name: k.Value}
		if !columnName.MatchString(c.Name) {
			return nil, fmt.Errorf("columns (line %d): %q is not a column name", k.Line, c.Name)
		}
		switch v.Kind {
		case yaml.ScalarNode:
			c.Description = v.Value
		case yaml.MappingNode:
			var d struct {
				Description string `yaml:"description"`
				PII         string `yaml:"pii"`
			}
			if err := v.Decode(&d); err != nil {
				return nil, fmt.Errorf("columns.%s (line %d): %v", c.Name, v.Line, err)
			}
			c.Description, c.PII = d.Description, d.PII
		default:
			return nil, fmt.Errorf("columns.%s (line %d) must be a description", c.Name, v.Line)
		}
		c.Description = strings.TrimSpace(c.Description)
		out = append(out, c)
	}
	return out, nil
}

// parsePartition reads "month(day)", "bucket[16](zone_id)" or "zone_id".
func parsePartition(s string) (lake.PartitionField, error) {
	s = strings.TrimSpace(s)
	if columnName.MatchString(s) {
		return lake.PartitionField{Column: s, Transform: "identity"}, nil
	}
	m := partExpr.FindStringSubmatch(s)
	if m == nil {
		return lake.PartitionField{}, fmt.Errorf("partition %q: write a column or transform(column), like month(day)", s)
	}
	if _, err := lake.ParseTransform(m[1]); err != nil {
		return lake.PartitionField{}, fmt.Errorf("partition %q: %s", s, tarn.ErrorMessage(err))
	}
	return lake.PartitionField{Column: m[2], Transform: m[1]}, nil
}

func yamlMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return err.Error()
}

// LoadDir reads every *.sql file directly in fsys's root as a job, in name
// order. It returns the first file's parse error (ErrInvalidJob), or
// ErrInvalidJob when the folder holds no job.
func LoadDir(fsys fs.FS, where string) ([]*Job, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, tarn.Wrap(fmt.Errorf("%w: %s: %v", ErrInvalidJob, where, err), tarn.EINVALID,
			"Point --dir (or jobs.dir) at the folder of job files.", "The jobs folder %s cannot be read.", where)
	}
	var jobs []*Job
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		j, err := ParseJob(strings.TrimSuffix(e.Name(), ".sql"), path.Join(where, e.Name()), src)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	if len(jobs) == 0 {
		return nil, tarn.Wrap(fmt.Errorf("%w: %s holds no .sql files", ErrInvalidJob, where), tarn.EINVALID,
			"Write a job as NAME.sql with YAML front matter; see the README's Transformer section.", "There are no jobs in %s.", where)
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].Name < jobs[b].Name })
	return jobs, nil
}
