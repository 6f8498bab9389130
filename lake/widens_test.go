package lake_test

import (
	"testing"

	"github.com/apache/iceberg-go"

	"github.com/tarn-data/tarn/lake"
)

func TestWidensAllowsOnlyIcebergsPromotions(t *testing.T) {
	for _, c := range []struct {
		from, to iceberg.Type
		want     bool
	}{
		{iceberg.PrimitiveTypes.Int32, iceberg.PrimitiveTypes.Int64, true},
		{iceberg.PrimitiveTypes.Float32, iceberg.PrimitiveTypes.Float64, true},
		{iceberg.DecimalTypeOf(10, 2), iceberg.DecimalTypeOf(12, 2), true},
		{iceberg.DecimalTypeOf(10, 2), iceberg.DecimalTypeOf(12, 3), false},
		{iceberg.DecimalTypeOf(12, 2), iceberg.DecimalTypeOf(10, 2), false},
		{iceberg.PrimitiveTypes.Int64, iceberg.PrimitiveTypes.Int32, false},
		{iceberg.PrimitiveTypes.Int32, iceberg.PrimitiveTypes.Float64, false},
		{iceberg.PrimitiveTypes.String, iceberg.PrimitiveTypes.Int64, false},
		{iceberg.PrimitiveTypes.Int64, iceberg.PrimitiveTypes.Int64, false},
	} {
		if got := lake.Widens(c.from, c.to); got != c.want {
			t.Errorf("Widens(%s, %s) = %t, want %t", c.from, c.to, got, c.want)
		}
	}
}
