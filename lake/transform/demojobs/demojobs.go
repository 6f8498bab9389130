// Package demojobs holds the demo lake's Transformer jobs: the SQL files
// that build fct.traffic_daily (a daily rollup of fct.http_requests) and
// fct.billings_allocated (invoices spread over the months they pay for),
// and the weekly maintenance of fct.http_requests. `tarn demo` writes them
// into the data directory's jobs folder and runs them.
package demojobs

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed *.sql
var files embed.FS

// FS returns the job files.
func FS() fs.FS { return files }

// Owner is the identity the demo jobs run as: the demo directory's
// transformer service, in the analysts and billing groups.
const Owner = "job:transformer"

// Write copies the job files into dir, creating it, and leaves files that
// are already there alone (people may have edited them). It returns the
// names of the files written and the file system's errors.
func Write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the jobs folder: %w", err)
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	var written []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if _, err := os.Stat(path); err == nil {
			continue
		} else if !errors.Is(err, os.ErrNotExist) {
			return written, err
		}
		b, err := fs.ReadFile(files, e.Name())
		if err != nil {
			return written, err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return written, fmt.Errorf("writing %s: %w", path, err)
		}
		written = append(written, e.Name())
	}
	return written, nil
}
