package postgres

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// copySignature starts every binary COPY stream.
var copySignature = []byte("PGCOPY\n\xff\r\n\x00")

var errCopyFormat = errors.New("malformed binary COPY stream")

// copyParser is the io.Writer a binary COPY … TO STDOUT is written to: it
// splits the stream (header, tuples, trailer) into rows and calls row with
// each row's values (nil for NULL), which are valid only during the call.
// Chunks may split a row anywhere; a whole row inside one chunk is parsed
// without copying.
type copyParser struct {
	row    func(vals [][]byte) error
	vals   [][]byte
	carry  []byte // an unfinished row (or header) from earlier chunks
	header bool   // the header was read
	done   bool   // the trailer was read
	err    error  // the first error, returned by every later Write
}

func newCopyParser(ncols int, row func([][]byte) error) *copyParser {
	return &copyParser{row: row, vals: make([][]byte, ncols)}
}

// Write parses p. It returns the first error of row, or errCopyFormat.
func (c *copyParser) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	buf := p
	if len(c.carry) > 0 {
		c.carry = append(c.carry, p...)
		buf = c.carry
	}
	n, err := c.parse(buf)
	if err != nil {
		c.err = err
		return 0, err
	}
	rest := buf[n:]
	if len(c.carry) > 0 {
		// Keep the unparsed tail at the start of carry's own array.
		c.carry = c.carry[:copy(c.carry, rest)]
	} else {
		c.carry = append(c.carry[:0], rest...)
	}
	return len(p), nil
}

// parse consumes every complete unit at the start of buf and returns how
// many bytes it consumed.
func (c *copyParser) parse(buf []byte) (int, error) {
	off := 0
	if !c.header {
		if len(buf) < len(copySignature)+8 {
			return 0, nil
		}
		if !bytes.Equal(buf[:len(copySignature)], copySignature) {
			return 0, fmt.Errorf("%w: no signature", errCopyFormat)
		}
		ext := int(binary.BigEndian.Uint32(buf[len(copySignature)+4:]))
		if ext < 0 || ext > 1<<20 {
			return 0, fmt.Errorf("%w: header extension", errCopyFormat)
		}
		end := len(copySignature) + 8 + ext
		if len(buf) < end {
			return 0, nil
		}
		c.header, off = true, end
	}
	for off < len(buf) {
		if c.done {
			return 0, fmt.Errorf("%w: data after the trailer", errCopyFormat)
		}
		n, err := c.tuple(buf[off:])
		if err != nil || n == 0 {
			return off, err
		}
		off += n
	}
	return off, nil
}

// tuple parses one tuple (or the trailer) at the start of b and hands it to
// row; it returns 0 when b holds only part of it.
func (c *copyParser) tuple(b []byte) (int, error) {
	if len(b) < 2 {
		return 0, nil
	}
	nf := int(int16(binary.BigEndian.Uint16(b)))
	if nf == -1 {
		c.done = true
		return 2, nil
	}
	if nf != len(c.vals) {
		return 0, fmt.Errorf("%w: a row of %d fields, want %d", errCopyFormat, nf, len(c.vals))
	}
	off := 2
	for i := range c.vals {
		if len(b)-off < 4 {
			return 0, nil
		}
		l := int(int32(binary.BigEndian.Uint32(b[off:])))
		off += 4
		if l < 0 {
			c.vals[i] = nil
			continue
		}
		if len(b)-off < l {
			return 0, nil
		}
		c.vals[i] = b[off : off+l : off+l]
		off += l
	}
	if err := c.row(c.vals); err != nil {
		return 0, err
	}
	return off, nil
}

// finish reports a stream that ended before its trailer.
func (c *copyParser) finish() error {
	if c.err != nil {
		return c.err
	}
	if !c.done || len(c.carry) > 0 {
		return fmt.Errorf("%w: the stream ended inside a row", errCopyFormat)
	}
	return nil
}
