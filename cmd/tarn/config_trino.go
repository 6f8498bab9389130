package main

import (
	"errors"
	"reflect"
	"strings"
	"time"

	enginetrino "github.com/tarn-data/tarn/engine/trino"
)

// TrinoConfig sends queries to a Trino cluster that reads the same
// catalog. With a URL, every query the guard passed and governance allowed
// runs on Trino as the asking person, except those Trino cannot run as
// DuckDB would (time travel, a session flip's raw columns, queries that
// read no table), which stay on DuckDB, as every query does for RulesLag
// after the rules changed; engine.query_timeout bounds both.
type TrinoConfig struct {
	// URL is the coordinator in trino-go-client's DSN form, e.g.
	// http://tarn@trino:8080?catalog=tarn; "" keeps every query on DuckDB.
	URL string
	// RulesLag keeps queries on DuckDB for this long after grants,
	// reviews or flips changed, until Trino has surely re-read the rules
	// document: at least Trino's security.refresh-period (30 s in deploy/)
	// plus a margin. 0 trusts Trino's rules to be current at once.
	RulesLag time.Duration
}

// DefaultTrinoRulesLag is engine.trino.rules_lag's default: deploy/'s
// 30 s refresh period and 5 s to spare.
const DefaultTrinoRulesLag = 35 * time.Second

type fileTrino struct {
	URL      yamlValue `yaml:"url"`
	RulesLag yamlValue `yaml:"rules_lag"`
}

func init() {
	sections["engine.trino."] = reflect.TypeOf(fileTrino{})
	settings = append(settings, setting{"engine.trino.url", "TARN_TRINO_URL", "", func(c *Config, v string) error {
		// Checked when the engine opens (enginetrino.Open), whose errors do
		// not repeat the URL: it may hold a password.
		return setText(&c.Engine.Trino.URL, v, "http://tarn@trino:8080?catalog="+enginetrino.Catalog)
	}}, setting{"engine.trino.rules_lag", "TARN_TRINO_RULES_LAG", "", func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < 0 {
			return errors.New("want a duration, like 35s (0 to send queries to Trino at once after a change)")
		}
		c.Engine.Trino.RulesLag = d
		return nil
	}})
}
