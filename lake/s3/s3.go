// Package s3 keeps a lake's files in S3-compatible object storage: AWS S3,
// Cloudflare R2, MinIO and the like. It serves the s3:// (and s3a://,
// s3n://) scheme for iceberg-go's file IO, so a lake opened on an
// s3://bucket/prefix warehouse with Config.Props as its IO properties reads
// and writes through it.
//
// The IO is iceberg-go's own (its gocloud blob file IO over an aws-sdk-go-v2
// client); this package builds the client so that S3-compatible stores work
// too: an endpoint, path-style addressing, and a compatibility mode that sends
// and checks object checksums only when a request requires them (newer SDKs
// send CRC32 checksums on every upload, which R2 and older MinIO refuse).
//
// Import it for its side effect wherever a lake may be opened on object
// storage (cmd/tarn does).
package s3

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/iceberg-go"
	icebergio "github.com/apache/iceberg-go/io"
	"github.com/apache/iceberg-go/io/gocloud/blobfs"
	icebergs3 "github.com/apache/iceberg-go/io/gocloud/s3" // registers first; replaced below
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"gocloud.dev/blob/s3blob"
)

// ErrInvalid reports an S3 setting that cannot work.
var ErrInvalid = errors.New("invalid S3 setting")

// Config is how to reach an S3-compatible store. Empty fields fall back to
// the AWS SDK's defaults: AWS_REGION, AWS_ACCESS_KEY_ID /
// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_ENDPOINT_URL_S3, shared
// config files and instance roles.
type Config struct {
	// Endpoint is the store's URL, e.g. https://<account>.r2.cloudflarestorage.com
	// or http://127.0.0.1:9000; empty for AWS S3.
	Endpoint string
	// Region signs requests; R2 wants "auto". Default AWS_REGION, else us-east-1.
	Region string
	// AccessKeyID and SecretAccessKey, with SessionToken for temporary
	// credentials, are static credentials; leave them empty to use the SDK's
	// credential chain.
	AccessKeyID, SecretAccessKey, SessionToken string
	// PathStyle addresses buckets as <endpoint>/<bucket>/<key> instead of
	// <bucket>.<endpoint>/<key>, as MinIO and most local stores need. It is
	// the default anyway whenever an endpoint is set (here, or by
	// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL); AWS S3 itself is addressed
	// virtual-hosted unless this is set.
	PathStyle bool
	// Compat sends and validates checksums only where a request requires
	// them, and sends none on uploads: for R2, MinIO and other stores that
	// refuse the CRC32 checksum headers newer SDKs add.
	Compat bool
}

// Props are the iceberg-go IO properties for c, under the names iceberg-go
// (and other Iceberg implementations) give them.
func (c Config) Props() iceberg.Properties {
	p := iceberg.Properties{icebergio.S3CompatMode: strconv.FormatBool(c.Compat)}
	if c.PathStyle {
		p[icebergio.S3ForceVirtualAddressing] = "false"
	}
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set(icebergio.S3EndpointURL, c.Endpoint)
	set(icebergio.S3Region, c.Region)
	set(icebergio.S3AccessKeyID, c.AccessKeyID)
	set(icebergio.S3SecretAccessKey, c.SecretAccessKey)
	set(icebergio.S3SessionToken, c.SessionToken)
	return p
}

// Validate reports settings that cannot work together.
func (c Config) Validate() error {
	if (c.AccessKeyID == "") != (c.SecretAccessKey == "") {
		return fmt.Errorf("%w: an access key id and a secret access key go together; give both or neither", ErrInvalid)
	}
	if c.SessionToken != "" && c.AccessKeyID == "" {
		return fmt.Errorf("%w: a session token needs an access key id and a secret access key", ErrInvalid)
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: endpoint %q is not an http(s) URL", ErrInvalid, c.Endpoint)
		}
	}
	return nil
}

// Schemes are the URL schemes this package serves.
var Schemes = []string{"s3", "s3a", "s3n"}

func init() {
	// iceberg-go's S3 backend registered these schemes in its own init,
	// which runs first (this package imports it); the factory here takes
	// the same properties and adds what S3-compatible stores need.
	for _, s := range Schemes {
		icebergio.Unregister(s)
		icebergio.Register(s, open)
	}
}

// buckets caches one bucket handle per bucket, properties and AWS_*
// environment: a handle is safe for concurrent use, and building one reads
// the SDK's configuration sources (environment, files) each time.
var buckets sync.Map // string -> *blob.Bucket

func open(ctx context.Context, u *url.URL, props map[string]string) (icebergio.IO, error) {
	b, err := bucket(ctx, u.Host, props)
	if err != nil {
		return nil, err
	}
	// The file IO carries the context of the operation it serves.
	return blobfs.New(ctx, b, blobfs.DefaultObjectLocationExtractor(u.Host, Schemes...)), nil
}

func bucket(ctx context.Context, name string, props map[string]string) (*blob.Bucket, error) {
	var key strings.Builder
	key.WriteString(name)
	for _, k := range slices.Sorted(maps.Keys(props)) {
		if strings.HasPrefix(k, "s3.") || k == icebergio.S3ClientRegion {
			fmt.Fprintf(&key, "\x00%s=%s", k, props[k])
		}
	}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") {
			fmt.Fprintf(&key, "\x00%s", kv)
		}
	}
	if b, ok := buckets.Load(key.String()); ok {
		return b.(*blob.Bucket), nil
	}
	client, err := newClient(ctx, props)
	if err != nil {
		return nil, err
	}
	b, err := s3blob.OpenBucketV2(ctx, client, name, nil)
	if err != nil {
		return nil, fmt.Errorf("opening bucket %s: %w", name, err)
	}
	if prev, loaded := buckets.LoadOrStore(key.String(), b); loaded {
		b.Close()
		return prev.(*blob.Bucket), nil
	}
	return b, nil
}

// newClient builds the S3 client the properties describe.
func newClient(ctx context.Context, props map[string]string) (*s3.Client, error) {
	// Region, static credentials, proxy and connect timeout as iceberg-go
	// reads them; the SDK's default sources for everything not given.
	cfg, err := icebergs3.ParseAWSConfig(ctx, props)
	if err != nil {
		return nil, fmt.Errorf("configuring S3: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	endpoint := props[icebergio.S3EndpointURL]
	// Stores other than AWS S3 (an endpoint set here or in the SDK's
	// environment) are addressed path-style unless told otherwise.
	pathStyle := endpoint != "" || cfg.BaseEndpoint != nil || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
	if v, err := strconv.ParseBool(props[icebergio.S3ForceVirtualAddressing]); err == nil {
		pathStyle = !v
	}
	compat, _ := strconv.ParseBool(props[icebergio.S3CompatMode])
	return s3.NewFromConfig(*cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.UsePathStyle = pathStyle
		o.DisableLogOutputChecksumValidationSkipped = true
		if compat {
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
			o.APIOptions = append(o.APIOptions, noUploadChecksums)
		}
	}), nil
}
