package discord

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
)

// encode packs two strings into a custom_id of at most 100 characters:
// kind, len(a), ':', a, b. When that does not fit, the pair is kept in a
// bounded server-side map and the custom_id is kind, 'k', a random key.
func (a *Adapter) encode(kind byte, x, y string) string {
	id := EncodeID(kind, x, y)
	if len(id) <= maxCustomID {
		return id
	}
	var b [10]byte
	_, _ = rand.Read(b[:])
	key := string(kind) + "k" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	a.keys.Put(key, [2]string{x, y})
	return key
}

// decode reverses encode. ok is false for custom_ids Tarn did not make, of
// the wrong kind, or whose server-side entry is gone.
func (a *Adapter) decode(kind byte, id string) (x, y string, ok bool) {
	if len(id) > 2 && id[0] == kind && id[1] == 'k' {
		v, ok := a.keys.Get(id)
		return v[0], v[1], ok
	}
	return DecodeID(kind, id)
}

// EncodeID packs x and y into kind, len(x), ':', x, y; it may be longer
// than a custom_id may be.
func EncodeID(kind byte, x, y string) string {
	return string(kind) + strconv.Itoa(len(x)) + ":" + x + y
}

// DecodeID reverses EncodeID.
func DecodeID(kind byte, id string) (x, y string, ok bool) {
	if len(id) < 3 || id[0] != kind {
		return "", "", false
	}
	n, rest, found := strings.Cut(id[1:], ":")
	l, err := strconv.Atoi(n)
	if !found || err != nil || l < 0 || l > len(rest) {
		return "", "", false
	}
	y = rest[l:]
	if i := strings.IndexByte(y, 0); i >= 0 && kind == 'b' { // a duplicate button's suffix
		y = y[:i]
	}
	return rest[:l], y, true
}
