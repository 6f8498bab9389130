// Package yamldir is a governance.Directory read from a YAML file: the
// people and service accounts Tarn knows, the identities the front doors
// give them, and their groups.
//
//	people:
//	  - name: alice
//	    kind: person
//	    identities: [cli:alice, slack:T01/U01, web:alice]
//	    groups: [analysts]
//	groups:
//	  - name: analysts
//	    description: Read traffic and customer tables.
//
// The file is checked for changes (modification time and size) at most once
// a second, so an edit takes effect without a restart. A file that no longer
// parses leaves the last good version in force; Err says what is wrong.
package yamldir
