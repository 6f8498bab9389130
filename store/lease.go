package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tarn-data/tarn"
)

// ErrNotLeader says a lease is held by another process.
var ErrNotLeader = errors.New("another process holds the lease")

// Elector elects one leader among the processes sharing the metadata
// database for one kind of work, through a lease row (tarn_leases): the
// leader renews it every TTL/3; when it stops renewing (it stopped, died
// or lost the database), another process takes over once the lease has
// expired. Holders compare times by their own clocks, so a clock that
// runs ahead by more than the TTL can take a lease early: the work under
// a lease must stay correct (not only efficient) when two processes do it
// at once for a moment, as Tarn's exactly-once commits are.
type Elector struct {
	db     *DB
	name   string
	holder string
	ttl    time.Duration
	clock  tarn.Clock
	log    *slog.Logger
}

// ElectorOptions configure an Elector.
type ElectorOptions struct {
	// Name is the work being led, e.g. "jobs" or "skimmer".
	Name string
	// Holder identifies this process (host, pid and a random part).
	Holder string
	// TTL is how long a lease lasts without renewal; default 30 s.
	TTL    time.Duration
	Clock  tarn.Clock
	Logger *slog.Logger
}

// NewElector returns an elector on db.
func NewElector(db *DB, o ElectorOptions) *Elector {
	if o.TTL <= 0 {
		o.TTL = 30 * time.Second
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Elector{db: db, name: o.Name, holder: o.Holder, ttl: o.TTL, clock: o.Clock, log: o.Logger}
}

// Acquire takes the lease, or renews it when this holder has it, until
// now + TTL. It returns ErrNotLeader when another holder's lease has not
// expired, and the database's errors.
func (e *Elector) Acquire(ctx context.Context) error {
	now := e.clock.Now().UnixMilli()
	until := now + e.ttl.Milliseconds()
	res, err := e.db.ExecContext(ctx, e.db.Rebind(`INSERT INTO tarn_leases (name, holder, expires_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`),
		e.name, e.holder, until)
	if err != nil {
		return fmt.Errorf("taking lease %s: %w", e.name, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	res, err = e.db.ExecContext(ctx, e.db.Rebind(`UPDATE tarn_leases
		SET term = term + CASE WHEN holder = ? THEN 0 ELSE 1 END, holder = ?, expires_ms = ?
		WHERE name = ? AND (holder = ? OR expires_ms < ?)`), e.holder, e.holder, until, e.name, e.holder, now)
	if err != nil {
		return fmt.Errorf("taking lease %s: %w", e.name, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	return fmt.Errorf("%w %s", ErrNotLeader, e.name)
}

// Release gives the lease up when this holder has it, so that another
// process need not wait for it to expire.
func (e *Elector) Release(ctx context.Context) error {
	_, err := e.db.ExecContext(ctx, e.db.Rebind(`UPDATE tarn_leases SET expires_ms = 0 WHERE name = ? AND holder = ?`), e.name, e.holder)
	return err
}

// Holder returns who holds the lease and until when; "" when nobody ever
// took it.
func (e *Elector) Holder(ctx context.Context) (holder string, until time.Time, err error) {
	var ms int64
	err = e.db.QueryRowContext(ctx, e.db.Rebind(`SELECT holder, expires_ms FROM tarn_leases WHERE name = ?`), e.name).Scan(&holder, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	return holder, time.UnixMilli(ms).UTC(), err
}

// Lead runs fn whenever this process leads, until ctx is done: it tries
// to take the lease every TTL/3; once it has it, it runs fn with a context
// that ends when the lease is lost (another holder took it, or renewals
// failed until it expired) and renews it meanwhile. When fn returns by
// itself, Lead gives the lease up and campaigns again. When ctx is done,
// Lead waits for fn, releases the lease and returns.
func (e *Elector) Lead(ctx context.Context, fn func(ctx context.Context)) {
	every := e.ttl / 3
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := e.Acquire(ctx); err == nil {
			e.log.Info("lease: leading", "work", e.name, "holder", e.holder)
			e.lead(ctx, t, fn)
			if err := e.Release(context.WithoutCancel(ctx)); err != nil {
				e.log.Warn("lease: releasing", "work", e.name, "err", err)
			}
			e.log.Info("lease: no longer leading", "work", e.name, "holder", e.holder)
		} else if !errors.Is(err, ErrNotLeader) && ctx.Err() == nil {
			e.log.Warn("lease: campaigning", "work", e.name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// lead runs fn and renews the lease until fn returns, ctx ends or the
// lease is lost.
func (e *Elector) lead(ctx context.Context, t *time.Ticker, fn func(ctx context.Context)) {
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); fn(lctx) }()
	renewed := e.clock.Now()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			<-done
			return
		case <-t.C:
		}
		err := e.Acquire(ctx)
		switch {
		case err == nil:
			renewed = e.clock.Now()
			continue
		case errors.Is(err, ErrNotLeader):
			e.log.Warn("lease: another process took over", "work", e.name)
		case e.clock.Now().Sub(renewed) < e.ttl-e.ttl/3:
			e.log.Warn("lease: renewing failed; still leading", "work", e.name, "err", err)
			continue
		default:
			e.log.Warn("lease: renewing failed until the lease ran out", "work", e.name, "err", err)
		}
		cancel()
		<-done
		return
	}
}
