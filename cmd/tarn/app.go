package main

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/agent"
	"github.com/tarn-data/tarn/agent/sqlmemory"
	"github.com/tarn-data/tarn/engine"
	enginetrino "github.com/tarn-data/tarn/engine/trino"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/governance/skimmer"
	"github.com/tarn-data/tarn/governance/sqlstore"
	"github.com/tarn-data/tarn/governance/yamldir"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/metrics"
	prommetrics "github.com/tarn-data/tarn/metrics/prometheus"
	"github.com/tarn-data/tarn/store"
)

// Main is a running Tarn: metadata store, lake, engine and HTTP server.
// End-to-end tests build one on a temp dir and port 0.
type Main struct {
	Config *Config
	Store  *store.DB
	Lake   *lake.Lake
	Engine *engine.Engine

	// Governance: who people are, what they may read, and the audit log.
	People   *yamldir.Directory
	Gov      *sqlstore.Store
	Policy   *governance.Service
	Workflow *governance.Workflow
	Audit    *audit.Log

	// The agent (OpenAgent): retriever, memory and the agent itself.
	Catalog *agent.Catalog
	Memory  *sqlmemory.Memory
	Agent   *agent.Agent

	// The PII scanner and its findings (OpenSkimmer).
	Skimmer  *skimmer.Scanner
	Findings *skimmer.Store
	asking   sync.Mutex // one review request per table

	// The chat front doors (OpenBot).
	chat *chat

	// The Transformer (OpenJobs).
	jobs *jobs
	// leaseHolder, when set, names this Main in leases (leader.go), and
	// leaseTTL, when set, replaces their 30 s.
	leaseHolder string
	leaseTTL    time.Duration

	listener net.Listener
	server   *http.Server
	trino    *enginetrino.Client // engine.trino.url's cluster, when set

	// Logger is the process's one logger (log.format, log.level), also
	// slog's default.
	Logger   *slog.Logger
	logLevel *slog.LevelVar
	// Operations: metrics, readiness, graceful stop (ops.go, metrics.go).
	prom  *prommetrics.Metrics
	scans metrics.Scans
	ops   ops
}

// NewMain returns a Main for cfg; Open starts it. It sets slog's default
// logger to cfg's.
func NewMain(cfg *Config) *Main {
	m := &Main{Config: cfg}
	m.Logger, m.logLevel = newLogger(cfg.Log, os.Stderr)
	slog.SetDefault(m.Logger)
	slog.SetLogLoggerLevel(slog.LevelWarn) // the log package's lines pass the warn default
	m.ops.init()
	m.openMetrics()
	m.scans.Sink = m.sink()
	return m
}

// Open connects the metadata store and the lake. It does not start the
// engine or the server.
func (m *Main) Open(ctx context.Context) error {
	db, err := store.Open(ctx, m.Config.MetaURL)
	if err != nil {
		return err
	}
	m.Store = db
	m.Findings = skimmer.NewStore(db)
	lo, err := m.lakeOptions(db)
	if err != nil {
		return err
	}
	m.Lake, err = lake.Open(ctx, lo)
	if err != nil {
		return err
	}
	return m.openGovernance()
}

// openGovernance opens the people directory (creating an empty one the
// first time), the governance store, the decision service and the audit log.
func (m *Main) openGovernance() error {
	if err := ensurePeopleFile(m.Config.People, emptyPeople); err != nil {
		return err
	}
	dir, err := yamldir.Open(m.Config.People, nil)
	if err != nil {
		return tarn.Wrap(err, tarn.EINVALID, "Fix the file, or remove it to start from an empty directory.",
			"The people directory %s cannot be read.", m.Config.People)
	}
	m.People = dir
	m.Gov = sqlstore.New(m.Store)
	m.Audit = audit.Open(m.Store, tarn.SystemClock{})
	m.Workflow = &governance.Workflow{Store: m.Gov, Directory: dir,
		Policy: governance.FlipPolicy{MaxDuration: m.Config.Governance.FlipMax, SelfServe: m.Config.Governance.FlipSelfServe}}
	m.Policy = &governance.Service{Store: m.Gov, Directory: dir, PII: newPIICache(m.Lake).lookup}
	return nil
}

// OpenEngine starts the SQL engine over the lake, once.
func (m *Main) OpenEngine(ctx context.Context) error {
	if m.Engine != nil {
		return nil
	}
	o := m.engineOptions(true)
	var err error
	if o.Remote, err = m.openRemote(); err != nil {
		return err
	}
	m.Engine, err = engine.New(ctx, m.Lake, o)
	if err == nil {
		m.Workflow.CheckFilter = m.Engine.CheckRowFilter
	}
	return err
}

// engineOptions are the engine settings of the configuration; governed
// engines decide every query through governance and audit it, the other
// kind (benchmarks only) allows everything.
func (m *Main) engineOptions(governed bool) engine.Options {
	maxRows := m.Config.Engine.MaxRows
	if maxRows <= 0 {
		maxRows = math.MaxInt32
	}
	o := engine.Options{
		MemoryLimit: m.Config.Engine.MemoryLimit,
		Threads:     m.Config.Engine.Threads,
		Timeout:     m.Config.Engine.QueryTimeout,
		MaxRows:     maxRows,
		TempDir:     filepath.Join(m.Config.DataDir, "tmp"),
	}
	if governed {
		o.Policy = m.Policy
		o.Log = metrics.QueryLog{Next: governance.QueryAudit{Log: m.Audit}, Sink: m.sink()}
	}
	return o
}

// Listen binds the HTTP address (port 0 picks a free port).
func (m *Main) Listen() error {
	ln, err := net.Listen("tcp", m.Config.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return tarn.Wrap(err, tarn.ECONFLICT, "Stop what listens there, or pick another address: --addr 127.0.0.1:8081 (or TARN_ADDR).",
			"Another program already listens on %s.", m.Config.Addr)
	}
	if err != nil {
		return tarn.Wrap(err, tarn.EINVALID, "Give a host:port such as 127.0.0.1:8080 with --addr (or TARN_ADDR).", "Tarn cannot listen on %s.", m.Config.Addr)
	}
	m.listener = ln
	m.server = &http.Server{Handler: m.observe(m.routes()), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	return nil
}

// Addr is the address the server listens on, once Listen returned.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// Run serves HTTP until ctx is done, then stops gracefully (stop):
// readiness turns 503, requests, job runs and commits in flight finish
// within shutdown_timeout, and the scanner and scheduler start nothing
// new, so Close never closes the engine or the lake under them.
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.listener) }()
	m.runBot(ctx)
	var wg sync.WaitGroup
	loops, stopLoops := context.WithCancel(ctx)
	defer stopLoops()
	// Background work runs in one process of those sharing the store.
	if m.Skimmer != nil && m.Config.Skimmer.Every > 0 {
		wg.Go(func() {
			m.leading(loops, "skimmer", func(ctx context.Context) { m.Skimmer.Run(ctx, m.Config.Skimmer.Every) })
		})
	}
	if m.jobs != nil && m.jobs.scheduler != nil && m.Config.Jobs.Every > 0 {
		wg.Go(func() {
			m.leading(loops, "jobs", func(ctx context.Context) { m.jobs.scheduler.Run(ctx, m.Config.Jobs.Every) })
		})
	}
	m.ops.ready.Store(true)
	var serveErr error
	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			serveErr = err
		}
	}
	return errors.Join(serveErr, m.stop(stopLoops, &wg))
}

// Close stops everything Open and OpenEngine started.
func (m *Main) Close() error {
	var errs []error
	m.ops.drain()
	m.ops.hardStop()
	if m.server != nil {
		errs = append(errs, m.server.Close())
	}
	if m.chat != nil {
		errs = append(errs, m.chat.conv.Close())
	}
	errs = append(errs, m.closeJobs())
	if m.Engine != nil {
		errs = append(errs, m.Engine.Close())
	}
	if m.trino != nil {
		errs = append(errs, m.trino.Close())
	}
	if m.Lake != nil {
		errs = append(errs, m.Lake.Close())
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
	}
	return errors.Join(errs...)
}
