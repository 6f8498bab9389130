//go:build !unix

package filecache

import (
	"errors"
	"io"
)

var errLocked = errors.New("read cache in use by another process")

// lockDir does not lock on this platform: one process per cache directory.
func lockDir(string) (io.Closer, error) { return nopCloser{}, nil }

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
