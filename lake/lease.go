package lake

import (
	"sync"
	"sync/atomic"
)

// leaseSet counts in-process readers per file location, so maintenance does
// not delete a file a running query is about to read.
type leaseSet struct {
	mu sync.Mutex
	n  map[string]int
	// expiries counts the expiries committed, each before it deletes.
	expiries atomic.Int64
}

// Expiries counts the snapshot expiries this Lake has committed. Expire
// counts one after its commit and before it deletes files, sparing leased
// ones: a reader that planned files, then leased them, and finds the count
// unchanged since before it planned knows no expiry deleted them in
// between; otherwise it asks Retains.
func (l *Lake) Expiries() int64 { return l.leases.expiries.Load() }

// Lease marks files as in use until the returned release is called.
func (l *Lake) Lease(paths []string) (release func()) {
	s := &l.leases
	s.mu.Lock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	for _, p := range paths {
		s.n[leaseKey(p)]++
	}
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			for _, p := range paths {
				k := leaseKey(p)
				if s.n[k]--; s.n[k] <= 0 {
					delete(s.n, k)
				}
			}
			s.mu.Unlock()
		})
	}
}

func (l *Lake) leased(path string) bool {
	l.leases.mu.Lock()
	defer l.leases.mu.Unlock()
	return l.leases.n[leaseKey(path)] > 0
}

// leaseKey names a file the same way whether it is given as a file:// URL
// (manifests) or a plain path (directory listings, the engine).
func leaseKey(p string) string {
	if lp := LocalPath(p); lp != "" {
		return lp
	}
	return p
}
