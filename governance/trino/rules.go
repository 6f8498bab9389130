package trino

// The document, field for field as Trino's file-based system access
// control reads it (FileBasedSystemAccessControlRules and its rule types).
// Regular expressions are Java's, matched against the whole name.

type document struct {
	Catalogs []catalogRule `json:"catalogs"`
	Schemas  []schemaRule  `json:"schemas"`
	Tables   []tableRule   `json:"tables"`
}

// catalogRule: Allow is "all", "read-only" or "none".
type catalogRule struct {
	User    string `json:"user,omitempty"`
	Group   string `json:"group,omitempty"`
	Catalog string `json:"catalog,omitempty"`
	Allow   string `json:"allow"`
}

type schemaRule struct {
	User    string `json:"user,omitempty"`
	Group   string `json:"group,omitempty"`
	Catalog string `json:"catalog,omitempty"`
	Schema  string `json:"schema,omitempty"`
	Owner   bool   `json:"owner"`
}

// tableRule: Privileges are zero or more of SELECT, INSERT, DELETE,
// UPDATE, OWNERSHIP, GRANT_SELECT; an empty list denies.
type tableRule struct {
	User       string       `json:"user,omitempty"`
	Group      string       `json:"group,omitempty"`
	Catalog    string       `json:"catalog,omitempty"`
	Schema     string       `json:"schema,omitempty"`
	Table      string       `json:"table,omitempty"`
	Privileges []string     `json:"privileges"`
	Columns    []columnRule `json:"columns,omitempty"`
	Filter     string       `json:"filter,omitempty"`
}

// columnRule: Allow false hides the column; Mask replaces its values.
type columnRule struct {
	Name  string `json:"name"`
	Allow *bool  `json:"allow,omitempty"`
	Mask  string `json:"mask,omitempty"`
}
