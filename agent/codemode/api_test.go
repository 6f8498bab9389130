package codemode

import (
	"fmt"
	"strings"
	"testing"
)

func TestAPIDocExampleRuns(t *testing.T) {
	i := strings.Index(APIDoc, "Example:\n")
	if i < 0 {
		t.Fatal("APIDoc has no example")
	}
	out, err := runScript(t, APIDoc[i+len("Example:\n"):], Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer == "" || len(out.Charts) != 1 || len(out.Display) != 1 {
		t.Errorf("the example produced answer %q, %d charts, %d displayed results", out.Answer, len(out.Charts), len(out.Display))
	}
}

func TestAPIDocStatesTheDefaultLimitsAndEveryFunction(t *testing.T) {
	d := DefaultLimits
	for _, want := range []string{
		"tarn.search(text)", "tarn.describe(table)", "tarn.sql(query, {mode})", "tarn.chart(option)",
		"tarn.answer(markdown)", "console.log(", `"display" (default)`,
		fmt.Sprintf("%d queries", d.MaxQueries),
		fmt.Sprintf("%d seconds", int(d.Timeout.Seconds())),
		fmt.Sprintf("%d MiB", d.Memory>>20),
		fmt.Sprintf("at most %d rows", d.MaxInjectRows),
		fmt.Sprintf("at most %d;", d.MaxRows),
	} {
		if !strings.Contains(APIDoc, want) {
			t.Errorf("APIDoc does not say %q", want)
		}
	}
	if DefaultMode != ModeDisplay {
		t.Errorf("APIDoc says display is the default mode, DefaultMode is %s", DefaultMode)
	}
}
