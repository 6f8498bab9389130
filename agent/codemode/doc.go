// Package codemode runs Code Mode scripts: small JavaScript programs, written
// by a model or by the offline planner, that answer a question through one API
// object, tarn. Each script runs in a fresh QuickJS VM (modernc.org/quickjs)
// with a memory limit, a time limit and no network, files, environment or
// module loading; the only way out is the Host the caller passes in, which
// runs searches and SQL as the asking user.
//
// APIDoc is the one description of that API; it is also the text the model
// reads.
package codemode
