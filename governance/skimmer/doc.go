// Package skimmer is Tarn's PII scanner: it samples the columns of lake
// tables and says which ones hold personal data, so that governance can
// mask them by default.
//
// It has two halves.
//
// Detectors and classification (detect*.go, classify*.go, text*.go,
// names*.go) are pure Go and see only strings. Detect says which kind of
// PII one structured value is: an e-mail address, a phone number (E.164 or
// a national format, validated against libphonenumber's metadata), an IPv4
// or IPv6 address, a credit-card number (Luhn, issuer prefix and length),
// an IBAN (country length and mod-97 check), a US social security number,
// an API key or secret (known prefixes, JWTs, high-entropy tokens but not
// hex digests or UUIDs), a person's name (an embedded multinational list of
// given names and surnames), a street address, a MAC address or a pair of
// geographic coordinates. ScanText finds the same kinds inside free text and
// returns their kinds and byte offsets, never copies of the values.
// Classify is the fast first pass over one column: the share of sampled
// values each detector matched, hints from the column's name, type and
// description, and a verdict with a tag (governance.TagEmail … or one of
// the Kind constants here), a confidence and the evidence; free text with
// PII inside is tagged governance.TagFreeText with the kinds found inside.
// Names and descriptions raise confidence or lower thresholds, but never tag
// a column whose values say otherwise. Opaque IDs that trace to a person
// are for the scanner to decide; ContainedShare measures how much of a
// column joins to a set of keys.
//
// Scanning (scan*.go, store*.go, report*.go) samples rows from every column
// of every table through the lake, runs Classify on each column, tags ID
// columns governance.TagUserID when their values are found among the keys
// of people or accounts, takes a deeper second pass with the whole table's
// context when something is flagged, keeps the findings in the metadata
// store and reports them for review.
//
// No value ever appears in an error, a String method, a log line or a
// report: evidence is counts and shares.
package skimmer
