package filecache_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tarn-data/tarn/internal/filecache"
)

// remote is a fake object store: files by location, and a count of the
// fetches of each.
type remote struct {
	mu      sync.Mutex
	files   map[string][]byte
	fetches map[string]int
	gate    chan struct{} // when set, fetches wait for it to close
	short   bool          // when set, fetches stop half-way without error
	fail    bool          // when set, fetches fail half-way
}

func newRemote(files map[string]string) *remote {
	r := &remote{files: map[string][]byte{}, fetches: map[string]int{}}
	for k, v := range files {
		r.files[k] = []byte(v)
	}
	return r
}

func (r *remote) fetch(ctx context.Context, loc string, w io.Writer) (int64, error) {
	r.mu.Lock()
	r.fetches[loc]++
	data, ok := r.files[loc]
	gate, short, fail := r.gate, r.short, r.fail
	r.mu.Unlock()
	if !ok {
		return 0, os.ErrNotExist
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if short || fail {
		n, _ := w.Write(data[:len(data)/2])
		if fail {
			return int64(n), errors.New("connection reset")
		}
		return int64(n), nil
	}
	n, err := w.Write(data)
	return int64(n), err
}

func (r *remote) count(loc string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fetches[loc]
}

func open(t *testing.T, dir string, max int64, r *remote) *filecache.Cache {
	t.Helper()
	c, err := filecache.Open(dir, max, r.fetch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cached lists the copies under dir (not temporary files).
func cached(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

const loc = "s3://bucket/wh/t/data/a.parquet"

func TestAcquireDownloadsOnceThenServesTheCopy(t *testing.T) {
	r := newRemote(map[string]string{loc: "hello parquet"})
	c := open(t, t.TempDir(), 1<<20, r)
	ctx := context.Background()
	for i := range 3 {
		p, release, err := c.Acquire(ctx, loc, 13)
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, p); got != "hello parquet" {
			t.Fatalf("read %d: %q", i, got)
		}
		if !strings.HasSuffix(p, ".parquet") {
			t.Errorf("copy %s lost the extension", p)
		}
		release()
		release() // twice is harmless
	}
	if n := r.count(loc); n != 1 {
		t.Errorf("fetched %d times, want 1", n)
	}
	if s := c.Stats(); s.Downloads != 1 || s.Hits != 2 || s.Bytes != 13 || s.Files != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestConcurrentAcquiresOfOneFileShareOneDownload(t *testing.T) {
	r := newRemote(map[string]string{loc: "shared"})
	r.gate = make(chan struct{})
	c := open(t, t.TempDir(), 1<<20, r)
	const readers = 16
	var wg sync.WaitGroup
	var ok atomic.Int64
	var started sync.WaitGroup
	started.Add(readers)
	for range readers {
		wg.Go(func() {
			started.Done()
			p, release, err := c.Acquire(context.Background(), loc, 6)
			if err != nil {
				t.Error(err)
				return
			}
			defer release()
			if b, _ := os.ReadFile(p); string(b) == "shared" {
				ok.Add(1)
			}
		})
	}
	started.Wait()
	close(r.gate)
	wg.Wait()
	if ok.Load() != readers {
		t.Errorf("%d of %d readers read the file", ok.Load(), readers)
	}
	if n := r.count(loc); n != 1 {
		t.Errorf("%d readers caused %d downloads, want 1", readers, n)
	}
}

func TestEvictionKeepsTheBudgetAndSparesFilesInUse(t *testing.T) {
	files := map[string]string{}
	for i := range 5 {
		files[fmt.Sprintf("s3://b/f%d.parquet", i)] = strings.Repeat("x", 100)
	}
	r := newRemote(files)
	dir := t.TempDir()
	c := open(t, dir, 250, r) // room for two files
	ctx := context.Background()
	acquire := func(i int) func() {
		_, release, err := c.Acquire(ctx, fmt.Sprintf("s3://b/f%d.parquet", i), 100)
		if err != nil {
			t.Fatal(err)
		}
		return release
	}
	held := acquire(0) // stays in use throughout
	for i := 1; i < 5; i++ {
		acquire(i)()
	}
	if s := c.Stats(); s.Bytes > 250 || s.Files != 2 || s.Evictions != 3 {
		t.Errorf("after five files in a 250-byte cache: %+v, want 2 files (the one in use and the last)", s)
	}
	// f0, in use, survived although least recently used; f4 is the newest.
	acquire(0)()
	acquire(4)()
	if r.count("s3://b/f0.parquet") != 1 || r.count("s3://b/f4.parquet") != 1 {
		t.Errorf("a file in use or the newest was evicted: fetches f0=%d f4=%d", r.count("s3://b/f0.parquet"), r.count("s3://b/f4.parquet"))
	}
	// f1 was evicted: reading it again downloads it again.
	acquire(1)()
	if n := r.count("s3://b/f1.parquet"); n != 2 {
		t.Errorf("evicted f1 fetched %d times, want 2", n)
	}
	held()
	if got := len(cached(t, dir)); got > 2 {
		t.Errorf("%d copies on disk in a two-file budget", got)
	}
}

func TestADownloadOfTheWrongSizeIsNeverServed(t *testing.T) {
	for _, tc := range []struct {
		name        string
		short, fail bool
	}{{"short body", true, false}, {"broken connection", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRemote(map[string]string{loc: "0123456789"})
			r.short, r.fail = tc.short, tc.fail
			dir := t.TempDir()
			c := open(t, dir, 1<<20, r)
			_, _, err := c.Acquire(context.Background(), loc, 10)
			if err == nil {
				t.Fatal("a half-downloaded file was served")
			}
			if tc.short && !errors.Is(err, filecache.ErrSize) {
				t.Errorf("err = %v, want ErrSize", err)
			}
			if got := cached(t, dir); len(got) != 0 {
				t.Errorf("files left behind: %v", got)
			}
			r.short, r.fail = false, false
			p, release, err := c.Acquire(context.Background(), loc, 10)
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			if got := read(t, p); got != "0123456789" {
				t.Errorf("read %q after a retry", got)
			}
		})
	}
}

func TestACopyCutShortByACrashIsReplaced(t *testing.T) {
	r := newRemote(map[string]string{loc: "0123456789"})
	dir := t.TempDir()
	c, err := filecache.Open(dir, 1<<20, r.fetch)
	if err != nil {
		t.Fatal(err)
	}
	p, release, err := c.Acquire(context.Background(), loc, 10)
	if err != nil {
		t.Fatal(err)
	}
	release()
	c.Close()
	// The process died: a download was in flight (a temporary file), and
	// the disk lost the end of a copy.
	if err := os.WriteFile(filepath.Join(dir, "tmp", "x.parquet.123"), []byte("01234"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 4); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, 1<<20, r)
	if left, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(left) != 0 {
		t.Errorf("unfinished downloads kept: %v", left)
	}
	p, release, err = c.Acquire(context.Background(), loc, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if got := read(t, p); got != "0123456789" {
		t.Errorf("served %q, want the whole file", got)
	}
	if n := r.count(loc); n != 2 {
		t.Errorf("fetched %d times, want 2 (the truncated copy replaced)", n)
	}
}

func TestCopiesSurviveARestart(t *testing.T) {
	r := newRemote(map[string]string{loc: "kept"})
	dir := t.TempDir()
	c, err := filecache.Open(dir, 1<<20, r.fetch)
	if err != nil {
		t.Fatal(err)
	}
	_, release, err := c.Acquire(context.Background(), loc, 4)
	if err != nil {
		t.Fatal(err)
	}
	release()
	c.Close()
	c = open(t, dir, 1<<20, r)
	_, release, err = c.Acquire(context.Background(), loc, 4)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if n := r.count(loc); n != 1 {
		t.Errorf("fetched %d times across a restart, want 1", n)
	}
}

func TestAReaderThatGivesUpStopsTheDownload(t *testing.T) {
	r := newRemote(map[string]string{loc: "slow"})
	r.gate = make(chan struct{}) // never opens
	c := open(t, t.TempDir(), 1<<20, r)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		_, _, err := c.Acquire(ctx, loc, 4)
		errc <- err
	}()
	for r.count(loc) == 0 {
		runtime.Gosched()
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The next reader starts a new download that completes.
	r.mu.Lock()
	r.gate = nil
	r.mu.Unlock()
	p, release, err := c.Acquire(context.Background(), loc, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if read(t, p) != "slow" {
		t.Error("wrong content")
	}
}

func TestForgetRemovesACopyOnceUnused(t *testing.T) {
	r := newRemote(map[string]string{loc: "gone"})
	c := open(t, t.TempDir(), 1<<20, r)
	p, release, err := c.Acquire(context.Background(), loc, 4)
	if err != nil {
		t.Fatal(err)
	}
	c.Forget(loc)
	if _, err := os.Stat(p); err != nil {
		t.Errorf("a copy in use was removed: %v", err)
	}
	release()
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a forgotten copy outlived its last reader: %v", err)
	}
}

func TestASecondProcessGetsItsOwnDirectory(t *testing.T) {
	r := newRemote(map[string]string{loc: "x"})
	dir := filepath.Join(t.TempDir(), "cache")
	a := open(t, dir, 1<<20, r)
	b, err := filecache.Open(dir, 1<<20, r.fetch)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dir() == b.Dir() {
		t.Fatal("two caches share one directory")
	}
	own := b.Dir()
	if _, _, err := b.Acquire(context.Background(), loc, 1); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, err := os.Stat(own); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the private directory %s outlived its cache", own)
	}
}
