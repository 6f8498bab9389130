package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"

	"github.com/tarn-data/tarn/store"
)

// holderOnce names this process in leases: host, pid and a random part
// (a restarted process is a new holder).
var holderOnce = sync.OnceValue(func() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
})

// leading runs work only while this process leads it among the Tarn
// processes sharing the metadata store (see store.Elector): two serving
// processes on one database schedule each job and scan each table once.
func (m *Main) leading(ctx context.Context, work string, fn func(ctx context.Context)) {
	store.NewElector(m.Store, store.ElectorOptions{Name: work, Holder: m.holder(), TTL: m.leaseTTL, Clock: m.clock()}).Lead(ctx, fn)
}

// holder is this Main's name in leases; tests give each Main its own.
func (m *Main) holder() string {
	if m.leaseHolder != "" {
		return m.leaseHolder
	}
	return holderOnce()
}
