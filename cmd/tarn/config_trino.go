package main

import (
	"reflect"

	enginetrino "github.com/tarn-data/tarn/engine/trino"
)

// TrinoConfig sends queries to a Trino cluster that reads the same
// catalog. With a URL, every query the guard passed and governance allowed
// runs on Trino as the asking person, except those Trino cannot run as
// DuckDB would (time travel, a session flip's raw columns, queries that
// read no table), which stay on DuckDB; engine.query_timeout bounds both.
type TrinoConfig struct {
	// URL is the coordinator in trino-go-client's DSN form, e.g.
	// http://tarn@trino:8080?catalog=tarn; "" keeps every query on DuckDB.
	URL string
}

type fileTrino struct {
	URL yamlValue `yaml:"url"`
}

func init() {
	sections["engine.trino."] = reflect.TypeOf(fileTrino{})
	settings = append(settings, setting{"engine.trino.url", "TARN_TRINO_URL", "", func(c *Config, v string) error {
		// Checked when the engine opens (enginetrino.Open), whose errors do
		// not repeat the URL: it may hold a password.
		return setText(&c.Engine.Trino.URL, v, "http://tarn@trino:8080?catalog="+enginetrino.Catalog)
	}})
}
