package engine

import (
	"container/list"
	"sync"

	"github.com/tarn-data/tarn/engine/guard"
)

// parsed is a guarded query and its rewrite: a pure function of the SQL
// text, because relation names are the same for every query (tarn_t0,
// tarn_t1, … are CTE names, scoped to their statement).
type parsed struct {
	query     *guard.Query
	rewritten string
}

// parseCache keeps the most recently used parses, like a database's
// statement cache: a query asked again (a dashboard, a retried answer)
// skips DuckDB's parser and the rewrite. Only queries that passed the guard
// are cached; governance and planning still run on every query.
type parseCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front is most recent; values are cache keys
	items map[string]*list.Element
	vals  map[string]parsed
}

func newParseCache(max int) *parseCache {
	return &parseCache{max: max, order: list.New(), items: map[string]*list.Element{}, vals: map[string]parsed{}}
}

func (c *parseCache) get(sql string) (parsed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[sql]
	if !ok {
		return parsed{}, false
	}
	c.order.MoveToFront(el)
	return c.vals[sql], true
}

func (c *parseCache) put(sql string, p parsed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[sql]; ok {
		c.order.MoveToFront(el)
		c.vals[sql] = p
		return
	}
	c.items[sql] = c.order.PushFront(sql)
	c.vals[sql] = p
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.items, old.Value.(string))
		delete(c.vals, old.Value.(string))
	}
}
