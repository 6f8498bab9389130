package html

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

// barOption is a small bar chart, as the charts package would build one.
const barOption = `{
	"title": {"text": "Orders by region"},
	"xAxis": {"type": "category", "data": ["EMEA", "AMER", "APAC", "LATAM"]},
	"yAxis": {"type": "value", "min": 0, "name": "orders"},
	"series": [{"type": "bar", "data": [120, 200, 150, 80], "itemStyle": {"color": "#d62728"}}]
}`

func render(t *testing.T, option string, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, json.RawMessage(option), o); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

var (
	anyURL      = regexp.MustCompile(`(?i)(https?:)?//[^\s"'<>()]+`)
	srcOrHref   = regexp.MustCompile(`(?i)\b(src|href)\s*=\s*"([^"]*)"`)
	optionBlock = regexp.MustCompile(`(?s)<script type="application/json" id="tarn-chart-option">(.*?)</script>`)
)

func TestRenderPageLoadsCodeOnlyFromAssetsURL(t *testing.T) {
	for _, assetsURL := range []string{"", "/assets/", "/static/charts", "http://127.0.0.1:8080/assets/"} {
		t.Run(assetsURL, func(t *testing.T) {
			page := render(t, barOption, Options{AssetsURL: assetsURL, Theme: "vintage"})
			want := assetsURL
			if want == "" {
				want = DefaultAssetsURL
			}
			want = strings.TrimSuffix(want, "/") + "/"
			for _, u := range anyURL.FindAllString(page, -1) {
				if !strings.HasPrefix(u, want) && !strings.HasPrefix("http:"+u, want) {
					t.Errorf("page names %q, which is not under the assets URL %q", u, want)
				}
			}
			refs := srcOrHref.FindAllStringSubmatch(page, -1)
			if len(refs) != 2 {
				t.Fatalf("page loads %d files, want echarts and the theme: %q", len(refs), refs)
			}
			for _, r := range refs {
				if !strings.HasPrefix(r[2], want) {
					t.Errorf("page loads %q from outside %q", r[2], want)
				}
			}
			if !strings.Contains(page, want+EChartsFile+"?v="+EChartsVersion) {
				t.Errorf("page does not load %s from %s", EChartsFile, want)
			}
		})
	}
}

// embeddedOption returns the option a browser's JSON.parse would see.
func embeddedOption(t *testing.T, page string) any {
	t.Helper()
	m := optionBlock.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("want one option element, found %d in:\n%s", len(m), page)
	}
	var v any
	if err := json.Unmarshal([]byte(m[0][1]), &v); err != nil {
		t.Fatalf("option element is not JSON: %v", err)
	}
	return v
}

func TestRenderOptionSurvivesRoundTrip(t *testing.T) {
	option := `{"title":{"text":"Ünïcödé 売上 \u2028 & < > ' \" \\"},"series":[{"type":"bar","data":[1,2.5,-3e2,null]}]}`
	var want any
	if err := json.Unmarshal([]byte(option), &want); err != nil {
		t.Fatal(err)
	}
	got := embeddedOption(t, render(t, option, Options{}))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("option changed on the way through the page:\ngot  %#v\nwant %#v", got, want)
	}
}

func TestRenderScriptInLabelIsInert(t *testing.T) {
	attack := `</script><script>alert(1)</script><!--`
	option := `{"title":{"text":` + mustJSON(t, attack) + `},"xAxis":{"data":[` + mustJSON(t, attack) + `]}}`
	page := render(t, option, Options{Title: attack})

	if n := strings.Count(strings.ToLower(page), "<script"); n != 3 {
		t.Errorf("page has %d script elements, want 3 (echarts, option data, the fixed script)", n)
	}
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<!--") {
		t.Errorf("the label escaped its element:\n%s", page)
	}
	got := embeddedOption(t, page).(map[string]any)
	if text := got["title"].(map[string]any)["text"]; text != attack {
		t.Errorf("label came back as %q, want %q", text, attack)
	}
	if !strings.Contains(page, "<title>&lt;/script&gt;") {
		t.Errorf("page title is not escaped:\n%s", page)
	}
}

func TestRenderTheme(t *testing.T) {
	tests := []struct {
		theme     string
		loadsFile bool
	}{
		{"", false},
		{"light", false},
		{"dark", false},
		{"vintage", true},
	}
	for _, tt := range tests {
		page := render(t, barOption, Options{Theme: tt.theme})
		if got := strings.Contains(page, "/themes/"); got != tt.loadsFile {
			t.Errorf("theme %q: page loads a theme file = %v, want %v", tt.theme, got, tt.loadsFile)
		}
		if !strings.Contains(page, `data-theme="`+tt.theme+`"`) {
			t.Errorf("theme %q is not passed to the chart", tt.theme)
		}
	}
}

func TestRenderRefusesBadInput(t *testing.T) {
	tests := []struct {
		name   string
		option string
		o      Options
		want   error
	}{
		{"option is not JSON", `{"series": [`, Options{}, ErrBadOption},
		{"option is an array", `[1, 2]`, Options{}, ErrBadOption},
		{"option is empty", ``, Options{}, ErrBadOption},
		{"width leaves the style", barOption, Options{Width: "1px;background:url(x)"}, ErrBadOptions},
		{"height has no unit", barOption, Options{Height: "450"}, ErrBadOptions},
		{"unknown theme", barOption, Options{Theme: "../echarts.min"}, ErrBadOptions},
		{"assets URL is javascript", barOption, Options{AssetsURL: "javascript:alert(1)"}, ErrBadOptions},
		{"assets URL is ftp", barOption, Options{AssetsURL: "ftp://example.com/assets/"}, ErrBadOptions},
		{"assets URL has a query", barOption, Options{AssetsURL: "/assets/?x=1"}, ErrBadOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Render(&b, json.RawMessage(tt.option), tt.o)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if code := tarn.ErrorCode(err); code != tarn.EINVALID {
				t.Errorf("code = %q, want %q", code, tarn.EINVALID)
			}
			if b.Len() != 0 {
				t.Errorf("a refused page still wrote %d bytes", b.Len())
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false) // the raw text, so that Render is what must escape it
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}
