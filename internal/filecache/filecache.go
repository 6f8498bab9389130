// Package filecache keeps local copies of immutable remote files (a lake's
// data and delete files in object storage) so that readers that need a
// local path — DuckDB's read_parquet — get one.
//
// A file is named by its full remote location and never changes once
// written, so a copy is valid for as long as it exists. Copies land
// atomically (downloaded to a temporary file, checked against the size the
// caller expects, then renamed into place), so a half-downloaded file is
// never served, not even after a crash. Readers that ask for the same
// missing file at once share one download. Copies are evicted least recently
// used first once the cache holds more than its byte budget, except those a
// reader has acquired and not yet released.
package filecache

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// ErrSize reports a download whose length is not the size the caller said
// the file has.
var ErrSize = errors.New("downloaded file has the wrong size")

// Fetch copies the remote file at location to w and returns the bytes
// written.
type Fetch func(ctx context.Context, location string, w io.Writer) (int64, error)

// Stats count what the cache did since it was opened.
type Stats struct {
	Hits, Downloads, Evictions int64
	// Files and Bytes are what the cache holds now.
	Files int
	Bytes int64
}

// Cache is a size-bounded directory of local copies. It is safe for
// concurrent use.
type Cache struct {
	dir   string
	max   int64
	fetch Fetch
	owned bool // dir is private to this process and removed at Close
	lock  io.Closer

	mu      sync.Mutex
	entries map[string]*entry // by name
	order   *list.List        // front is most recently used; values *entry
	flights map[string]*flight
	stats   Stats
}

type entry struct {
	name    string
	size    int64
	pins    int
	dropped bool // forgotten while pinned: removed at the last release
	elem    *list.Element
}

// flight is one download that several readers may wait for.
type flight struct {
	done     chan struct{}
	waiters  int
	cancel   context.CancelFunc
	finished bool
	err      error
	entry    *entry // the copy, pinned once per waiter, when err is nil
}

// Open opens the cache in dir (created if needed), keeping at most maxBytes
// of copies (default 10 GiB). Copies left by an earlier run are kept;
// temporary files of downloads that never finished are removed. When
// another process has dir open, this one gets a private directory beside it
// instead (removed at Close), so two processes never evict each other's
// files.
func Open(dir string, maxBytes int64, fetch Fetch) (*Cache, error) {
	if maxBytes <= 0 {
		maxBytes = 10 << 30
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the read cache directory: %w", err)
	}
	c := &Cache{dir: dir, max: maxBytes, fetch: fetch, entries: map[string]*entry{}, order: list.New(), flights: map[string]*flight{}}
	lk, err := lockDir(dir)
	if errors.Is(err, errLocked) {
		own, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+"-")
		if err != nil {
			return nil, fmt.Errorf("creating a private read cache: %w", err)
		}
		c.dir, c.owned = own, true
	} else if err != nil {
		return nil, fmt.Errorf("locking the read cache %s: %w", dir, err)
	} else {
		c.lock = lk
	}
	if err := c.load(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Dir is the directory copies live under.
func (c *Cache) Dir() string { return c.dir }

// Close releases the directory; a private one is removed.
func (c *Cache) Close() error {
	var err error
	if c.lock != nil {
		err = c.lock.Close()
	}
	if c.owned {
		err = errors.Join(err, os.RemoveAll(c.dir))
	}
	return err
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Files = len(c.entries)
	return s
}

// load indexes the copies already on disk, oldest first out, and removes
// unfinished downloads.
func (c *Cache) load() error {
	tmp := filepath.Join(c.dir, "tmp")
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("clearing unfinished downloads: %w", err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	type found struct {
		name string
		size int64
		mod  time.Time
	}
	var all []found
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == tmp {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Dir(filepath.Dir(p)) != c.dir || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		all = append(all, found{d.Name(), info.Size(), info.ModTime()})
		return nil
	})
	if err != nil {
		return fmt.Errorf("indexing the read cache: %w", err)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod.Before(all[j].mod) })
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range all {
		e := &entry{name: f.name, size: f.size}
		e.elem = c.order.PushFront(e)
		c.entries[f.name] = e
		c.stats.Bytes += f.size
	}
	c.evict()
	return nil
}

// name is the file name of a location's copy: a hash of the location (which
// may be long or hold any character), keeping its extension.
func name(location string) string {
	sum := sha256.Sum256([]byte(location))
	ext := path.Ext(location)
	if len(ext) > 16 || strings.ContainsAny(ext, "/?#") {
		ext = ""
	}
	return hex.EncodeToString(sum[:16]) + ext
}

func (c *Cache) path(name string) string {
	return filepath.Join(c.dir, name[:2], name)
}

// Acquire returns the local path of location's copy, downloading it first
// if the cache does not hold it. size is the file's length in bytes as its
// writer recorded it (an Iceberg manifest's file_size_in_bytes), or 0 if not
// known: a download of another length is refused with ErrSize, and a copy
// of another length is replaced. The copy is not evicted until release is
// called (release may be called more than once).
func (c *Cache) Acquire(ctx context.Context, location string, size int64) (string, func(), error) {
	n := name(location)
	for {
		c.mu.Lock()
		if e := c.entries[n]; e != nil && !e.dropped {
			if c.valid(e, size) {
				c.stats.Hits++
				c.order.MoveToFront(e.elem)
				e.pins++
				c.mu.Unlock()
				return c.path(n), c.releaser(e), nil
			}
			c.drop(e)
		}
		f := c.flights[n]
		if f == nil {
			dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
			f = &flight{done: make(chan struct{}), cancel: cancel}
			c.flights[n] = f
			go c.download(dctx, f, location, n, size)
		}
		f.waiters++
		c.mu.Unlock()

		select {
		case <-f.done:
		case <-ctx.Done():
		}
		c.mu.Lock()
		if !f.finished {
			// Gave up waiting: the download stops when nobody waits.
			if f.waiters--; f.waiters == 0 {
				f.cancel()
			}
			c.mu.Unlock()
			return "", nil, ctx.Err()
		}
		e := f.entry
		c.mu.Unlock()
		if f.err != nil {
			if errors.Is(f.err, context.Canceled) && ctx.Err() == nil {
				continue // the readers that started it gave up; this one has not
			}
			return "", nil, f.err
		}
		// The download pinned the copy once for every waiter.
		return c.path(n), c.releaser(e), nil
	}
}

// valid reports whether e's copy is still on disk with the expected size.
// Called with c.mu held.
func (c *Cache) valid(e *entry, size int64) bool {
	if size > 0 && e.size != size {
		return false
	}
	info, err := os.Stat(c.path(e.name))
	return err == nil && info.Size() == e.size
}

func (c *Cache) releaser(e *entry) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			e.pins--
			if e.pins == 0 && e.dropped {
				c.removeDropped(e)
				return
			}
			c.evict()
		})
	}
}

// download fetches location into a temporary file, checks its size and
// renames it into place, then indexes it pinned once per waiting reader.
func (c *Cache) download(ctx context.Context, f *flight, location, n string, size int64) {
	defer f.cancel()
	got, err := c.fetchTo(ctx, location, n, size)
	c.mu.Lock()
	f.finished, f.err = true, err
	delete(c.flights, n)
	if err == nil {
		e := &entry{name: n, size: got, pins: f.waiters}
		e.elem = c.order.PushFront(e)
		c.entries[n] = e
		f.entry = e
		c.stats.Bytes += got
		c.stats.Downloads++
		c.evict()
	}
	c.mu.Unlock()
	close(f.done)
}

func (c *Cache) fetchTo(ctx context.Context, location, n string, size int64) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Join(c.dir, "tmp"), n+".*")
	if err != nil {
		return 0, fmt.Errorf("caching %s: %w", location, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	got, err := c.fetch(ctx, location, tmp)
	if err != nil {
		return 0, fmt.Errorf("downloading %s: %w", location, err)
	}
	if size > 0 && got != size {
		return 0, fmt.Errorf("%w: %s is %d bytes, its manifest says %d", ErrSize, location, got, size)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("caching %s: %w", location, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("caching %s: %w", location, err)
	}
	final := c.path(n)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return 0, fmt.Errorf("caching %s: %w", location, err)
	}
	done = true
	return got, nil
}

// Forget removes location's copy (at once, or when its last reader
// releases it): the remote file was deleted.
func (c *Cache) Forget(location string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[name(location)]; e != nil {
		c.drop(e)
	}
}

// drop unindexes e and removes its file unless a reader holds it. Called
// with c.mu held.
func (c *Cache) drop(e *entry) {
	delete(c.entries, e.name)
	c.order.Remove(e.elem)
	c.stats.Bytes -= e.size
	e.dropped = true
	if e.pins == 0 {
		c.removeDropped(e)
	}
}

// removeDropped removes the file of a dropped copy unless a newer copy of
// the same location has been downloaded, or is being, to the same path.
// Called with c.mu held.
func (c *Cache) removeDropped(e *entry) {
	if c.entries[e.name] == nil && c.flights[e.name] == nil {
		_ = os.Remove(c.path(e.name))
	}
}

// evict removes the least recently used unpinned copies until the cache
// fits its budget. Pinned copies stay even when that leaves it over budget.
// Called with c.mu held.
func (c *Cache) evict() {
	for el := c.order.Back(); el != nil && c.stats.Bytes > c.max; {
		e := el.Value.(*entry)
		el = el.Prev()
		if e.pins > 0 {
			continue
		}
		c.drop(e)
		c.stats.Evictions++
	}
}
