package lake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	icebergio "github.com/apache/iceberg-go/io"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/internal/filecache"
)

// FileRef names a data or delete file a reader needs, with its size as its
// manifest records it (0 when not known).
type FileRef struct {
	Location  string
	SizeBytes int64
}

// Files lists the data file and every delete file that applies to it.
func (f DataFile) Files() []FileRef {
	out := []FileRef{{f.Location, f.SizeBytes}}
	for _, d := range f.PositionDeletes {
		out = append(out, FileRef{d, f.DeleteSizes[d]})
	}
	for _, d := range f.EqualityDeletes {
		out = append(out, FileRef{d.Location, f.DeleteSizes[d.Location]})
	}
	return out
}

// CacheStats are what the read cache did; zero for a local warehouse.
type CacheStats = filecache.Stats

// openReadCache opens the read cache of a warehouse in object storage.
func (l *Lake) openReadCache() error {
	if LocalPath(l.warehouse) != "" {
		return nil
	}
	if l.opts.CacheDir == "" {
		return tarn.Wrap(fmt.Errorf("%w: warehouse %s needs Options.CacheDir", ErrInvalid, l.warehouse), tarn.EINVALID,
			"Set lake.cache_dir to a local directory (by default <data dir>/cache).",
			"A warehouse in object storage needs a local read cache directory.")
	}
	c, err := filecache.Open(l.opts.CacheDir, l.opts.CacheMaxBytes, l.fetch)
	if err != nil {
		return err
	}
	l.files = c
	return nil
}

// CacheDir is the directory local copies of remote files live in, or ""
// for a local warehouse (whose files are read in place).
func (l *Lake) CacheDir() string {
	if l.files == nil {
		return ""
	}
	return l.files.Dir()
}

// CacheStats reports what the read cache did.
func (l *Lake) CacheStats() CacheStats {
	if l.files == nil {
		return CacheStats{}
	}
	return l.files.Stats()
}

// fetchParallel bounds the downloads one Local call runs at once.
const fetchParallel = 8

// Local returns a local path for each file, by location: the file itself
// in a local warehouse, a local copy of it (downloaded into the read cache
// if not there yet, checked against its size) in object storage. Until
// release is called the files are leased (maintenance in this process does
// not delete them) and their copies are kept from eviction.
func (l *Lake) Local(ctx context.Context, files []FileRef) (paths map[string]string, release func(), err error) {
	locs := make([]string, 0, len(files))
	paths = make(map[string]string, len(files))
	var unique []FileRef
	for _, f := range files {
		if _, dup := paths[f.Location]; dup {
			continue
		}
		paths[f.Location] = ""
		locs = append(locs, f.Location)
		unique = append(unique, f)
	}
	unlease := l.Lease(locs)
	if l.files == nil {
		for _, f := range unique {
			p := LocalPath(f.Location)
			if p == "" {
				unlease()
				return nil, nil, fmt.Errorf("%w: %s is outside the local warehouse %s", ErrInvalid, f.Location, l.warehouse)
			}
			paths[f.Location] = p
		}
		return paths, unlease, nil
	}
	releases := make([]func(), len(unique))
	release = func() {
		for _, r := range releases {
			if r != nil {
				r()
			}
		}
		unlease()
	}
	local := make([]string, len(unique))
	errs := make([]error, len(unique))
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, fetchParallel)
	var wg sync.WaitGroup
	for i, f := range unique {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			p, r, err := l.files.Acquire(fctx, f.Location, f.SizeBytes)
			if err != nil {
				errs[i] = err
				cancel() // the others are not needed any more
				return
			}
			local[i], releases[i] = p, r
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		release()
		if ctx.Err() != nil {
			return nil, nil, tarn.Wrap(ctx.Err(), tarn.ETIMEOUT, "Try again, or raise the query timeout: the first read of a table's files downloads them.",
				"Reading table files from object storage took too long.")
		}
		return nil, nil, tarn.Wrap(err, tarn.EINTERNAL, "Check that the object store is reachable and the credentials are valid (lake.s3.*).",
			"Tarn could not read a table file from object storage.")
	}
	for i, f := range unique {
		paths[f.Location] = local[i]
	}
	return paths, release, nil
}

// fetch copies a remote file through the warehouse's IO.
func (l *Lake) fetch(ctx context.Context, location string, w io.Writer) (int64, error) {
	fs, err := icebergio.LoadFS(ctx, l.ioProps(), location)
	if err != nil {
		return 0, err
	}
	f, err := fs.Open(location)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}

// ioProps are the properties iceberg-go's IO is built with.
func (l *Lake) ioProps() map[string]string {
	p := map[string]string{"warehouse": l.warehouse}
	for k, v := range l.opts.IOProps {
		p[k] = v
	}
	return p
}

// forget drops the cached copy of a file maintenance deleted.
func (l *Lake) forget(location string) {
	if l.files != nil {
		l.files.Forget(location)
	}
}
