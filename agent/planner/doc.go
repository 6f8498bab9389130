// Package planner is the offline model: a deterministic planner that turns a
// question about the lake into the same kind of Code Mode script an LLM
// writes, without any network. It is grounded in a small semantic model of
// the demo lake (metrics, dimensions, synonyms and time phrases relative to
// the prompt's Now) and refuses, saying what it understood, when a question
// has a word it does not know instead of guessing.
package planner
