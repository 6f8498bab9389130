package yamldir

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"gopkg.in/yaml.v3"
)

// ErrInvalid says the directory file is not usable.
var ErrInvalid = errors.New("invalid directory file")

// CheckEvery is how often, at most, the file is checked for changes.
const CheckEvery = time.Second

// File is the YAML document.
type File struct {
	People []Person `yaml:"people"`
	Groups []Group  `yaml:"groups"`
}

// Person is one principal in the file.
type Person struct {
	Name string `yaml:"name"`
	// Kind is "person" (the default) or "service".
	Kind       string   `yaml:"kind,omitempty"`
	Identities []string `yaml:"identities"`
	Groups     []string `yaml:"groups,omitempty"`
}

// Group is one group in the file.
type Group struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
}

// Directory resolves identities through a YAML file. It is safe for
// concurrent use.
type Directory struct {
	path  string
	clock tarn.Clock

	mu      sync.Mutex
	cur     *index
	err     error
	checked time.Time
	modTime time.Time
	size    int64
}

var _ governance.Directory = (*Directory)(nil)

// index is one parsed version of the file.
type index struct {
	byName     map[string]governance.Principal
	byIdentity map[string]string // identity → name
	groups     []string
}

// Open reads the directory file at path. The first read must succeed; later
// failures keep the last good version (see Err). A nil clock means the
// system clock.
func Open(path string, clock tarn.Clock) (*Directory, error) {
	if clock == nil {
		clock = tarn.SystemClock{}
	}
	d := &Directory{path: path, clock: clock}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	idx, err := load(path)
	if err != nil {
		return nil, err
	}
	d.cur, d.modTime, d.size, d.checked = idx, st.ModTime(), st.Size(), clock.Now()
	return d, nil
}

// New builds a directory from YAML text that never changes.
func New(data []byte) (*Directory, error) {
	idx, err := parse(data)
	if err != nil {
		return nil, err
	}
	return &Directory{cur: idx}, nil
}

// Err returns why the last change to the file was not taken, or nil if the
// version in force is the file's current content.
func (d *Directory) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refreshLocked()
	return d.err
}

// Lookup finds the principal an identity belongs to; unknown identities
// return an error wrapping governance.ErrUnknownPrincipal.
func (d *Directory) Lookup(_ context.Context, identity string) (governance.Principal, error) {
	idx := d.index()
	name, ok := idx.byIdentity[identity]
	if !ok {
		return governance.Principal{}, fmt.Errorf("%w: identity %q", governance.ErrUnknownPrincipal, identity)
	}
	return clone(idx.byName[name]), nil
}

// Principal finds a principal by name; unknown names return an error
// wrapping governance.ErrUnknownPrincipal.
func (d *Directory) Principal(_ context.Context, name string) (governance.Principal, error) {
	p, ok := d.index().byName[strings.ToLower(name)]
	if !ok {
		return governance.Principal{}, fmt.Errorf("%w: %q", governance.ErrUnknownPrincipal, name)
	}
	return clone(p), nil
}

// Groups lists every group name, sorted.
func (d *Directory) Groups(context.Context) ([]string, error) {
	return slices.Clone(d.index().groups), nil
}

// Principals lists every principal, sorted by name.
func (d *Directory) Principals(context.Context) ([]governance.Principal, error) {
	idx := d.index()
	out := make([]governance.Principal, 0, len(idx.byName))
	for _, p := range idx.byName {
		out = append(out, clone(p))
	}
	slices.SortFunc(out, func(a, b governance.Principal) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (d *Directory) index() *index {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refreshLocked()
	return d.cur
}

// refreshLocked re-reads the file if it changed and the last check is at
// least CheckEvery old.
func (d *Directory) refreshLocked() {
	if d.path == "" {
		return
	}
	now := d.clock.Now()
	if now.Sub(d.checked) < CheckEvery {
		return
	}
	d.checked = now
	st, err := os.Stat(d.path)
	if err != nil {
		d.err = fmt.Errorf("%w: %v", ErrInvalid, err)
		return
	}
	if st.ModTime().Equal(d.modTime) && st.Size() == d.size {
		return
	}
	idx, err := load(d.path)
	if err != nil {
		// Keep the last good version; try again only after the next change.
		d.err = err
		d.modTime, d.size = st.ModTime(), st.Size()
		return
	}
	d.cur, d.err, d.modTime, d.size = idx, nil, st.ModTime(), st.Size()
}

func load(path string) (*index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	idx, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, path, errors.Unwrap(err))
	}
	return idx, nil
}

// parse checks and indexes a directory document.
func parse(data []byte) (*index, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return build(f)
}
