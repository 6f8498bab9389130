// Package sqlmemory keeps the agent's memory (agent.Memory: verified
// examples and team notes) in Tarn's metadata database, SQLite or Postgres.
package sqlmemory
