package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/tarn-data/tarn/governance"
)

var _ governance.MaskKeyStore = (*Store)(nil)

// MaskKeyBytes is the length of a new mask key.
const MaskKeyBytes = 32

// MaskKey returns the installation's key for hashing user IDs, making it at
// random the first time. Processes sharing the database agree on one key:
// the first to store it wins and the others read it.
func (s *Store) MaskKey(ctx context.Context) ([]byte, error) {
	key, err := s.readMaskKey(ctx)
	if !errors.Is(err, sql.ErrNoRows) {
		return key, err
	}
	key = make([]byte, MaskKeyBytes)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO tarn_mask_key (id, key) VALUES (1, ?)
		ON CONFLICT (id) DO NOTHING`), hex.EncodeToString(key)); err != nil {
		return nil, fmt.Errorf("store the mask key: %w", err)
	}
	return s.readMaskKey(ctx)
}

func (s *Store) readMaskKey(ctx context.Context) ([]byte, error) {
	var stored string
	if err := s.db.QueryRowContext(ctx, `SELECT key FROM tarn_mask_key WHERE id = 1`).Scan(&stored); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("read the mask key: %w", err)
	}
	b, err := hex.DecodeString(stored)
	if err != nil || len(b) == 0 {
		return nil, fmt.Errorf("the stored mask key is not a hex string: %v", err)
	}
	return b, nil
}
