// Package audit keeps Tarn's tamper-evident audit log: an append-only list
// of every governance decision and every query — who, when, the SQL, the
// tables and columns touched, which columns came back masked or raw, the
// flip and its justification, how many rows, allowed or refused and why.
//
// # The chain
//
// Entries are numbered 1, 2, 3… by Append. Each entry stores PrevHash, the
// Hash of the entry before it (64 zeros for entry 1), and Hash, the
// lower-case hex SHA-256 of the entry's canonical encoding, which covers
// every field including Seq and PrevHash. Changing, removing, inserting or
// reordering an entry therefore breaks either an entry's own hash or the
// link from the entry after it, and Verify says where.
//
// The number and hash of the newest entry are also kept in a second table
// (tarn_audit_head), updated in the same transaction as every append, so
// that cutting entries off the end of the log — which leaves a perfectly
// valid shorter chain — is detected too. Append continues the chain from
// that head, never from whatever row happens to be last, so an append after
// a truncation cannot paper over it.
//
// Limits: the hashes are plain SHA-256, not keyed. Someone who can write to
// the metadata database can rebuild the whole chain and the head after
// editing it; the log proves that nothing was changed by accident or by a
// careless edit, not that a determined database administrator did nothing.
// Export the log regularly (Export) and keep the newest Hash somewhere else
// to close that gap.
//
// # Canonical encoding
//
// The hash input of an entry is one line of compact JSON (no spaces, no
// trailing newline) holding exactly these keys in this order:
//
//	{"seq":1,"time":"2026-05-28T09:30:00.000000Z","actor":"alice",
//	 "action":"query","object":"fct.http_requests","sql":"SELECT …",
//	 "tables":["fct.http_requests"],"columns":["bytes","ts"],
//	 "masked":["client_ip"],"raw":[],"flip_id":0,"justification":"",
//	 "rows":10,"allowed":true,"reason":"","detail":{"k":"v"},
//	 "prev_hash":"000…000"}
//
// Rules an independent verifier must follow:
//
//   - seq, flip_id and rows are JSON integers; allowed is true or false.
//   - time is UTC with exactly six fractional digits and a literal Z
//     (Go layout "2006-01-02T15:04:05.000000Z").
//   - Every string is present even when empty; every list is present even
//     when empty ([]), in the order the entry holds it; detail is an object
//     ({} when empty) whose keys are sorted by their UTF-8 bytes.
//   - Strings are UTF-8 and escaped as Go's encoding/json does with HTML
//     escaping off: \" and \\; \b \f \n \r \t for those control
//     characters; \u00XX (lower-case hex) for other characters below U+0020;
//     \u2028 and \u2029 for those two; every other character as itself.
//     Append replaces invalid UTF-8 and NUL characters with U+FFFD before
//     hashing and storing, so the stored text is exactly what was hashed.
//   - prev_hash and the Hash are 64 lower-case hex digits.
//
// CanonicalJSON returns these bytes and ComputeHash their hash, so a tool
// can check an exported file with the same code Verify uses.
package audit
