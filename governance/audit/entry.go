package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Actions commonly written to the log. Callers may use others; Action is
// free text to the log.
const (
	ActionQuery   = "query"
	ActionGrant   = "grant"
	ActionRevoke  = "revoke"
	ActionRequest = "request"
	ActionApprove = "approve"
	ActionDeny    = "deny"
	ActionCancel  = "cancel"
	ActionReview  = "review"
	ActionFlip    = "flip"
	ActionFlipEnd = "flip_end"
	ActionRefuse  = "refuse"
)

// TimeLayout is how entry times are written, both in the database and in the
// canonical encoding: UTC, microseconds, a literal Z.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// ZeroHash is the PrevHash of the first entry.
var ZeroHash = strings.Repeat("0", 64)

// Entry is one line of the audit log.
type Entry struct {
	Seq           int64     // 1, 2, 3… assigned by Append
	Time          time.Time // from the log's clock, UTC, microsecond precision
	Actor         string    // principal name, or the identity if unknown
	Action        string    // "query", "grant", "revoke", "request", "approve", "deny", "cancel", "review", "flip", "flip_end", "refuse", …
	Object        string    // e.g. "fct.http_requests" or "request 12"
	SQL           string    `json:",omitempty"`
	Tables        []string  `json:",omitempty"`
	Columns       []string  `json:",omitempty"` // columns touched
	Masked        []string  `json:",omitempty"` // columns returned masked
	Raw           []string  `json:",omitempty"` // PII columns returned raw (flipped)
	FlipID        int64     `json:",omitempty"`
	Justification string    `json:",omitempty"`
	Rows          int64
	Allowed       bool
	Reason        string            `json:",omitempty"`
	Detail        map[string]string `json:",omitempty"`
	PrevHash      string            // hex SHA-256 of the previous entry (ZeroHash for the first)
	Hash          string            // hex SHA-256 of CanonicalJSON(entry)
}

// canonical is the hash input: the fields of Entry but Hash, in a fixed
// order, with nothing omitted.
type canonical struct {
	Seq           int64             `json:"seq"`
	Time          string            `json:"time"`
	Actor         string            `json:"actor"`
	Action        string            `json:"action"`
	Object        string            `json:"object"`
	SQL           string            `json:"sql"`
	Tables        []string          `json:"tables"`
	Columns       []string          `json:"columns"`
	Masked        []string          `json:"masked"`
	Raw           []string          `json:"raw"`
	FlipID        int64             `json:"flip_id"`
	Justification string            `json:"justification"`
	Rows          int64             `json:"rows"`
	Allowed       bool              `json:"allowed"`
	Reason        string            `json:"reason"`
	Detail        map[string]string `json:"detail"`
	PrevHash      string            `json:"prev_hash"`
}

// CanonicalJSON returns the bytes an entry's Hash is computed over, as the
// package documentation defines them. Hash itself is not part of them.
func CanonicalJSON(e Entry) []byte {
	c := canonical{
		Seq:           e.Seq,
		Time:          e.Time.UTC().Format(TimeLayout),
		Actor:         e.Actor,
		Action:        e.Action,
		Object:        e.Object,
		SQL:           e.SQL,
		Tables:        nonNil(e.Tables),
		Columns:       nonNil(e.Columns),
		Masked:        nonNil(e.Masked),
		Raw:           nonNil(e.Raw),
		FlipID:        e.FlipID,
		Justification: e.Justification,
		Rows:          e.Rows,
		Allowed:       e.Allowed,
		Reason:        e.Reason,
		Detail:        e.Detail,
		PrevHash:      e.PrevHash,
	}
	if c.Detail == nil {
		c.Detail = map[string]string{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(c) // strings, integers and a string map cannot fail
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'})
}

// ComputeHash returns the lower-case hex SHA-256 of CanonicalJSON(e).
func ComputeHash(e Entry) string {
	sum := sha256.Sum256(CanonicalJSON(e))
	return hex.EncodeToString(sum[:])
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// clean makes the text of an entry storable and hashable as it is: valid
// UTF-8 without NUL characters (Postgres refuses both), times truncated to
// the microsecond in UTC, lists copied so the caller's slices are not kept.
func clean(e Entry) Entry {
	s := func(v string) string {
		v = strings.ToValidUTF8(v, "\uFFFD")
		return strings.ReplaceAll(v, "\x00", "\uFFFD")
	}
	list := func(vs []string) []string {
		if len(vs) == 0 {
			return nil
		}
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = s(v)
		}
		return out
	}
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	e.Actor, e.Action, e.Object = s(e.Actor), s(e.Action), s(e.Object)
	e.SQL, e.Justification, e.Reason = s(e.SQL), s(e.Justification), s(e.Reason)
	e.Tables, e.Columns, e.Masked, e.Raw = list(e.Tables), list(e.Columns), list(e.Masked), list(e.Raw)
	if len(e.Detail) == 0 {
		e.Detail = nil
	} else {
		d := make(map[string]string, len(e.Detail))
		for k, v := range e.Detail {
			d[s(k)] = s(v)
		}
		e.Detail = d
	}
	return e
}
