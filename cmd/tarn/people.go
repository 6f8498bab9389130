package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tarn-data/tarn/lake"
)

// emptyPeople is the directory Tarn writes when there is none yet: nobody
// is known, so every query is refused until people are added.
var emptyPeople = []byte(`# Tarn's directory of people and groups. Every query is refused for
# identities not listed here (default-closed). Example:
#
# people:
#   - name: alice
#     kind: person
#     identities: [cli:alice, web:alice, slack:T01/U01]
#     groups: [analysts]
# groups:
#   - name: analysts
#     description: Reads dim.* and fct.http_requests.
people: []
groups: []
`)

// ensurePeopleFile writes content to path if no file is there.
func ensurePeopleFile(path string, content []byte) error {
	if _, err := os.Stat(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o644)
}

// piiCache serves the PII tags of the lake's column annotations to
// governance decisions, re-reading a table's annotations at most every few
// seconds.
type piiCache struct {
	lake *lake.Lake
	mu   sync.Mutex
	seen map[lake.Ident]piiEntry
}

type piiEntry struct {
	tags map[string]string
	at   time.Time
}

func newPIICache(l *lake.Lake) *piiCache {
	return &piiCache{lake: l, seen: map[lake.Ident]piiEntry{}}
}

func (c *piiCache) lookup(ctx context.Context, ns, table string) (map[string]string, error) {
	id := lake.Ident{Namespace: ns, Name: table}
	c.mu.Lock()
	e, ok := c.seen[id]
	c.mu.Unlock()
	if ok && time.Since(e.at) < 5*time.Second {
		return e.tags, nil
	}
	note, err := c.lake.Note(ctx, id)
	if err != nil {
		return nil, err
	}
	tags := note.PIITags()
	c.mu.Lock()
	c.seen[id] = piiEntry{tags: tags, at: time.Now()}
	c.mu.Unlock()
	return tags, nil
}
