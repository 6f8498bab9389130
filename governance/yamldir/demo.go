package yamldir

import _ "embed"

// DemoYAML is the directory of the demo lake's people: alice (analysts),
// bob (analysts, billing), carol (analysts, security), dave (governance)
// and erin (no groups), each known as cli:<name> and web:<name>, and the
// alerts service (alert:tarn; analysts, security) that alert investigations
// run as. `tarn demo` writes it to the data directory, where it can be edited.
//
//go:embed demo.yaml
var DemoYAML []byte

// Demo returns the demo directory.
func Demo() *Directory {
	d, err := New(DemoYAML)
	if err != nil {
		panic("yamldir: demo.yaml: " + err.Error())
	}
	return d
}
