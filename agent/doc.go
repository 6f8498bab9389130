// Package agent answers questions in plain English: it picks context for the
// question, has a model (or the offline planner) write a Code Mode script, and
// runs that script in the sandbox of package codemode as the asking user.
package agent
