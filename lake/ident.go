package lake

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/apache/iceberg-go/table"
	"github.com/tarn-data/tarn"
)

// Ident names a table as namespace.table.
type Ident struct {
	Namespace string
	Name      string
}

var identPart = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// ParseIdent parses "namespace.table". Both parts are lower-case SQL
// identifiers: letters, digits and underscores, not starting with a digit.
func ParseIdent(s string) (Ident, error) {
	ns, name, ok := strings.Cut(strings.TrimSpace(s), ".")
	id := Ident{Namespace: ns, Name: name}
	if !ok || strings.Contains(name, ".") {
		return id, tarn.Wrap(fmt.Errorf("%w: table name %q", ErrInvalid, s), tarn.EINVALID,
			"Name tables as namespace.table, for example fct.http_requests.",
			"%q is not a table name.", s)
	}
	return id, id.Validate()
}

// MustIdent parses s and panics on error; for constants in code and tests.
func MustIdent(s string) Ident {
	id, err := ParseIdent(s)
	if err != nil {
		panic(err)
	}
	return id
}

// Validate reports whether both parts are valid identifiers.
func (id Ident) Validate() error {
	for _, p := range []string{id.Namespace, id.Name} {
		if !identPart.MatchString(p) {
			return tarn.Wrap(fmt.Errorf("%w: identifier %q", ErrInvalid, p), tarn.EINVALID,
				"Use lower-case letters, digits and underscores, starting with a letter.",
				"%q is not a valid namespace or table name.", p)
		}
	}
	return nil
}

func (id Ident) String() string { return id.Namespace + "." + id.Name }

func (id Ident) iceberg() table.Identifier { return table.Identifier{id.Namespace, id.Name} }

// MarshalText writes the identifier as "namespace.table".
func (id Ident) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText parses "namespace.table".
func (id *Ident) UnmarshalText(b []byte) error {
	v, err := ParseIdent(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}
