package yamldir

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tarn-data/tarn/governance"
)

// build checks a parsed file and indexes it. Names are lower case; every
// identity is "<front door>:<id>" and belongs to one principal; every group
// a person is in is declared under groups.
func build(f File) (*index, error) {
	idx := &index{byName: map[string]governance.Principal{}, byIdentity: map[string]string{}}
	declared := map[string]bool{}
	for _, g := range f.Groups {
		name := strings.ToLower(strings.TrimSpace(g.Name))
		if name == "" {
			return nil, fmt.Errorf("%w: a group has no name", ErrInvalid)
		}
		if declared[name] {
			return nil, fmt.Errorf("%w: group %s is declared twice", ErrInvalid, name)
		}
		declared[name] = true
		idx.groups = append(idx.groups, name)
	}
	slices.Sort(idx.groups)
	for _, p := range f.People {
		name := strings.ToLower(strings.TrimSpace(p.Name))
		if name == "" {
			return nil, fmt.Errorf("%w: a person has no name", ErrInvalid)
		}
		if _, dup := idx.byName[name]; dup {
			return nil, fmt.Errorf("%w: %s is listed twice", ErrInvalid, name)
		}
		kind := p.Kind
		switch kind {
		case "":
			kind = "person"
		case "person", "service":
		default:
			return nil, fmt.Errorf("%w: %s has kind %q; write person or service", ErrInvalid, name, kind)
		}
		pr := governance.Principal{Name: name, Kind: kind}
		for _, id := range p.Identities {
			id = strings.TrimSpace(id)
			door, rest, ok := strings.Cut(id, ":")
			if !ok || door == "" || rest == "" {
				return nil, fmt.Errorf("%w: %s has identity %q; write <front door>:<id>, e.g. cli:%s", ErrInvalid, name, id, name)
			}
			if other, dup := idx.byIdentity[id]; dup {
				return nil, fmt.Errorf("%w: identity %s belongs to both %s and %s", ErrInvalid, id, other, name)
			}
			idx.byIdentity[id] = name
			pr.Identities = append(pr.Identities, id)
		}
		for _, g := range p.Groups {
			g = strings.ToLower(strings.TrimSpace(g))
			if !declared[g] {
				return nil, fmt.Errorf("%w: %s is in group %q, which is not declared under groups", ErrInvalid, name, g)
			}
			if !slices.Contains(pr.Groups, g) {
				pr.Groups = append(pr.Groups, g)
			}
		}
		slices.Sort(pr.Groups)
		idx.byName[name] = pr
	}
	return idx, nil
}

func clone(p governance.Principal) governance.Principal {
	p.Identities = slices.Clone(p.Identities)
	p.Groups = slices.Clone(p.Groups)
	return p
}
