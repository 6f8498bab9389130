package png

import "testing"

// Points sit at their x to scale, and points sharing a position go into
// extra layers of the same colour.
func TestScatterPointsArePlacedToScale(t *testing.T) {
	opt := map[string]any{"series": []any{map[string]any{"type": "scatter", "name": "q",
		"data": []any{[]any{1.0, 10.0}, []any{2.0, 20.0}, []any{100.0, 30.0}, []any{100.0, 40.0}}}}}
	adapt(opt)
	list := opt["series"].([]any)
	if len(list) != 2 {
		t.Fatalf("%d series, want 2 layers (two points share x=100)", len(list))
	}
	first := list[0].(map[string]any)["data"].([]any)
	// 1 → position 0, 2 → round(1/99*159) = 2, 100 → 159.
	if first[0] != 10.0 || first[2] != 20.0 || first[159] != 30.0 || first[1] != "-" || first[80] != "-" {
		t.Fatalf("positions: [0]=%v [1]=%v [2]=%v [80]=%v [159]=%v", first[0], first[1], first[2], first[80], first[159])
	}
	second := list[1].(map[string]any)
	if second["data"].([]any)[159] != 40.0 || second["name"] != "q" {
		t.Fatalf("the second point at x=100 must be in a layer of the same series: %v", second)
	}
	c1 := list[0].(map[string]any)["itemStyle"].(map[string]any)["color"]
	c2 := second["itemStyle"].(map[string]any)["color"]
	if c1 != c2 {
		t.Fatalf("layers differ in colour: %v vs %v", c1, c2)
	}
	labels := opt["xAxis"].(map[string]any)["data"].([]string)
	if labels[0] != "1" || labels[159] != "100" {
		t.Fatalf("x labels run %s..%s, want 1..100", labels[0], labels[159])
	}
}
