package lake

import (
	"maps"
	"testing"
)

func TestNotePIITagsNamesOnlyTaggedColumns(t *testing.T) {
	n := Note{Columns: []ColumnNote{{Name: "owner_email", PII: "email"}, {Name: "plan"}, {Name: "billing_phone", PII: "phone"}}}
	want := map[string]string{"owner_email": "email", "billing_phone": "phone"}
	if got := n.PIITags(); !maps.Equal(got, want) {
		t.Fatalf("PIITags = %v, want %v", got, want)
	}
	if got := (Note{}).PIITags(); got == nil || len(got) != 0 {
		t.Fatalf("an empty note gives %v, want an empty map", got)
	}
}
