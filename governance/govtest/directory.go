package govtest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/tarn-data/tarn/governance"
)

// Directory is a governance.Directory whose people and groups a test sets
// and changes as it goes. It is safe for concurrent use.
type Directory struct {
	mu     sync.Mutex
	people map[string]governance.Principal
	groups map[string]bool
}

var _ governance.Directory = (*Directory)(nil)

// NewDirectory returns a directory of people. Each also gets the identity
// "cli:<name>" unless it names identities of its own; every group a person
// is in is a known group.
func NewDirectory(people ...governance.Principal) *Directory {
	d := &Directory{people: map[string]governance.Principal{}, groups: map[string]bool{}}
	for _, p := range people {
		d.Put(p)
	}
	return d
}

// Put adds or replaces a person.
func (d *Directory) Put(p governance.Principal) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(p.Identities) == 0 {
		p.Identities = []string{"cli:" + p.Name}
	}
	if p.Kind == "" {
		p.Kind = "person"
	}
	for _, g := range p.Groups {
		d.groups[g] = true
	}
	d.people[p.Name] = clonePrincipal(p)
}

// Remove forgets a person.
func (d *Directory) Remove(name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.people, name)
}

// AddGroup makes a group known, with or without members.
func (d *Directory) AddGroup(group string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.groups[group] = true
}

// SetGroups replaces the groups a person is in.
func (d *Directory) SetGroups(name string, groups ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := d.people[name]
	p.Groups = slices.Clone(groups)
	for _, g := range groups {
		d.groups[g] = true
	}
	d.people[name] = p
}

// Lookup finds the person with an identity.
func (d *Directory) Lookup(_ context.Context, identity string) (governance.Principal, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range d.people {
		if slices.Contains(p.Identities, identity) {
			return clonePrincipal(p), nil
		}
	}
	return governance.Principal{}, fmt.Errorf("%w: identity %q", governance.ErrUnknownPrincipal, identity)
}

// Principal finds a person by name.
func (d *Directory) Principal(_ context.Context, name string) (governance.Principal, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.people[name]
	if !ok {
		return governance.Principal{}, fmt.Errorf("%w: %q", governance.ErrUnknownPrincipal, name)
	}
	return clonePrincipal(p), nil
}

// Groups lists the known groups, sorted.
func (d *Directory) Groups(context.Context) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.groups))
	for g := range d.groups {
		out = append(out, g)
	}
	sort.Strings(out)
	return out, nil
}

func clonePrincipal(p governance.Principal) governance.Principal {
	p.Identities = slices.Clone(p.Identities)
	p.Groups = slices.Clone(p.Groups)
	return p
}
