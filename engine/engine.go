package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine/guard"
	"github.com/tarn-data/tarn/internal/lru"
	"github.com/tarn-data/tarn/lake"
)

// Options configure an Engine.
type Options struct {
	// MemoryLimit caps DuckDB's memory, e.g. "2GB"; default 80% of RAM as
	// DuckDB decides.
	MemoryLimit string
	// Threads DuckDB may use; 0 means all cores.
	Threads int
	// Timeout bounds each query; default 60s.
	Timeout time.Duration
	// MaxRows bounds each result; default 10,000. Larger results are cut
	// and marked truncated. math.MaxInt32 or more means no limit.
	MaxRows int
	// Connections is how many queries may run at once; default 4.
	Connections int
	// TempDir is where DuckDB may spill; default a directory under the
	// warehouse's parent.
	TempDir string
	// Policy decides per query; default AllowAll.
	Policy Policy
	// Log receives a record of every query, allowed or refused; optional.
	Log QueryLog
	// Remote, when set, runs the queries it can run as DuckDB would (see
	// Remote); optional.
	Remote Remote
	// Clock times queries; default the system clock.
	Clock tarn.Clock
}

// Engine runs SQL over a lake. It is safe for concurrent use.
type Engine struct {
	lake   *lake.Lake
	opts   Options
	parser *guard.Parser
	conn   *duckdb.Connector
	pool   chan *duckdb.Conn
	parsed *lru.Cache[string, parsed]
	once   sync.Once
	// planned, in tests, is called after a reference was planned and
	// before its files are leased.
	planned func(lake.Ident)
}

// New starts an embedded DuckDB locked down for untrusted SQL: external
// access limited to the warehouse (or, for a warehouse in object storage,
// the lake's read cache) and temp directories, configuration locked.
func New(ctx context.Context, lk *lake.Lake, o Options) (*Engine, error) {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxRows <= 0 {
		o.MaxRows = 10_000
	}
	if o.Connections <= 0 {
		o.Connections = 4
	}
	if o.Policy == nil {
		o.Policy = AllowAll{}
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	// DuckDB reads a local warehouse in place, and a remote one's files
	// from the lake's read cache; nothing else.
	dir := lake.LocalPath(lk.Warehouse())
	if dir == "" {
		dir = lk.CacheDir()
	}
	if dir == "" {
		return nil, fmt.Errorf("%w: warehouse %s is not local and has no read cache", ErrUnsupported, lk.Warehouse())
	}
	if o.TempDir == "" {
		o.TempDir = filepath.Join(filepath.Dir(dir), "duckdb-tmp")
	}
	if err := os.MkdirAll(o.TempDir, 0o755); err != nil {
		return nil, err
	}
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("starting DuckDB: %w", err)
	}
	e := &Engine{lake: lk, opts: o, conn: c, pool: make(chan *duckdb.Conn, o.Connections), parsed: lru.New[string, parsed](512)}
	settings := []string{
		fmt.Sprintf("SET temp_directory = %s", quoteString(o.TempDir)),
		fmt.Sprintf("SET allowed_directories = [%s, %s]", quoteString(strings.TrimRight(dir, "/")+"/"), quoteString(strings.TrimRight(o.TempDir, "/")+"/")),
		// Data files are immutable (new data gets new file names), so
		// their Parquet footers can be cached across queries.
		"SET parquet_metadata_cache = true",
		// Timestamps with a time zone are shown and compared in UTC, as
		// the guard assumes when it derives pruning filters.
		"SET TimeZone = 'UTC'",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET enable_external_access = false",
	}
	if o.MemoryLimit != "" {
		settings = append(settings, fmt.Sprintf("SET memory_limit = %s", quoteString(o.MemoryLimit)))
	}
	if o.Threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", o.Threads))
	}
	settings = append(settings, "SET lock_configuration = true")
	first, err := e.connect(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	for _, s := range settings {
		if _, err := first.ExecContext(ctx, s, nil); err != nil {
			first.Close()
			c.Close()
			return nil, fmt.Errorf("configuring DuckDB (%s): %w", s, err)
		}
	}
	e.pool <- first
	for i := 1; i < o.Connections; i++ {
		cn, err := e.connect(ctx)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.pool <- cn
	}
	if e.parser, err = guard.NewParser(); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) connect(ctx context.Context) (*duckdb.Conn, error) {
	dc, err := e.conn.Connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("connecting to DuckDB: %w", err)
	}
	return dc.(*duckdb.Conn), nil
}

// Lake returns the lake the engine reads.
func (e *Engine) Lake() *lake.Lake { return e.lake }

// Close stops the engine. Queries still running fail.
func (e *Engine) Close() error {
	e.once.Do(func() {
		close(e.pool)
		for c := range e.pool {
			c.Close()
		}
		if e.parser != nil {
			e.parser.Close()
		}
		e.conn.Close()
	})
	return nil
}

// acquire takes a connection from the pool, waiting while all are busy.
func (e *Engine) acquire(ctx context.Context) (*duckdb.Conn, error) {
	select {
	case c, ok := <-e.pool:
		if !ok {
			return nil, ErrClosed
		}
		return c, nil
	case <-ctx.Done():
		return nil, tarn.Wrap(ctx.Err(), tarn.ETIMEOUT, "Try again when fewer queries are running.", "The query waited too long for a free engine connection.")
	}
}

func (e *Engine) release(c *duckdb.Conn) {
	defer func() { recover() }() // the pool is closed: drop the connection
	e.pool <- c
}

var _ driver.ExecerContext = (*duckdb.Conn)(nil)

// Allocator is the allocator used for Arrow memory the engine creates.
func (e *Engine) Allocator() memory.Allocator { return e.lake.Allocator() }

// ArrowQuerier runs a query on one DuckDB connection and streams the result
// as Arrow. DuckDB's Arrow interface needs the duckdb_arrow build tag; a
// build without it fails here with a clear error instead of not compiling.
type ArrowQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (array.RecordReader, error)
}
