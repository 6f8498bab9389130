package postgres

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// copyStream encodes rows (nil values are NULLs) as a binary COPY stream.
func copyStream(rows [][][]byte) []byte {
	b := append([]byte{}, copySignature...)
	b = binary.BigEndian.AppendUint32(b, 0)
	b = binary.BigEndian.AppendUint32(b, 4) // a header extension to skip
	b = append(b, "ext!"...)
	for _, r := range rows {
		b = binary.BigEndian.AppendUint16(b, uint16(len(r)))
		for _, v := range r {
			if v == nil {
				b = binary.BigEndian.AppendUint32(b, 0xffffffff)
				continue
			}
			b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
			b = append(b, v...)
		}
	}
	return binary.BigEndian.AppendUint16(b, 0xffff)
}

// render shows a row's values, telling NULL from empty.
func render(vals [][]byte) string {
	s := ""
	for _, v := range vals {
		if v == nil {
			s += "NULL,"
		} else {
			s += fmt.Sprintf("%q,", v)
		}
	}
	return s
}

func TestCopyParserSplitsAStreamCutAnywhere(t *testing.T) {
	rows := [][][]byte{
		{[]byte("a"), nil, []byte{}},
		{[]byte("hello, world"), []byte{0, 1, 2}, nil},
		{nil, nil, nil},
		{[]byte{}, []byte("x"), []byte("last")},
	}
	var want []string
	for _, r := range rows {
		want = append(want, render(r))
	}
	stream := copyStream(rows)
	for size := 1; size <= len(stream); size++ {
		var got []string
		p := newCopyParser(3, func(vals [][]byte) error {
			got = append(got, render(vals))
			return nil
		})
		for off := 0; off < len(stream); off += size {
			if _, err := p.Write(stream[off:min(off+size, len(stream))]); err != nil {
				t.Fatalf("chunks of %d: %v", size, err)
			}
		}
		if err := p.finish(); err != nil {
			t.Fatalf("chunks of %d: %v", size, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("chunks of %d: rows %q, want %q", size, got, want)
		}
	}
}

func TestCopyParserRefusesBrokenStreams(t *testing.T) {
	good := copyStream([][][]byte{{[]byte("a")}})
	tests := []struct {
		name   string
		stream []byte
	}{
		{"no signature", append([]byte("PGCOPY\n\xff\r\n\x01"), good[11:]...)},
		{"cut inside a row", good[:len(good)-4]},
		{"no trailer", good[:len(good)-2]},
		{"too many fields", copyStream([][][]byte{{[]byte("a"), []byte("b")}})},
		{"data after the trailer", append(append([]byte{}, good...), 0, 1)},
	}
	for _, tc := range tests {
		p := newCopyParser(1, func([][]byte) error { return nil })
		_, err := p.Write(tc.stream)
		if err == nil {
			err = p.finish()
		}
		if !errors.Is(err, errCopyFormat) {
			t.Errorf("%s: %v, want errCopyFormat", tc.name, err)
		}
	}
}

func TestCopyParserStopsAtTheRowsError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	p := newCopyParser(1, func([][]byte) error {
		n++
		return stop
	})
	if _, err := p.Write(copyStream([][][]byte{{[]byte("a")}, {[]byte("b")}})); !errors.Is(err, stop) {
		t.Fatalf("Write: %v", err)
	}
	if _, err := p.Write([]byte{1}); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("after an error: %v, %d rows", err, n)
	}
}

func FuzzCopyParser(f *testing.F) {
	f.Add(copyStream([][][]byte{{[]byte("a"), nil}}), 3)
	f.Fuzz(func(t *testing.T, stream []byte, size int) {
		size = max(1, size%64)
		p := newCopyParser(2, func(vals [][]byte) error {
			if len(vals) != 2 {
				t.Fatalf("%d values", len(vals))
			}
			return nil
		})
		for off := 0; off < len(stream); off += size {
			if _, err := p.Write(stream[off:min(off+size, len(stream))]); err != nil {
				return
			}
		}
		_ = p.finish()
	})
}
