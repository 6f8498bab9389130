package kafka

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// TLS says how a job's client reaches brokers over TLS.
type TLS struct {
	// Enabled turns TLS on (the system's roots verify the brokers).
	Enabled bool `yaml:"enabled"`
	// CAFile is a PEM file of roots to verify the brokers with instead.
	CAFile string `yaml:"ca_file"`
	// ServerName overrides the name verified in the brokers' certificates.
	ServerName string `yaml:"server_name"`
}

// SASL says how a job's client authenticates.
type SASL struct {
	// Mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.
	Mechanism string `yaml:"mechanism"`
	Username  string `yaml:"username"`
	// Password should be written as ${NAME}, taken from the environment.
	Password string `yaml:"password"`
}

// clientOptions turns TLS and SASL settings into franz-go options. It
// returns a message for the job's SourceError.
func clientOptions(t *TLS, s *SASL) ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if t != nil && (t.Enabled || t.CAFile != "") {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.ServerName}
		if t.CAFile != "" {
			pem, err := os.ReadFile(t.CAFile)
			if err != nil {
				return nil, fmt.Errorf("tls.ca_file cannot be read: %v", err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("tls.ca_file %s holds no PEM certificate", t.CAFile)
			}
		}
		opts = append(opts, kgo.DialTLSConfig(cfg))
	}
	if s != nil {
		if s.Username == "" || s.Password == "" {
			return nil, fmt.Errorf("sasl needs a username and a password (write it as ${NAME} to take it from the environment)")
		}
		switch strings.ToUpper(strings.TrimSpace(s.Mechanism)) {
		case "PLAIN":
			opts = append(opts, kgo.SASL(plain.Auth{User: s.Username, Pass: s.Password}.AsMechanism()))
		case "SCRAM-SHA-256":
			opts = append(opts, kgo.SASL(scram.Auth{User: s.Username, Pass: s.Password}.AsSha256Mechanism()))
		case "SCRAM-SHA-512":
			opts = append(opts, kgo.SASL(scram.Auth{User: s.Username, Pass: s.Password}.AsSha512Mechanism()))
		default:
			return nil, fmt.Errorf("sasl mechanism %q is unknown; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", s.Mechanism)
		}
	}
	return opts, nil
}
