package files

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// file is one file to ingest.
type file struct {
	// rel is the path below the walked folder, with forward slashes; the
	// incremental position compares these.
	rel  string
	abs  string
	size int64
	mod  time.Time
}

// list returns the files o selects, in path order, leaving out hidden
// files (.name, _name: temporary files, _SUCCESS markers) and those
// modified after settled.
func list(o Options, settled time.Time) ([]file, error) {
	base, rest := split(o.Pattern)
	st, err := os.Stat(filepath.FromSlash(base))
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		if rest != "" { // a pattern below a file matches nothing
			return nil, nil
		}
		if !st.Mode().IsRegular() || st.ModTime().After(settled) {
			return nil, nil
		}
		return []file{{rel: path.Base(base), abs: filepath.FromSlash(base), size: st.Size(), mod: st.ModTime()}}, nil
	}
	var out []file
	root := filepath.FromSlash(base)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rest == "" {
			if formatOf(name) != o.Format {
				return nil
			}
		} else if !match(strings.Split(rest, "/"), strings.Split(rel, "/")) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.ModTime().After(settled) {
			return nil
		}
		out = append(out, file{rel: rel, abs: p, size: info.Size(), mod: info.ModTime()})
		return nil
	})
	sort.Slice(out, func(a, b int) bool { return out[a].rel < out[b].rel })
	return out, err
}

// match matches path segments against pattern segments, ** standing for
// any number of segments.
func match(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if match(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// fingerprint identifies a set of files by their paths, sizes and
// modification times.
func fingerprint(fs []file) string {
	h := sha256.New()
	for _, f := range fs {
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", f.rel, f.size, f.mod.UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// batches cuts files into runs of at most max bytes, one file at least.
func batches(fs []file, max int64) [][]file {
	var out [][]file
	var cur []file
	var n int64
	for _, f := range fs {
		if len(cur) > 0 && n+f.size > max {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, f)
		n += f.size
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
