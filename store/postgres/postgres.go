// Package postgres opens Tarn's metadata database on a PostgreSQL server:
// a pgxpool connection pool, used through pgx's database/sql adapter
// (driver name "pgx").
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// Sentinel errors. Their messages never hold the password of the URL.
var (
	// ErrURL is returned, wrapped, when the URL cannot be parsed.
	ErrURL = errors.New("invalid Postgres URL")
	// ErrUnreachable is returned, wrapped, when no connection can be made.
	ErrUnreachable = errors.New("cannot reach Postgres")
)

// DriverName is the database/sql driver name registered by pgx's stdlib.
const DriverName = "pgx"

// ConnectTimeout bounds the first connection Open makes.
const ConnectTimeout = 10 * time.Second

// Pool limits, unless the URL sets pgxpool's own (pool_max_conns,
// pool_min_conns, pool_max_conn_idle_time, pool_max_conn_lifetime). A Tarn
// process keeps a modest pool: the metadata database sees short
// transactions, and a shared server has a connection limit for all the
// processes using it.
const (
	MaxOpenConns    = 10
	ConnMaxIdleTime = 5 * time.Minute
	ConnMaxLifetime = 30 * time.Minute
)

// Open opens a pgxpool pool on the server and database named by url
// ("postgres://user:pass@host:port/db?sslmode=disable&pool_max_conns=20")
// and checks that a connection can be made. It returns an error wrapping
// ErrURL when url does not parse and ErrUnreachable ("cannot reach Postgres
// at host:port: ...") when the server does not answer or refuses the
// connection. Closing the *sql.DB closes the pool.
func Open(url string) (*sql.DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgconn's parse errors redact the password.
		return nil, fmt.Errorf("%w: %v", ErrURL, err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = MaxOpenConns
	}
	if !strings.Contains(url, "pool_max_conn_idle_time") {
		cfg.MaxConnIdleTime = ConnMaxIdleTime
	}
	if !strings.Contains(url, "pool_max_conn_lifetime") {
		cfg.MaxConnLifetime = ConnMaxLifetime
	}
	ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w at %s: %w", ErrUnreachable, HostPort(cfg.ConnConfig), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("%w at %s: %w", ErrUnreachable, HostPort(cfg.ConnConfig), err)
	}
	db := stdlib.OpenDBFromPool(pool)
	db.SetMaxOpenConns(int(cfg.MaxConns))
	return db, nil
}

// HostPort returns "host:port" of the server cfg connects to first (a unix
// socket directory is shown as the host).
func HostPort(cfg *pgx.ConnConfig) string {
	return net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
}
