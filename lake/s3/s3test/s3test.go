// Package s3test runs an in-memory S3-compatible store (gofakes3) on
// loopback for tests, counting the object reads it serves.
package s3test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/tarn-data/tarn/lake/s3"
)

// Server is a fake S3 store with one bucket, addressed path-style.
type Server struct {
	// URL is the endpoint, http://127.0.0.1:<port>.
	URL    string
	Bucket string

	srv     *httptest.Server
	backend *s3mem.Backend
	clock   *clock

	gets      atomic.Int64
	checksums atomic.Int64
	refuse    atomic.Bool

	mu     sync.Mutex
	getsOf map[string]int64
}

// New starts a fake store with bucket on loopback; it stops when the test
// ends.
func New(t testing.TB, bucket string) *Server {
	t.Helper()
	s := &Server{Bucket: bucket, clock: &clock{}, getsOf: map[string]int64{}}
	s.backend = s3mem.New(s3mem.WithTimeSource(s.clock))
	fake := gofakes3.New(s.backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	if err := s.backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(s.wrap(fake.Server()))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Config is how a lake reaches the store: its endpoint, fixed test
// credentials, path-style addressing and compatibility mode.
func (s *Server) Config() s3.Config {
	return s3.Config{Endpoint: s.URL, Region: "us-east-1", AccessKeyID: "tarn", SecretAccessKey: "tarn-secret", PathStyle: true, Compat: true}
}

// Warehouse returns s3://<bucket>/<prefix>.
func (s *Server) Warehouse(prefix string) string {
	return "s3://" + s.Bucket + "/" + strings.Trim(prefix, "/")
}

// Gets counts the object reads (GET of a key, any range) served so far.
func (s *Server) Gets() int64 { return s.gets.Load() }

// GetsOf counts the reads of one object, by location (s3://bucket/key) or key.
func (s *Server) GetsOf(location string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.getsOf[s.key(location)]
}

// GetsWithSuffix counts the reads of objects whose keys end in suffix,
// e.g. ".parquet" for data and delete files.
func (s *Server) GetsWithSuffix(suffix string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for k, c := range s.getsOf {
		if strings.HasSuffix(k, suffix) {
			n += c
		}
	}
	return n
}

// ChecksumUploads counts the writes that carried checksum headers.
func (s *Server) ChecksumUploads() int64 { return s.checksums.Load() }

// RefuseChecksums makes the store refuse writes that carry checksum headers
// with 501 NotImplemented, as R2 did.
func (s *Server) RefuseChecksums(on bool) { s.refuse.Store(on) }

// Backdate stamps objects written from now on as written d ago (until the
// next call; 0 is the present).
func (s *Server) Backdate(d time.Duration) { s.clock.offset.Store(int64(d)) }

// Put stores an object directly, bypassing any client.
func (s *Server) Put(location string, data []byte) error {
	_, err := s.backend.PutObject(s.Bucket, s.key(location), map[string]string{}, strings.NewReader(string(data)), int64(len(data)), nil)
	return err
}

// Has reports whether an object exists.
func (s *Server) Has(location string) bool {
	_, err := s.backend.HeadObject(s.Bucket, s.key(location))
	return err == nil
}

// key turns a location (s3://bucket/key) into the key.
func (s *Server) key(location string) string {
	for _, scheme := range s3.Schemes {
		location = strings.TrimPrefix(location, scheme+"://"+s.Bucket+"/")
	}
	return location
}

func (s *Server) wrap(h http.Handler) http.Handler {
	prefix := "/" + s.Bucket + "/"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut || r.Method == http.MethodPost {
			if hasChecksum(r.Header) {
				s.checksums.Add(1)
				if s.refuse.Load() {
					w.WriteHeader(http.StatusNotImplemented)
					_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>Header 'x-amz-checksum-crc32' not implemented</Message></Error>`))
					return
				}
			}
		}
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, prefix) && len(r.URL.Path) > len(prefix) {
			s.gets.Add(1)
			s.mu.Lock()
			s.getsOf[strings.TrimPrefix(r.URL.Path, prefix)]++
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func hasChecksum(h http.Header) bool {
	for k := range h {
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "x-amz-checksum-") || k == "x-amz-sdk-checksum-algorithm" || k == "x-amz-trailer" {
			return true
		}
	}
	return false
}

// clock is the time objects are stamped with: now, shifted back by offset.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time                  { return time.Now().Add(-time.Duration(c.offset.Load())) }
func (c *clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }
