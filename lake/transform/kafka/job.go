package kafka

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Kind reads Kafka sources of jobs (source: {kind: kafka, …}); it is the
// transform.SourceKind of kind "kafka". Such jobs append
// (incremental_append); follow: true keeps them running under tarn
// serve (Follow), otherwise each run catches up (Run). The job's target
// and partition are used, and its column docs describe declared columns
// that have no doc of their own.
type Kind struct {
	// Alloc is the Arrow memory runs use; default the lake's.
	Alloc memory.Allocator
	// ClientOptions are added to every run's franz-go client (TLS, SASL).
	ClientOptions []kgo.Opt
	// Lookup finds environment variables for ${NAME} in settings; default
	// os.LookupEnv.
	Lookup func(string) (string, bool)
}

// settings are a job's kafka source settings.
type settings struct {
	Brokers       []string `yaml:"brokers"`
	Topic         string   `yaml:"topic"`
	Schema        []Column `yaml:"schema"`
	MaxBatchRows  int      `yaml:"max_batch_rows"`
	MaxBatchBytes int      `yaml:"max_batch_bytes"`
	MaxBatchWait  string   `yaml:"max_batch_wait"`
	OnMalformed   Policy   `yaml:"on_malformed"`
	StartAtEnd    bool     `yaml:"start_at_end"`
	Name          string   `yaml:"name"`
	TLS           *TLS     `yaml:"tls"`
	SASL          *SASL    `yaml:"sasl"`
}

// Open reads the job's settings and checks them without connecting.
func (k Kind) Open(j *transform.Job) (transform.Ingester, error) {
	if j.Materialization != transform.IncrementalAppend {
		return nil, transform.SourceError(j, "a kafka source appends: use materialization: incremental_append (the default)")
	}
	var s settings
	if err := j.Source.Decode(j, &s, k.Lookup); err != nil {
		return nil, err
	}
	o := Options{Brokers: s.Brokers, Topic: s.Topic, Target: j.Target, Schema: s.Schema, MaxBatchRows: s.MaxBatchRows,
		MaxBatchBytes: s.MaxBatchBytes, OnMalformed: s.OnMalformed, StartAtEnd: s.StartAtEnd, Name: s.Name,
		Partition: j.Partition}
	auth, err := clientOptions(s.TLS, s.SASL)
	if err != nil {
		return nil, transform.SourceError(j, "%v", err)
	}
	o.ClientOptions = append(append([]kgo.Opt{}, k.ClientOptions...), auth...)
	if s.MaxBatchWait != "" {
		d, err := time.ParseDuration(s.MaxBatchWait)
		if err != nil || d <= 0 {
			return nil, transform.SourceError(j, "max_batch_wait %q is not a duration; write it like 10s", s.MaxBatchWait)
		}
		o.MaxBatchWait = d
	}
	for i, c := range o.Schema {
		if c.Doc == "" {
			if d, ok := j.Doc(c.Name); ok {
				o.Schema[i].Doc = d.Description
			}
		}
	}
	if _, _, err := o.withDefaults(); err != nil {
		return nil, transform.SourceError(j, "%s", tarn.ErrorMessage(err))
	}
	return &ingester{o: o, alloc: k.Alloc, follow: j.Source.Follow}, nil
}

type ingester struct {
	o      Options
	alloc  memory.Allocator
	follow bool
}

// Ingest runs Run, or Follow when the job follows and the run asks to.
func (in *ingester) Ingest(ctx context.Context, s *transform.Sink, ro transform.RunOptions) (transform.Ingested, error) {
	alloc := in.alloc
	if alloc == nil {
		alloc = s.Allocator()
	}
	var res Result
	var err error
	if in.follow && ro.Follow {
		o := in.o
		o.Stop = ro.Stop
		res, err = Follow(ctx, s.Lake(), alloc, o, nil)
	} else {
		res, err = Run(ctx, s.Lake(), alloc, in.o)
	}
	out := transform.Ingested{Rows: res.Rows, Created: res.Created, UpToDate: res.Commits == 0, Position: res.Position,
		Sources: []string{"kafka:" + in.o.Topic}}
	if res.Commits > 0 {
		if c, cerr := s.Lake().Load(context.WithoutCancel(ctx), in.o.Target); cerr == nil && c.CurrentSnapshot() != nil {
			out.Snapshot = c.CurrentSnapshot().SnapshotID
		}
	}
	return out, err
}
