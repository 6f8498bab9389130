package main

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/tarn-data/tarn/engine"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
)

// Main is a running Tarn: metadata store, lake, engine and HTTP server.
// End-to-end tests build one on a temp dir and port 0.
type Main struct {
	Config *Config
	Store  *store.DB
	Lake   *lake.Lake
	Engine *engine.Engine

	listener net.Listener
	server   *http.Server
}

// NewMain returns a Main for cfg; Open starts it.
func NewMain(cfg *Config) *Main { return &Main{Config: cfg} }

// Open connects the metadata store and the lake. It does not start the
// engine or the server.
func (m *Main) Open(ctx context.Context) error {
	db, err := store.Open(ctx, m.Config.MetaURL)
	if err != nil {
		return err
	}
	m.Store = db
	wh := m.Config.Lake.Warehouse
	if wh == "" {
		wh = filepath.Join(m.Config.DataDir, "warehouse")
	}
	m.Lake, err = lake.Open(ctx, lake.Options{
		Store:          db,
		Warehouse:      wh,
		TargetFileSize: m.Config.Lake.TargetFileSize,
		CommitRetries:  max(m.Config.Lake.CommitRetries, 30),
	})
	return err
}

// OpenEngine starts the SQL engine over the lake.
func (m *Main) OpenEngine(ctx context.Context) error {
	maxRows := m.Config.Engine.MaxRows
	if maxRows <= 0 {
		maxRows = math.MaxInt32
	}
	var err error
	m.Engine, err = engine.New(ctx, m.Lake, engine.Options{
		MemoryLimit: m.Config.Engine.MemoryLimit,
		Threads:     m.Config.Engine.Threads,
		Timeout:     m.Config.Engine.QueryTimeout,
		MaxRows:     maxRows,
		TempDir:     filepath.Join(m.Config.DataDir, "tmp"),
	})
	return err
}

// Listen binds the HTTP address (port 0 picks a free port).
func (m *Main) Listen() error {
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.listener = ln
	m.server = &http.Server{Handler: m.routes(), ReadHeaderTimeout: 10 * time.Second}
	return nil
}

// Addr is the address the server listens on, once Listen returned.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// Run serves HTTP until ctx is done.
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.listener) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return m.server.Shutdown(sctx)
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Close stops everything Open and OpenEngine started.
func (m *Main) Close() error {
	var errs []error
	if m.server != nil {
		errs = append(errs, m.server.Close())
	}
	if m.Engine != nil {
		errs = append(errs, m.Engine.Close())
	}
	if m.Lake != nil {
		errs = append(errs, m.Lake.Close())
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
	}
	return errors.Join(errs...)
}
