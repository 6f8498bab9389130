package kafka

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// scanner reads JSON tokens from a message.
type scanner struct {
	b []byte
	i int
}

// maxDepth bounds the nesting of skipped values.
const maxDepth = 64

func (s *scanner) syntaxError(what string) error {
	return &fieldError{reason: "invalid JSON at byte " + strconv.Itoa(s.i) + ": " + what}
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) literal(lit string) bool {
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// strSpecial marks the bytes a string scan must stop at: the quote, the
// backslash, control characters and the start of multi-byte UTF-8.
var strSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80
	}
	return t
}()

// str reads a string after its opening quote and returns its raw bytes
// (escapes not applied) and whether it holds escapes.
func (s *scanner) str() (raw []byte, escaped bool, err error) {
	start := s.i
	checkUTF8 := false
	for {
		j := s.i
		for j < len(s.b) && !strSpecial[s.b[j]] {
			j++
		}
		s.i = j
		if j >= len(s.b) {
			return nil, false, s.syntaxError("unterminated string")
		}
		switch c := s.b[j]; {
		case c == '"':
			raw = s.b[start:j]
			s.i = j + 1
			if checkUTF8 && !utf8.Valid(raw) {
				return nil, false, &fieldError{reason: "string is not valid UTF-8"}
			}
			return raw, escaped, nil
		case c == '\\':
			if j+1 >= len(s.b) {
				return nil, false, s.syntaxError("unterminated string")
			}
			escaped = true
			s.i = j + 2
		case c < 0x20:
			return nil, false, s.syntaxError("control character in a string")
		default:
			checkUTF8 = true
			s.i = j + 1
		}
	}
}

// unescape appends raw with its escapes applied to dst.
func unescape(dst, raw []byte) ([]byte, error) {
	bad := &fieldError{reason: "invalid escape in a string"}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(raw) {
			return dst, bad
		}
		switch raw[i] {
		case '"', '\\', '/':
			dst = append(dst, raw[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n := hex4(raw[i+1:])
			if n < 0 {
				return dst, bad
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					if r2, n = hex4(raw[i+3:]); n >= 0 {
						i += 6
					}
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return dst, &fieldError{reason: "invalid surrogate pair in a string"}
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, bad
		}
	}
	return dst, nil
}

// hex4 reads four hex digits; n is -1 when there are none.
func hex4(b []byte) (r rune, n int) {
	if len(b) < 4 {
		return 0, -1
	}
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, -1
		}
	}
	return r, 4
}

// number reads the bytes of a JSON number (validated by its parser).
func (s *scanner) number() []byte {
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			s.i++
		default:
			return s.b[start:s.i]
		}
	}
	return s.b[start:s.i]
}

var (
	errNotInteger = errors.New("want an integer, got a number with a fraction or exponent")
	errBadNumber  = errors.New("not a valid number")
)

// integer reads a JSON integer; int32 bounds it to 32 bits.
func (s *scanner) integer(int32Only bool) (int64, error) {
	b := s.number()
	neg := len(b) > 0 && b[0] == '-'
	digits := b
	if neg {
		digits = b[1:]
	}
	if len(digits) == 0 || (len(digits) > 1 && digits[0] == '0') {
		return 0, errBadNumber
	}
	var u uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			if c == '.' || c == 'e' || c == 'E' {
				return 0, errNotInteger
			}
			return 0, errBadNumber
		}
		if u > (math.MaxUint64-9)/10 {
			return 0, errors.New("integer out of range")
		}
		u = u*10 + uint64(c-'0')
	}
	limit := uint64(math.MaxInt64)
	if int32Only {
		limit = math.MaxInt32
	}
	if neg {
		limit++
	}
	if u > limit {
		if int32Only {
			return 0, errors.New("integer out of range for int (32 bits)")
		}
		return 0, errors.New("integer out of range for long (64 bits)")
	}
	if neg {
		return -int64(u), nil
	}
	return int64(u), nil
}

// float reads a JSON number as a float; float32Only bounds it.
func (s *scanner) float(float32Only bool) (float64, error) {
	b := s.number()
	bits := 64
	if float32Only {
		bits = 32
	}
	if !validNumber(b) {
		return 0, errBadNumber
	}
	// The string is only read during the call.
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), bits)
	if err != nil {
		return 0, errors.New("number out of range")
	}
	return f, nil
}

// validNumber checks the JSON number grammar strconv is laxer about.
func validNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		n := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == n {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		n := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == n {
			return false
		}
	}
	return i == len(b)
}

// skipValue skips any JSON value.
func (s *scanner) skipValue(depth int) error {
	if depth > maxDepth {
		return s.syntaxError("nested too deeply")
	}
	if s.i >= len(s.b) {
		return s.syntaxError("unexpected end of message")
	}
	switch c := s.b[s.i]; {
	case c == '"':
		s.i++
		_, _, err := s.str()
		return err
	case c == '{' || c == '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		s.i++
		s.space()
		if s.eat(end) {
			return nil
		}
		for {
			s.space()
			if c == '{' {
				if !s.eat('"') {
					return s.syntaxError("want a quoted field name")
				}
				if _, _, err := s.str(); err != nil {
					return err
				}
				s.space()
				if !s.eat(':') {
					return s.syntaxError("want ':' after a field name")
				}
				s.space()
			}
			if err := s.skipValue(depth + 1); err != nil {
				return err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat(end) {
				return nil
			}
			return s.syntaxError("want ',' or a closing bracket")
		}
	case c == 't':
		if s.literal("true") {
			return nil
		}
	case c == 'f':
		if s.literal("false") {
			return nil
		}
	case c == 'n':
		if s.literal("null") {
			return nil
		}
	case c == '-' || (c >= '0' && c <= '9'):
		if validNumber(s.number()) {
			return nil
		}
		return s.syntaxError("invalid number")
	}
	return s.syntaxError("invalid value")
}
