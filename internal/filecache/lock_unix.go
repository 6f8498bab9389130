//go:build unix

package filecache

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

var errLocked = errors.New("read cache in use by another process")

// lockDir takes an exclusive lock on dir for this process, or fails with
// errLocked when another process holds it. Closing the file releases it.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}
