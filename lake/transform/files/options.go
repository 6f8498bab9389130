package files

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tarn-data/tarn/lake"
)

// Sentinel errors, wrapped sentinel-first inside *tarn.Error.
var (
	// ErrMalformed says a file cannot be read as its format: a bad value
	// for its column's type, broken quoting, not Parquet (tarn.EINVALID).
	// Nothing of the batch holding it was committed.
	ErrMalformed = errors.New("malformed file")
	// ErrSource says the folder or a file could not be listed or opened
	// (tarn.EINTERNAL, tarn.ENOTFOUND, or tarn.ETIMEOUT when cancelled).
	ErrSource = errors.New("files source failed")
	// ErrPosition says the target's position was recorded by another kind
	// of run (tarn.ECONFLICT).
	ErrPosition = errors.New("position recorded by another kind of run")
)

// Format is how files are read.
type Format string

// The formats.
const (
	CSV     Format = "csv"
	Parquet Format = "parquet"
	JSONL   Format = "jsonl"
)

// DefaultBatchBytes is how many bytes of files an incremental run commits
// at a time when Options.BatchBytes is 0.
const DefaultBatchBytes = 256 << 20

// Options say what to read and where.
type Options struct {
	// Root is the folder Pattern is relative to.
	Root string
	// Pattern selects files under Root: a path with * ? [...] in a
	// segment and ** for any number of folders, or a folder (every file
	// under it with the format's extension), or one file.
	Pattern string
	Format  Format
	// Header says CSV files start with a header row (default true).
	Header bool
	// Delimiter is the CSV field delimiter; "" lets DuckDB sniff it.
	Delimiter string
	// Hive adds the key=value folders of a file's path (dt=2026-12-01) as
	// columns.
	Hive bool
	// Types declare DuckDB types for columns (by name), overriding
	// inference; e.g. {zip: VARCHAR, amount: DECIMAL(12,2)}.
	Types map[string]string
	// BatchBytes bounds the bytes of files one incremental commit holds
	// (at least one file per commit).
	BatchBytes int64
	// Settle leaves files modified less than this long ago for the next
	// run.
	Settle time.Duration
	// Name identifies the source in the target's read position.
	Name string
	// Replace reads every file and replaces the target (full_replace).
	Replace bool
}

// PositionKey is the snapshot summary key of o's read position.
func (o Options) PositionKey() string { return lake.PositionPrefix + "files." + o.Name }

var (
	namePattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)
	typePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]+\))?(\[\])?$`)
)

// extensions are the file name endings of each format.
var extensions = map[Format][]string{
	CSV:     {".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt"},
	Parquet: {".parquet", ".parq"},
	JSONL:   {".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz"},
}

// formatOf guesses a format from a pattern's extension.
func formatOf(p string) Format {
	p = strings.ToLower(p)
	for _, f := range []Format{CSV, Parquet, JSONL} {
		for _, ext := range extensions[f] {
			if strings.HasSuffix(p, ext) {
				return f
			}
		}
	}
	return ""
}

// check validates o and fills in defaults; it returns a plain error
// message for the job's SourceError.
func (o *Options) check() error {
	if strings.TrimSpace(o.Pattern) == "" {
		return errors.New("a files source needs a path: a folder, a file, or a pattern such as landing/orders/*.csv")
	}
	if !filepath.IsAbs(o.Pattern) {
		o.Pattern = filepath.Join(o.Root, o.Pattern)
	}
	o.Pattern = filepath.ToSlash(filepath.Clean(o.Pattern))
	switch Format(strings.ToLower(string(o.Format))) {
	case "":
		if o.Format = formatOf(o.Pattern); o.Format == "" {
			return fmt.Errorf("the format of %s is not clear from its name: set format to csv, parquet or jsonl", o.Pattern)
		}
	case CSV, Parquet, JSONL:
		o.Format = Format(strings.ToLower(string(o.Format)))
	default:
		return fmt.Errorf("format %q is unknown; use csv, parquet or jsonl", o.Format)
	}
	if len([]rune(o.Delimiter)) > 1 && o.Delimiter != `\t` {
		return fmt.Errorf("delimiter %q must be one character", o.Delimiter)
	}
	for c, t := range o.Types {
		if err := (lake.Ident{Namespace: "x", Name: strings.ToLower(c)}).Validate(); err != nil {
			return fmt.Errorf("types: %q is not a column name", c)
		}
		if !typePattern.MatchString(strings.TrimSpace(t)) {
			return fmt.Errorf("types: %q (column %s) is not a type; write DuckDB types such as VARCHAR, BIGINT, DECIMAL(12,2), TIMESTAMP", t, c)
		}
	}
	if o.BatchBytes < 0 || o.Settle < 0 {
		return errors.New("batch_bytes and settle must not be negative")
	}
	if o.BatchBytes == 0 {
		o.BatchBytes = DefaultBatchBytes
	}
	if !namePattern.MatchString(o.Name) {
		return fmt.Errorf("%q is not a valid source name; use letters, digits, '_', '.' and '-'", o.Name)
	}
	return nil
}

// sortedTypes lists the declared types in column order, for the SQL.
func (o Options) sortedTypes() [][2]string {
	out := make([][2]string, 0, len(o.Types))
	for c, t := range o.Types {
		out = append(out, [2]string{c, strings.TrimSpace(t)})
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// hasMeta says a path segment is a pattern.
func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// split cuts a pattern into the folder to walk and the pattern below it
// ("" when the pattern names a folder or a file).
func split(pattern string) (base, rest string) {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if hasMeta(s) {
			base = strings.Join(segs[:i], "/")
			if base == "" {
				base = "/"
			}
			return base, path.Join(segs[i:]...)
		}
	}
	return pattern, ""
}
