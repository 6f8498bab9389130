package guard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tarn-data/tarn"
)

// TestParserConnectionIsLockedDown proves the private database has external
// access disabled and its configuration locked on every pooled connection,
// so it cannot read files even if a query reached it unchecked.
func TestParserConnectionIsLockedDown(t *testing.T) {
	ctx := context.Background()
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// Hold two connections at once so the pool must open a second one.
	c1, err := p.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := p.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	for i, conn := range []*sql.Conn{c1, c2} {
		var external, locked string
		err := conn.QueryRowContext(ctx, "SELECT current_setting('enable_external_access')::VARCHAR, current_setting('lock_configuration')::VARCHAR").Scan(&external, &locked)
		if err != nil {
			t.Fatalf("conn %d: %v", i, err)
		}
		if external != "false" || locked != "true" {
			t.Errorf("conn %d: enable_external_access=%s lock_configuration=%s", i, external, locked)
		}
		if _, err := conn.ExecContext(ctx, "SET enable_external_access = true"); err == nil {
			t.Errorf("conn %d: configuration could be changed", i)
		}
		var n int
		err = conn.QueryRowContext(ctx, "SELECT count(*) FROM read_text('/etc/passwd')").Scan(&n)
		if err == nil || !strings.Contains(err.Error(), "Permission Error") {
			t.Errorf("conn %d: reading /etc/passwd gave %v, want a permission error", i, err)
		}
	}
}

// TestParseIsSafeForConcurrentUse parses from several goroutines at once.
func TestParseIsSafeForConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				sql := fmt.Sprintf("SELECT * FROM fct.http_requests WHERE zone_id = %d", g*100+i)
				q, err := testParser.Parse(context.Background(), sql)
				if err != nil {
					errs <- err
					return
				}
				if len(q.Filters) != 1 || q.Filters[0].Values[0] != int64(g*100+i) {
					errs <- fmt.Errorf("%s: filters %+v", sql, q.Filters)
					return
				}
				if _, err := testParser.Parse(context.Background(), "SELECT * FROM read_csv('x')"); !errors.Is(err, ErrForbidden) {
					errs <- fmt.Errorf("read_csv: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestParseHonoursCancelledContext proves a cancelled context stops Parse
// with a timeout error instead of a parse result.
func TestParseHonoursCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testParser.Parse(ctx, "SELECT 1")
	if tarn.ErrorCode(err) != tarn.ETIMEOUT || !errors.Is(err, context.Canceled) {
		t.Fatalf("Parse with cancelled context = %v", err)
	}
}
