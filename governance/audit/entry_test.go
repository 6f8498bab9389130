package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/tarn-data/tarn/governance/audit"
)

// TestCanonicalJSONIsTheDocumentedForm pins the hash input byte for byte, so
// that a change to the encoding (which would orphan every stored hash) cannot
// go unnoticed, and so an auditor has a worked example.
func TestCanonicalJSONIsTheDocumentedForm(t *testing.T) {
	e := audit.Entry{
		Seq:     7,
		Time:    time.Date(2026, 5, 28, 11, 30, 0, 120000000, time.FixedZone("CEST", 2*3600)),
		Actor:   "carol",
		Action:  "query",
		Object:  "fct.security_events",
		SQL:     "SELECT source_ip\nFROM fct.security_events WHERE note = 'a<b & \"c\"'",
		Tables:  []string{"fct.security_events"},
		Columns: []string{"source_ip"},
		Raw:     []string{"source_ip"},
		FlipID:  3, Justification: "incident 42", Rows: 5, Allowed: true,
		Detail:   map[string]string{"zone": "z1", "approver": "dave"},
		PrevHash: "ab" + audit.ZeroHash[2:],
	}
	want := `{"seq":7,"time":"2026-05-28T09:30:00.120000Z","actor":"carol","action":"query",` +
		`"object":"fct.security_events","sql":"SELECT source_ip\nFROM fct.security_events WHERE note = 'a<b & \"c\"'",` +
		`"tables":["fct.security_events"],"columns":["source_ip"],"masked":[],"raw":["source_ip"],` +
		`"flip_id":3,"justification":"incident 42","rows":5,"allowed":true,"reason":"",` +
		`"detail":{"approver":"dave","zone":"z1"},` +
		`"prev_hash":"ab00000000000000000000000000000000000000000000000000000000000000"}`
	got := string(audit.CanonicalJSON(e))
	if got != want {
		t.Fatalf("canonical encoding\n got %s\nwant %s", got, want)
	}
	sum := sha256.Sum256([]byte(want))
	if h := audit.ComputeHash(e); h != hex.EncodeToString(sum[:]) {
		t.Errorf("ComputeHash = %s, want the SHA-256 of the canonical bytes", h)
	}
	e.Hash = "anything"
	if string(audit.CanonicalJSON(e)) != want {
		t.Error("Hash must not be part of its own input")
	}
}

func TestCanonicalJSONTreatsNilAndEmptyAlike(t *testing.T) {
	a := audit.Entry{Seq: 1, Actor: "a", Action: "b"}
	b := a
	b.Tables, b.Detail = []string{}, map[string]string{}
	if audit.ComputeHash(a) != audit.ComputeHash(b) {
		t.Error("nil and empty lists or details hash differently; a round trip through the store would break them")
	}
}
