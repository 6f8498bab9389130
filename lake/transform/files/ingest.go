package files

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
)

// Kind reads files sources of jobs (source: {kind: files, …}); it is the
// transform.SourceKind of kind "files".
type Kind struct {
	// Clock decides which files have settled; default the system's.
	Clock tarn.Clock
	// Lookup finds environment variables for ${NAME} in settings; default
	// os.LookupEnv.
	Lookup func(string) (string, bool)
	Logger *slog.Logger
}

// settings are a job's files source settings.
type settings struct {
	Path       string            `yaml:"path"`
	Format     string            `yaml:"format"`
	Header     *bool             `yaml:"header"`
	Delimiter  string            `yaml:"delimiter"`
	Types      map[string]string `yaml:"types"`
	BatchBytes int64             `yaml:"batch_bytes"`
	Settle     string            `yaml:"settle"`
	Name       string            `yaml:"name"`
	Hive       bool              `yaml:"hive_partitioning"`
}

// Open reads the job's settings and checks them without reading files. A
// relative path is relative to the job file's folder.
func (k Kind) Open(j *transform.Job) (transform.Ingester, error) {
	if j.Source.Follow {
		return nil, transform.SourceError(j, "a files source cannot follow; give the job a schedule instead")
	}
	var s settings
	if err := j.Source.Decode(j, &s, k.Lookup); err != nil {
		return nil, err
	}
	o := Options{Root: filepath.Dir(j.Path), Pattern: s.Path, Format: Format(s.Format), Header: s.Header == nil || *s.Header,
		Delimiter: s.Delimiter, Types: map[string]string{}, BatchBytes: s.BatchBytes, Name: s.Name, Hive: s.Hive,
		Replace: j.Materialization == transform.FullReplace}
	for c, t := range s.Types {
		o.Types[normalize(c)] = t
	}
	if o.Name == "" {
		o.Name = j.Name
	}
	if o.Delimiter == `\t` {
		o.Delimiter = "\t"
	}
	if s.Settle != "" {
		d, err := time.ParseDuration(s.Settle)
		if err != nil {
			return nil, transform.SourceError(j, "settle %q is not a duration; write it like 30s", s.Settle)
		}
		o.Settle = d
	}
	if err := o.check(); err != nil {
		return nil, transform.SourceError(j, "%v", err)
	}
	clock, log := k.Clock, k.Logger
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Ingester{o: o, clock: clock, log: log}, nil
}

// Ingester loads one job's files.
type Ingester struct {
	o     Options
	clock tarn.Clock
	log   *slog.Logger
}

// position is the value of the source's read position.
type position struct {
	Mode string `json:"mode"` // incremental or full
	// Last is the path of the last file committed (incremental).
	Last string `json:"last,omitempty"`
	// Fingerprint identifies the files a full load read.
	Fingerprint string `json:"fingerprint,omitempty"`
	Files       int    `json:"files"`
}

func (p position) String() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// Ingest reads what is new and commits it.
func (in *Ingester) Ingest(ctx context.Context, s *transform.Sink, ro transform.RunOptions) (transform.Ingested, error) {
	o := in.o
	out := transform.Ingested{Sources: []string{"files:" + o.Pattern}}
	key := o.PositionKey()
	from, err := s.Position(ctx, key)
	if err != nil {
		return out, err
	}
	out.Position = from
	var last position
	if from != "" {
		if err := json.Unmarshal([]byte(from), &last); err != nil || last.Mode != mode(o) {
			return out, tarn.Wrap(fmt.Errorf("%w: %s", ErrPosition, from), tarn.ECONFLICT,
				"Write to a new table, or give the source another name (name: …) to start over.",
				"%s was loaded by another kind of run (its position is %s); this job loads it with %s.", s.Job().Target, from, s.Job().Materialization)
		}
	}
	fs, err := list(o, in.clock.Now().Add(-o.Settle))
	if err != nil {
		code := tarn.EINTERNAL
		if errors.Is(err, os.ErrNotExist) {
			code = tarn.ENOTFOUND
		}
		return out, tarn.Wrap(fmt.Errorf("%w: listing %s: %w", ErrSource, o.Pattern, err), code,
			"Check the path in the job's source settings.", "The files at %s cannot be listed: %v", o.Pattern, err)
	}
	if o.Replace {
		return in.replace(ctx, s, fs, from, last, ro.Full, out)
	}
	var todo []file
	seen := 0
	for _, f := range fs {
		if f.rel > last.Last {
			todo = append(todo, f)
		} else {
			seen++
		}
	}
	// More files sort at or before the last one than were ingested: some
	// arrived late (or were ingested under another name and renamed).
	if late := seen - last.Files; late > 0 && last.Last != "" {
		in.log.Warn("files: files arrived under names that sort before the last one ingested; they are not read",
			"job", s.Job().Name, "files", late, "last", last.Last)
	}
	out.UpToDate = len(todo) == 0
	if out.UpToDate {
		return out, nil
	}
	d, err := openDuck(ctx)
	if err != nil {
		return out, readErr(ctx, err, "the files")
	}
	defer d.close()
	for _, b := range batches(todo, o.BatchBytes) {
		to := position{Mode: "incremental", Last: b[len(b)-1].rel, Files: last.Files + len(b)}
		n, snap, err := in.commit(ctx, s, d, b, false, key, from, to.String())
		if err != nil {
			return out, err
		}
		out.Rows += n
		out.Snapshot, out.Position, from, last = snap, to.String(), to.String(), to
		if err := s.Step(ctx, "batch"); err != nil {
			return out, err
		}
	}
	return out, nil
}

// replace reads every file and replaces the target, unless the files are
// those of the last load.
func (in *Ingester) replace(ctx context.Context, s *transform.Sink, fs []file, from string, last position, full bool, out transform.Ingested) (transform.Ingested, error) {
	if len(fs) == 0 {
		return out, tarn.Wrap(fmt.Errorf("%w: no files match %s", ErrSource, in.o.Pattern), tarn.ENOTFOUND,
			"Nothing was changed. Check the path; a full_replace job will not empty its table because its files are gone.",
			"No %s files match %s.", in.o.Format, in.o.Pattern)
	}
	to := position{Mode: "full", Fingerprint: fingerprint(fs), Files: len(fs)}
	if !full && to.Fingerprint == last.Fingerprint {
		out.UpToDate = true
		return out, nil
	}
	d, err := openDuck(ctx)
	if err != nil {
		return out, readErr(ctx, err, "the files")
	}
	defer d.close()
	n, snap, err := in.commit(ctx, s, d, fs, true, in.o.PositionKey(), from, to.String())
	if err != nil {
		return out, err
	}
	out.Rows, out.Snapshot, out.Position = n, snap, to.String()
	return out, nil
}

// commit reads one batch of files and writes it.
func (in *Ingester) commit(ctx context.Context, s *transform.Sink, d *duck, b []file, replace bool, key, from, to string) (int64, int64, error) {
	what := b[0].rel
	if len(b) > 1 {
		what = fmt.Sprintf("%d files (%s … %s)", len(b), b[0].rel, b[len(b)-1].rel)
	}
	rdr, err := d.read(ctx, in.o, b)
	if err != nil {
		return 0, 0, readErr(ctx, err, what)
	}
	defer rdr.Release()
	c, n, err := s.Write(ctx, rdr, replace, key, from, to)
	if err != nil {
		if rerr := rdr.Err(); rerr != nil {
			return 0, 0, readErr(ctx, rerr, what)
		}
		return 0, 0, err
	}
	return n, c.SnapshotID, nil
}

func mode(o Options) string {
	if o.Replace {
		return "full"
	}
	return "incremental"
}
