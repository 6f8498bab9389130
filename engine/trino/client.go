package trino

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	trinoclient "github.com/trinodb/trino-go-client/trino"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/engine"
)

// Catalog is the Trino catalog that holds the lake: the name of Trino's
// catalog properties file (etc/catalog/tarn.properties) and the catalog
// Tarn's rules document grants read access to.
const Catalog = "tarn"

// userHeader is the header a query's user travels in; trino-go-client
// sends named arguments with this prefix as headers on every request of
// the query (the statement, each page, the cancel).
const userHeader = "X-Trino-User"

// Options configure a Client.
type Options struct {
	// DSN is the coordinator in trino-go-client's form, e.g.
	// http://tarn@trino:8080?catalog=tarn. The catalog defaults to Catalog
	// and may not name another; the user is only the connection's default,
	// as each query runs as its caller.
	DSN string
	// HTTPClient replaces the client's own; optional (tests).
	HTTPClient *http.Client
	// Allocator holds the Arrow results; default the Go allocator.
	Allocator memory.Allocator
	// BatchRows is how many rows one Arrow record batch holds; default 4096.
	BatchRows int
}

// Client runs queries on a Trino coordinator. It implements engine.Remote
// and is safe for concurrent use.
type Client struct {
	db    *sql.DB
	host  string
	alloc memory.Allocator
	batch int
}

var _ engine.Remote = (*Client)(nil)

// Open checks the DSN and returns a Client. It does not contact the
// coordinator. Errors are *tarn.Error values with code EINVALID wrapping
// ErrConfig; they never repeat the DSN, which may hold a password.
func Open(o Options) (*Client, error) {
	cfg, err := trinoclient.ParseDSN(o.DSN)
	if err != nil {
		// url.Error repeats the URL, which may hold a password.
		detail := err
		var ue *url.Error
		if errors.As(err, &ue) {
			detail = ue.Err
		}
		return nil, tarn.Wrap(fmt.Errorf("%w: %v", ErrConfig, detail), tarn.EINVALID,
			"Write it like http://tarn@trino:8080?catalog=tarn.", "engine.trino.url is not a Trino address: %v", detail)
	}
	u, err := url.Parse(cfg.ServerURI)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, tarn.Wrap(fmt.Errorf("%w: server %q", ErrConfig, cfg.ServerURI), tarn.EINVALID,
			"Write it like http://tarn@trino:8080?catalog=tarn.", "engine.trino.url needs http:// or https:// and a host.")
	}
	switch cfg.Catalog {
	case "":
		cfg.Catalog = Catalog
	case Catalog:
	default:
		return nil, tarn.Wrap(fmt.Errorf("%w: catalog %q", ErrConfig, cfg.Catalog), tarn.EINVALID,
			"Name Trino's catalog of the lake "+Catalog+" (etc/catalog/"+Catalog+".properties) and drop catalog= from the URL.",
			"engine.trino.url names catalog %q, but Tarn's access rules for Trino cover the catalog %q.", cfg.Catalog, Catalog)
	}
	// Tables are namespace.table; a default schema would only let an
	// unqualified name mean something else on Trino.
	cfg.Schema = ""
	if cfg.TimeZone == "" {
		// Timestamps without a zone are read as UTC, as DuckDB's are.
		cfg.TimeZone = "UTC"
	}
	if cfg.Source == "" {
		cfg.Source = "tarn"
	}
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	conn, err := trinoclient.NewConnector(cfg)
	if err != nil {
		return nil, tarn.Wrap(fmt.Errorf("%w: %v", ErrConfig, err), tarn.EINVALID,
			"Check the settings in engine.trino.url against trino-go-client's DSN parameters.", "engine.trino.url cannot be used: %v", err)
	}
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	if o.BatchRows <= 0 {
		o.BatchRows = 4096
	}
	return &Client{db: sql.OpenDB(conn), host: u.Host, alloc: o.Allocator, batch: o.BatchRows}, nil
}

// Name is "trino", as the audit log records it.
func (c *Client) Name() string { return "trino" }

// Query runs q on Trino as q.User and streams its rows as Arrow. The first
// page is read before Query returns, so a query Trino refuses fails here.
// Releasing the reader before its end cancels the query on Trino; so does
// ctx ending. Errors are described in engine.Remote.
func (c *Client) Query(ctx context.Context, q engine.RemoteQuery) (array.RecordReader, error) {
	if q.User == "" {
		return nil, tarn.Errorf(tarn.EINTERNAL, "A query for Trino has no user.")
	}
	qctx, cancel := context.WithCancel(ctx)
	rows, err := c.db.QueryContext(qctx, q.SQL, sql.Named(userHeader, q.User))
	if err != nil {
		cancel()
		return nil, c.queryError(ctx, err)
	}
	types, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		cancel()
		return nil, c.queryError(ctx, err)
	}
	return newReader(ctx, cancel, c, rows, types)
}

// Close closes the client's connections.
func (c *Client) Close() error { return c.db.Close() }
