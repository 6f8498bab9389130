// Package postgres opens Tarn's metadata database on a PostgreSQL server
// through pgx's database/sql adapter (driver name "pgx").
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
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

// Pool limits. A Tarn process keeps a modest pool: the metadata database sees
// short transactions, and a shared server has a connection limit for all the
// processes using it.
const (
	MaxOpenConns    = 10
	MaxIdleConns    = 5
	ConnMaxIdleTime = 5 * time.Minute
	ConnMaxLifetime = 30 * time.Minute
)

// Open opens a pool on the server and database named by url
// ("postgres://user:pass@host:port/db?sslmode=disable") and checks that a
// connection can be made. It returns an error wrapping ErrURL when url does
// not parse and ErrUnreachable ("cannot reach Postgres at host:port: ...")
// when the server does not answer or refuses the connection.
func Open(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgconn's parse errors redact the password.
		return nil, fmt.Errorf("%w: %v", ErrURL, err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(MaxOpenConns)
	db.SetMaxIdleConns(MaxIdleConns)
	db.SetConnMaxIdleTime(ConnMaxIdleTime)
	db.SetConnMaxLifetime(ConnMaxLifetime)

	ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w at %s: %w", ErrUnreachable, HostPort(cfg), err)
	}
	return db, nil
}

// HostPort returns "host:port" of the server cfg connects to first (a unix
// socket directory is shown as the host).
func HostPort(cfg *pgx.ConnConfig) string {
	return net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
}
