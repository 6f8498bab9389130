package memstore

import (
	"context"
	"crypto/rand"
	"slices"

	"github.com/tarn-data/tarn/governance"
)

var _ governance.MaskKeyStore = (*Store)(nil)

// MaskKey returns the store's key for hashing user IDs, made at random on
// the first call and the same for the life of the store.
func (s *Store) MaskKey(ctx context.Context) ([]byte, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	if s.maskKey == nil {
		s.maskKey = make([]byte, 32)
		_, _ = rand.Read(s.maskKey) // crypto/rand.Read never fails
	}
	return slices.Clone(s.maskKey), nil
}
