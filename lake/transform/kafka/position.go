package kafka

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tarn-data/tarn"
)

// offsets maps each partition to the next offset to read from it.
type offsets map[int32]int64

// parseOffsets reads a position as recorded: "0:1234,1:998" ("" = none).
// It returns ErrPosition (tarn.EINTERNAL).
func parseOffsets(s string) (offsets, error) {
	o := offsets{}
	if s == "" {
		return o, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		ps, os, ok := strings.Cut(part, ":")
		p, err1 := strconv.ParseInt(ps, 10, 32)
		off, err2 := strconv.ParseInt(os, 10, 64)
		if _, dup := o[int32(p)]; !ok || err1 != nil || err2 != nil || p < 0 || off < 0 || dup {
			return nil, tarn.Wrap(fmt.Errorf("%w: %q", ErrPosition, s), tarn.EINTERNAL,
				"The table's snapshot summary was changed by something other than Tarn.", "The Kafka read position %q does not parse.", s)
		}
		o[int32(p)] = off
	}
	return o, nil
}

// String writes the position as recorded, partitions in order.
func (o offsets) String() string {
	ps := make([]int32, 0, len(o))
	for p := range o {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(p), 10))
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(o[p], 10))
	}
	return b.String()
}

// total is the sum of the offsets: the messages read when every partition
// started at offset 0.
func (o offsets) total() (n int64) {
	for _, v := range o {
		n += v
	}
	return n
}
