package html

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/tarn-data/tarn"
)

// DefaultAssetsURL is where pages look for Assets when Options.AssetsURL is empty.
const DefaultAssetsURL = "/assets/"

// Sentinel errors, each wrapped in a *tarn.Error that says what to fix.
var (
	ErrBadOption  = errors.New("charts/html: option is not a JSON object")
	ErrBadOptions = errors.New("charts/html: invalid page options")
)

// Options shape the page around a chart.
type Options struct {
	// Title is the page title; empty means "Chart".
	Title string
	// AssetsURL is the URL prefix where Assets is mounted, such as "/assets/"
	// or "https://tarn.example.com/assets/"; empty means DefaultAssetsURL.
	AssetsURL string
	// Width and Height are CSS lengths (such as "800px", "100%", "60vh");
	// empty means the whole window.
	Width, Height string
	// Theme is "", "light", "dark" or one of Themes().
	Theme string
}

// cssLength accepts plain CSS lengths and nothing that could leave the style attribute.
var cssLength = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(px|%|vw|vh|em|rem)$`)

// page is what the template sees; every field is escaped by html/template
// except Option, which escapeJSON has made safe inside a script element.
type page struct {
	Title, EChartsURL, ThemeURL, Theme, Width, Height string
	Option                                            template.JS
}

// Render writes a standalone HTML page that loads ECharts from o.AssetsURL
// and draws option, an ECharts option as JSON. The option is carried as data,
// never as code: it must be a JSON object, and its strings cannot end the
// script element that holds it.
func Render(w io.Writer, option json.RawMessage, o Options) error {
	p, err := newPage(option, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return tarn.Wrap(err, tarn.EINTERNAL, "", "could not render the chart page")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return tarn.Wrap(err, tarn.EINTERNAL, "", "could not write the chart page")
	}
	return nil
}

func newPage(option json.RawMessage, o Options) (page, error) {
	opt, err := escapeJSON(option)
	if err != nil {
		return page{}, err
	}
	base, err := assetsBase(o.AssetsURL)
	if err != nil {
		return page{}, err
	}
	p := page{
		Title:      o.Title,
		EChartsURL: base + EChartsFile + "?v=" + EChartsVersion,
		Theme:      o.Theme,
		Width:      o.Width,
		Height:     o.Height,
		Option:     template.JS(opt),
	}
	if p.Title == "" {
		p.Title = "Chart"
	}
	if p.Width == "" {
		p.Width = "100vw"
	}
	if p.Height == "" {
		p.Height = "100vh"
	}
	for _, l := range []string{p.Width, p.Height} {
		if !cssLength.MatchString(l) {
			return page{}, tarn.Wrap(fmt.Errorf("%w: size %q", ErrBadOptions, l), tarn.EINVALID,
				`use a number with px, %, vw, vh, em or rem, such as "800px"`,
				"the chart size %q is not a CSS length", l)
		}
	}
	switch o.Theme {
	case "", "light", "dark":
	default:
		f, ok := themeFile(o.Theme)
		if !ok {
			return page{}, tarn.Wrap(fmt.Errorf("%w: theme %q", ErrBadOptions, o.Theme), tarn.EINVALID,
				"use light, dark or one of: "+strings.Join(Themes(), ", "),
				"there is no chart theme called %q", o.Theme)
		}
		p.ThemeURL = base + f + "?v=" + EChartsVersion
	}
	return p, nil
}

// escapeJSON checks that option is a JSON object and returns it compacted,
// with '<', '>', '&', U+2028 and U+2029 written as \u escapes, so that the
// text can sit inside a script element and JSON.parse still returns the same
// strings.
func escapeJSON(option json.RawMessage) (string, error) {
	var c bytes.Buffer
	if err := json.Compact(&c, option); err != nil || !bytes.HasPrefix(c.Bytes(), []byte("{")) {
		cause := fmt.Errorf("%w", ErrBadOption)
		if err != nil {
			cause = fmt.Errorf("%w: %v", ErrBadOption, err)
		}
		return "", tarn.Wrap(cause, tarn.EINVALID,
			`pass an object such as {"xAxis": {...}, "series": [...]}`,
			"the chart option is not a JSON object")
	}
	var e bytes.Buffer
	json.HTMLEscape(&e, c.Bytes())
	return e.String(), nil
}

// assetsBase validates the assets prefix and makes it end in a slash.
func assetsBase(s string) (string, error) {
	if s == "" {
		return DefaultAssetsURL, nil
	}
	u, err := url.Parse(s)
	bad := err != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" ||
		(u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") ||
		(u.Scheme != "") != (u.Host != "")
	if bad {
		return "", tarn.Wrap(fmt.Errorf("%w: assets URL %q", ErrBadOptions, s), tarn.EINVALID,
			`use the path where Tarn serves its chart assets, such as "/assets/"`,
			"the chart assets URL %q is not an http(s) URL or a path", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}
