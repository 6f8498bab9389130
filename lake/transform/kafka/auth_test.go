package kafka

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/lake/transform"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// selfSigned returns a server certificate for 127.0.0.1 and its PEM.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestAKafkaJobReachesBrokersOverTLSWithSASLAndAWrongPasswordIsRefused(t *testing.T) {
	cert, caPEM := selfSigned(t)
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "events"), kfake.EnableSASL(),
		kfake.Superuser("SCRAM-SHA-256", "tarn", "s3cret"), kfake.TLS(&tls.Config{Certificates: []tls.Certificate{cert}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	brokers := c.ListenAddrs()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	producer := []kgo.Opt{kgo.DialTLSConfig(&tls.Config{RootCAs: pool}), kgo.SASL(scram.Auth{User: "tarn", Pass: "s3cret"}.AsSha256Mechanism())}
	produceWith(t, brokers, producer, "events", 2, 0, 300, event)

	env := map[string]string{"KAFKA_PW": "s3cret"}
	kind := Kind{Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	l, _, _ := openLake(t)
	r := transform.NewRunner(transform.Options{Lake: l, Sources: map[string]transform.SourceKind{"kafka": kind}})
	auth := "  tls: {ca_file: " + ca + "}\n  sasl: {mechanism: SCRAM-SHA-256, username: tarn, password: '${KAFKA_PW}'}\n"
	j := kafkaJob(t, brokers, auth)
	if run, err := r.Run(t.Context(), j, transform.RunOptions{}); err != nil || run.Rows != 300 {
		t.Fatalf("run over TLS and SASL: %+v, %v", run, err)
	}

	env["KAFKA_PW"] = "wrong"
	ctx, cancel := contextWithTimeout(t, 20*time.Second)
	defer cancel()
	_, err = r.Run(ctx, kafkaJob(t, brokers, auth), transform.RunOptions{})
	if !errors.Is(err, ErrSource) || !strings.Contains(tarn.ErrorHint(err), "sasl") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("a wrong password: %v", err)
	}
	for extra, want := range map[string]string{
		"  sasl: {mechanism: GSSAPI, username: a, password: b}\n": `mechanism "GSSAPI" is unknown`,
		"  sasl: {mechanism: PLAIN, username: a}\n":               "needs a username and a password",
		"  tls: {ca_file: /no/such/ca.pem}\n":                     "tls.ca_file cannot be read",
	} {
		_, err := kind.Open(kafkaJob(t, brokers, extra))
		if tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(tarn.ErrorMessage(err), want) {
			t.Errorf("%s: got %v, want %q", extra, err, want)
		}
	}
}
