package main

import (
	"errors"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake"
	"github.com/tarn-data/tarn/store"
)

// DefaultCacheMaxBytes bounds the read cache of an s3:// warehouse.
const DefaultCacheMaxBytes = 10 << 30

// fileLakeS3 mirrors the lake.s3 section of the config file.
type fileLakeS3 struct {
	Endpoint        yamlValue `yaml:"endpoint"`
	Region          yamlValue `yaml:"region"`
	AccessKeyID     yamlValue `yaml:"access_key_id"`
	SecretAccessKey yamlValue `yaml:"secret_access_key"`
	SessionToken    yamlValue `yaml:"session_token"`
	PathStyle       yamlValue `yaml:"path_style"`
	Compat          yamlValue `yaml:"compat"`
}

// The object storage settings. Credentials left unset come from the AWS
// SDK's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN, AWS_PROFILE, instance roles); secrets are best given
// by environment rather than in the file.
var storageSettings = []setting{
	{"lake.cache_dir", "TARN_CACHE_DIR", "", func(c *Config, v string) error {
		return setText(&c.Lake.CacheDir, v, "/var/cache/tarn")
	}},
	{"lake.cache_max_bytes", "TARN_CACHE_MAX_BYTES", "", func(c *Config, v string) error {
		n, err := parseSize(v)
		if err == nil && n == 0 {
			err = errors.New("must be more than zero; write it like 20GiB")
		}
		c.Lake.CacheMaxBytes = n
		return err
	}},
	{"lake.s3.endpoint", "TARN_S3_ENDPOINT", "", func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("write it like https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000")
		}
		c.Lake.S3.Endpoint = v
		return nil
	}},
	{"lake.s3.region", "TARN_S3_REGION", "", func(c *Config, v string) error {
		return setText(&c.Lake.S3.Region, v, "us-east-1, or auto for R2")
	}},
	{"lake.s3.access_key_id", "TARN_S3_ACCESS_KEY_ID", "", func(c *Config, v string) error {
		return setText(&c.Lake.S3.AccessKeyID, v, "AKIA…")
	}},
	{"lake.s3.secret_access_key", "TARN_S3_SECRET_ACCESS_KEY", "", func(c *Config, v string) error {
		return setText(&c.Lake.S3.SecretAccessKey, v, "the key's secret")
	}},
	{"lake.s3.session_token", "TARN_S3_SESSION_TOKEN", "", func(c *Config, v string) error {
		return setText(&c.Lake.S3.SessionToken, v, "the temporary credentials' token")
	}},
	{"lake.s3.path_style", "TARN_S3_PATH_STYLE", "", func(c *Config, v string) error {
		return setBool(&c.Lake.S3.PathStyle, v)
	}},
	{"lake.s3.compat", "TARN_S3_COMPAT", "", func(c *Config, v string) error {
		return setBool(&c.Lake.S3.Compat, v)
	}},
}

func init() {
	settings = append(settings, storageSettings...)
	sections["lake.s3."] = reflect.TypeOf(fileLakeS3{})
}

// lakeOptions are the lake's settings: its warehouse (default
// <DataDir>/warehouse) and, for an s3:// one, how to reach it and where
// to cache its files.
func (m *Main) lakeOptions(db *store.DB) (lake.Options, error) {
	c := m.Config.Lake
	o := lake.Options{
		Store:          db,
		Warehouse:      c.Warehouse,
		TargetFileSize: c.TargetFileSize,
		CommitRetries:  max(c.CommitRetries, 30),
		CacheDir:       c.CacheDir,
		CacheMaxBytes:  c.CacheMaxBytes,
	}
	if o.Warehouse == "" {
		o.Warehouse = filepath.Join(m.Config.DataDir, "warehouse")
	}
	if o.CacheDir == "" {
		o.CacheDir = filepath.Join(m.Config.DataDir, "cache")
	}
	if o.CacheMaxBytes <= 0 {
		o.CacheMaxBytes = DefaultCacheMaxBytes
	}
	scheme, rest, remote := strings.Cut(o.Warehouse, "://")
	if !remote || scheme == "file" {
		return o, nil
	}
	if scheme != "s3" && scheme != "s3a" && scheme != "s3n" {
		return o, tarn.Wrap(ErrInvalidConfig, tarn.EINVALID, "Give a directory or s3://bucket/prefix.",
			"lake.warehouse %s is in %s://, which Tarn cannot store tables in.", o.Warehouse, scheme)
	}
	if bucket, _, _ := strings.Cut(rest, "/"); bucket == "" {
		return o, tarn.Wrap(ErrInvalidConfig, tarn.EINVALID, "Write it like s3://my-bucket/tarn.",
			"lake.warehouse %s names no bucket.", o.Warehouse)
	}
	if err := c.S3.Validate(); err != nil {
		return o, tarn.Wrap(err, tarn.EINVALID, "Fix lake.s3.* in the config file or the TARN_S3_* variables; leave the keys out to use the AWS_* ones.",
			"The object storage settings do not work together: %v.", err)
	}
	o.IOProps = c.S3.Props()
	return o, nil
}
