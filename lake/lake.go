package lake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/iceberg-go"
	"github.com/apache/iceberg-go/catalog"
	sqlcat "github.com/apache/iceberg-go/catalog/sql"
	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/internal/filecache"
	"github.com/tarn-data/tarn/internal/lru"
	"github.com/tarn-data/tarn/store"
)

// Options configure a Lake.
type Options struct {
	// Store is the metadata database holding the Iceberg SQL catalog and
	// the annotations.
	Store *store.DB
	// Warehouse is where table files live: a local directory or a URL
	// (file:///..., s3://bucket/prefix).
	Warehouse string
	// CatalogName partitions the catalog tables; default "tarn".
	CatalogName string
	// IOProps are passed to iceberg-go's IO (credentials, endpoints).
	IOProps iceberg.Properties
	// TargetFileSize is the data file size writers and compaction aim for;
	// default 128 MiB.
	TargetFileSize int64
	// CommitRetries is how many times a conflicting commit is refreshed and
	// replayed before the writer gets ErrConflict; default 30.
	CommitRetries int
	// Allocator is used for Arrow memory Tarn allocates; default Go allocator.
	Allocator memory.Allocator
	// Clock stamps leases and grace periods; default the system clock.
	Clock tarn.Clock
	// CacheDir holds local copies of the data and delete files of a
	// warehouse in object storage, for readers that need local files (the
	// engine). Required for such a warehouse; unused for a local one.
	CacheDir string
	// CacheMaxBytes bounds the copies kept; default 10 GiB.
	CacheMaxBytes int64
}

// Lake is a set of Iceberg tables under one catalog and warehouse. It is safe
// for concurrent use.
type Lake struct {
	opts      Options
	cat       *sqlcat.Catalog
	tables    commitCatalog // what loaded tables commit through
	warehouse string        // URL form, without trailing slash

	locks sync.Map // table string -> *sync.Mutex serialising commits

	cacheMu sync.Mutex
	cache   map[Ident]*table.Table // last loaded version of each table

	leases leaseSet
	plans  *lru.Cache[string, *ScanPlan]
	files  *filecache.Cache // nil for a local warehouse
}

// Open connects a Lake to its catalog, creating the catalog tables if needed.
func Open(ctx context.Context, o Options) (*Lake, error) {
	if o.Store == nil {
		return nil, fmt.Errorf("%w: Options.Store is required", ErrInvalid)
	}
	if o.CatalogName == "" {
		o.CatalogName = "tarn"
	}
	if o.TargetFileSize <= 0 {
		o.TargetFileSize = 128 << 20
	}
	if o.CommitRetries <= 0 {
		o.CommitRetries = 30
	}
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	wh, err := warehouseURL(o.Warehouse)
	if err != nil {
		return nil, err
	}
	var d sqlcat.SupportedDialect
	switch o.Store.Dialect {
	case store.SQLite:
		d = sqlcat.SQLite
	case store.Postgres:
		d = sqlcat.Postgres
	default:
		return nil, fmt.Errorf("%w: unknown metadata dialect %q (want sqlite or postgres)", ErrInvalid, o.Store.Dialect)
	}
	// The catalog tables come from Tarn's migrations (see migrations/).
	props := iceberg.Properties{"warehouse": wh, "init_catalog_tables": "false"}
	for k, v := range o.IOProps {
		props[k] = v
	}
	cat, err := sqlcat.NewCatalog(o.CatalogName, o.Store.DB, d, props)
	if err != nil {
		return nil, fmt.Errorf("opening the Iceberg catalog: %w", err)
	}
	l := &Lake{opts: o, cat: cat, tables: commitCatalog{Catalog: cat}, warehouse: wh, cache: map[Ident]*table.Table{}, plans: lru.New[string, *ScanPlan](1024)}
	if err := l.openReadCache(); err != nil {
		cat.Close()
		return nil, err
	}
	return l, nil
}

// Close releases the catalog and the read cache. The metadata database
// stays open; it belongs to the caller.
func (l *Lake) Close() error {
	err := l.cat.Close()
	if l.files != nil {
		err = errors.Join(err, l.files.Close())
	}
	return err
}

// Warehouse returns the warehouse URL.
func (l *Lake) Warehouse() string { return l.warehouse }

// Allocator returns the allocator the lake uses for Arrow memory.
func (l *Lake) Allocator() memory.Allocator { return l.opts.Allocator }

// warehouseURL turns a directory into a file:// URL and creates it.
func warehouseURL(w string) (string, error) {
	if w == "" {
		return "", fmt.Errorf("%w: a warehouse location is required", ErrInvalid)
	}
	if strings.Contains(w, "://") {
		if p, ok := strings.CutPrefix(w, "file://"); ok {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return "", err
			}
		}
		return strings.TrimRight(w, "/"), nil
	}
	abs, err := filepath.Abs(w)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", fmt.Errorf("creating the warehouse directory: %w", err)
	}
	return "file://" + filepath.ToSlash(abs), nil
}

// LocalPath returns the local file path of a file:// location, or "" if the
// location is not on local disk.
func LocalPath(location string) string {
	if p, ok := strings.CutPrefix(location, "file://"); ok {
		return p
	}
	if strings.HasPrefix(location, "/") {
		return location
	}
	return ""
}

// CreateNamespace creates a namespace if it does not exist.
func (l *Lake) CreateNamespace(ctx context.Context, ns string, props map[string]string) error {
	if err := (Ident{Namespace: ns, Name: "x"}).Validate(); err != nil {
		return err
	}
	err := l.cat.CreateNamespace(ctx, table.Identifier{ns}, props)
	if err != nil && !errors.Is(err, catalog.ErrNamespaceAlreadyExists) {
		return fmt.Errorf("creating namespace %s: %w", ns, err)
	}
	return nil
}

// Namespaces lists namespaces in name order.
func (l *Lake) Namespaces(ctx context.Context) ([]string, error) {
	ids, err := l.cat.ListNamespaces(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, strings.Join(id, "."))
	}
	sortStrings(out)
	return out, nil
}

// Tables lists the tables of a namespace, or of all namespaces if ns is "".
func (l *Lake) Tables(ctx context.Context, ns string) ([]Ident, error) {
	nss := []string{ns}
	if ns == "" {
		var err error
		if nss, err = l.Namespaces(ctx); err != nil {
			return nil, err
		}
	}
	var out []Ident
	for _, n := range nss {
		for id, err := range l.cat.ListTables(ctx, table.Identifier{n}) {
			if err != nil {
				if errors.Is(err, catalog.ErrNoSuchNamespace) {
					return nil, notFoundNamespace(n)
				}
				return nil, err
			}
			out = append(out, Ident{Namespace: strings.Join(id[:len(id)-1], "."), Name: id[len(id)-1]})
		}
	}
	sortIdents(out)
	return out, nil
}

// DropTable removes a table from the catalog and deletes its files.
func (l *Lake) DropTable(ctx context.Context, id Ident) error {
	if err := l.cat.PurgeTable(ctx, id.iceberg()); err != nil {
		if errors.Is(err, catalog.ErrNoSuchTable) {
			return l.notFound(ctx, id)
		}
		return err
	}
	l.cacheMu.Lock()
	delete(l.cache, id)
	l.cacheMu.Unlock()
	return nil
}

// Load returns the current version of a table. Loads are cached by metadata
// location, so a table that has not changed is not re-read.
func (l *Lake) Load(ctx context.Context, id Ident) (*table.Table, error) {
	loc, err := l.metadataLocation(ctx, id)
	if err != nil {
		return nil, err
	}
	l.cacheMu.Lock()
	t := l.cache[id]
	l.cacheMu.Unlock()
	if t != nil && t.MetadataLocation() == loc {
		return t, nil
	}
	t, err = l.tables.LoadTable(ctx, id.iceberg())
	if err != nil {
		if errors.Is(err, catalog.ErrNoSuchTable) || errors.Is(err, catalog.ErrNoSuchNamespace) {
			return nil, l.notFound(ctx, id)
		}
		return nil, fmt.Errorf("loading %s: %w", id, err)
	}
	return l.remember(id, t), nil
}

// remember caches t as the last loaded version of id, bound to the commit
// catalog, and returns the cached table.
func (l *Lake) remember(id Ident, t *table.Table) *table.Table {
	t = l.tables.adopt(t)
	l.cacheMu.Lock()
	l.cache[id] = t
	l.cacheMu.Unlock()
	return t
}

// commitCatalog is the SQL catalog as Tarn's tables see it when they commit.
// iceberg-go v0.7's SQL catalog checks a transaction's "branch main is still
// at snapshot N" requirement against the table it has just re-read, and
// reports a failure as a plain error. When another process committed first,
// that failure is a lost race like a failed compare-and-swap, so it is
// reported as table.ErrCommitFailed: the table then refreshes, rebuilds its
// manifest list on top of the other writer's snapshot and tries again
// (commit.retry.* properties), instead of failing the write.
//
// positions, when set, are read positions the commit requires (see
// AppendFrom): they are checked against the table the catalog re-reads, in
// the same compare-and-swap, on every try including replays.
type commitCatalog struct {
	*sqlcat.Catalog
	positions map[string]string
}

// LoadTable loads a table bound to this catalog.
func (c commitCatalog) LoadTable(ctx context.Context, ident table.Identifier) (*table.Table, error) {
	t, err := c.Catalog.LoadTable(ctx, ident)
	if err != nil {
		return nil, err
	}
	return c.adopt(t), nil
}

// CommitTable commits through the SQL catalog, reporting a branch that moved
// underneath the commit as table.ErrCommitFailed.
func (c commitCatalog) CommitTable(ctx context.Context, ident table.Identifier, reqs []table.Requirement, updates []table.Update) (table.Metadata, string, error) {
	if len(c.positions) > 0 {
		reqs = append(slices.Clip(reqs), positionRequirement{c.positions})
	}
	meta, loc, err := c.Catalog.CommitTable(ctx, ident, reqs, updates)
	if err != nil && !errors.Is(err, table.ErrCommitFailed) && branchMoved(err) {
		err = fmt.Errorf("%w: %w", table.ErrCommitFailed, err)
	}
	return meta, loc, err
}

// adopt returns t bound to this catalog, so that its commits and its
// refreshes between retries go through c.
func (c commitCatalog) adopt(t *table.Table) *table.Table {
	return table.New(t.Identifier(), t.Metadata(), t.MetadataLocation(), t.FS, c)
}

// requiring returns t bound to a catalog that commits it only while the
// table's positions are cond.
func (c commitCatalog) requiring(t *table.Table, cond map[string]string) *table.Table {
	return commitCatalog{c.Catalog, cond}.adopt(t)
}

// branchMoved reports whether err is iceberg-go's failed requirement that a
// branch still points at the snapshot a transaction started from (or did
// not exist yet): the error a commit gets when another writer won. Nothing
// was written to the catalog when it is returned.
func branchMoved(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "requirement failed: branch") &&
		(strings.Contains(msg, "has changed") || strings.Contains(msg, "was created concurrently"))
}

// requirementFailed reports whether err is any failed commit requirement of
// iceberg-go (branch head, schema, partition spec, table UUID…): the commit
// was refused before anything was written.
func requirementFailed(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "requirement failed")
}

// metadataLocation reads the table's current metadata pointer straight from
// the catalog table: one indexed lookup, much cheaper than a full load.
func (l *Lake) metadataLocation(ctx context.Context, id Ident) (string, error) {
	q := l.opts.Store.Rebind(`SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)`)
	var loc sql.NullString
	err := l.opts.Store.QueryRowContext(ctx, q, l.opts.CatalogName, id.Namespace, id.Name).Scan(&loc)
	if errors.Is(err, sql.ErrNoRows) {
		return "", l.notFound(ctx, id)
	}
	if err != nil {
		return "", fmt.Errorf("reading the catalog entry of %s: %w", id, err)
	}
	return loc.String, nil
}

func (l *Lake) notFound(ctx context.Context, id Ident) error {
	all, _ := l.Tables(ctx, "")
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.String()
	}
	hint := "Run `tarn tables` to see the tables there are."
	if s := Closest(id.String(), names, 3); len(s) > 0 {
		hint = "Did you mean " + strings.Join(s, ", ") + "?"
	}
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrNoSuchTable, id), tarn.ENOTFOUND, hint, "There is no table %s.", id)
}

func notFoundNamespace(ns string) error {
	return tarn.Wrap(fmt.Errorf("%w: %s", ErrNoSuchNamespace, ns), tarn.ENOTFOUND,
		"Run `tarn tables` to see the namespaces there are.", "There is no namespace %s.", ns)
}

func (l *Lake) lock(id Ident) *sync.Mutex {
	m, _ := l.locks.LoadOrStore(id.String(), &sync.Mutex{})
	return m.(*sync.Mutex)
}

// tableProps are set on every table Tarn creates.
func (l *Lake) tableProps(extra map[string]string) iceberg.Properties {
	p := iceberg.Properties{
		"format-version":                   "2",
		table.WriteDeleteModeKey:           table.WriteModeMergeOnRead,
		table.WriteTargetFileSizeBytesKey:  strconv.FormatInt(l.opts.TargetFileSize, 10),
		table.CommitNumRetriesKey:          strconv.Itoa(l.opts.CommitRetries),
		table.CommitMinRetryWaitMsKey:      "5",
		table.CommitMaxRetryWaitMsKey:      "500",
		table.CommitTotalRetryTimeoutMsKey: "120000",
		"write.parquet.compression-codec":  "zstd",
		// Fast zstd: the files are read far more often than they are
		// written, but level 1 keeps most of the ratio at a fraction of the
		// cost. A smaller dictionary budget makes high-cardinality columns
		// (timestamps, byte counts, addresses) give up on dictionaries early.
		"write.parquet.compression-level":            "1",
		"write.parquet.dict-size-bytes":              "262144",
		"write.metadata.delete-after-commit.enabled": "false",
	}
	for k, v := range extra {
		p[k] = v
	}
	return p
}
