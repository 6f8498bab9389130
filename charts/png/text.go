package png

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	stdpng "image/png"

	gocharts "github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"github.com/tarn-data/tarn/charts"
)

// number draws a big-number card: title, the value large, its label below.
func number(opt map[string]any, o Options, font *truetype.Font) ([]byte, error) {
	bg, fg := charts.Background(o.Theme)
	p := gocharts.NewPainter(gocharts.PainterOptions{
		OutputFormat: gocharts.ChartOutputPNG, Width: o.Width, Height: o.Height, Font: font,
	})
	p.FilledRect(0, 0, o.Width, o.Height, gocharts.ParseColor(bg), gocharts.ParseColor(bg), 0)
	fgc := gocharts.ParseColor(fg)
	value, label := cardText(opt)
	centre := func(s string, size float64, y int, c gocharts.Color) {
		st := gocharts.FontStyle{FontSize: size, FontColor: c}
		for st.FontSize > 10 && p.MeasureText(s, 0, st).Width() > o.Width-40 {
			st.FontSize -= 2
		}
		w := p.MeasureText(s, 0, st).Width()
		p.Text(s, (o.Width-w)/2, y, 0, st)
	}
	centre(title(opt), 22, o.Height/6, fgc)
	centre(value, 96, o.Height*3/5, gocharts.ParseColor(charts.Palette[0]))
	centre(label, 24, o.Height*4/5, fgc)
	return p.Bytes()
}

// cardText finds the formatted value and label of a number card option.
func cardText(opt map[string]any) (value, label string) {
	gs, _ := opt["graphic"].([]any)
	var texts []string
	for _, g := range gs {
		if m, ok := g.(map[string]any); ok {
			if st, ok := m["style"].(map[string]any); ok {
				if s, ok := st["text"].(string); ok {
					texts = append(texts, s)
				}
			}
		}
	}
	if len(texts) >= 2 {
		return texts[0], texts[1]
	}
	dims, src := dataset(opt)
	if len(src) > 0 && len(src[0]) > 0 {
		value = src[0][0]
	}
	if len(dims) > 0 {
		label = dims[0]
	}
	return value, label
}

// table draws the option's dataset as a table under the title.
func table(opt map[string]any, o Options, font *truetype.Font) ([]byte, error) {
	dims, rows := dataset(opt)
	if len(dims) == 0 {
		return nil, fmt.Errorf("a table needs a dataset with dimensions")
	}
	bg, fg := charts.Background(o.Theme)
	tp, err := gocharts.TableOptionRenderDirect(gocharts.TableChartOption{
		OutputFormat: gocharts.ChartOutputPNG,
		Width:        o.Width,
		Header:       dims,
		Data:         rows,
		Theme:        theme(o.Theme),
		FontStyle:    gocharts.FontStyle{FontSize: 13, FontColor: gocharts.ParseColor(fg), Font: font},
		Padding:      gocharts.NewBox(10, 8, 10, 8),
	})
	if err != nil {
		return nil, err
	}
	tb, err := tp.Bytes()
	if err != nil {
		return nil, err
	}
	timg, err := stdpng.Decode(bytes.NewReader(tb))
	if err != nil {
		return nil, err
	}
	head := 48
	p := gocharts.NewPainter(gocharts.PainterOptions{OutputFormat: gocharts.ChartOutputPNG, Width: o.Width, Height: head, Font: font})
	p.FilledRect(0, 0, o.Width, head, gocharts.ParseColor(bg), gocharts.ParseColor(bg), 0)
	st := gocharts.FontStyle{FontSize: 18, FontColor: gocharts.ParseColor(fg)}
	t := title(opt)
	p.Text(t, (o.Width-p.MeasureText(t, 0, st).Width())/2, 32, 0, st)
	hb, err := p.Bytes()
	if err != nil {
		return nil, err
	}
	himg, err := stdpng.Decode(bytes.NewReader(hb))
	if err != nil {
		return nil, err
	}
	out := image.NewRGBA(image.Rect(0, 0, o.Width, head+timg.Bounds().Dy()))
	draw.Draw(out, out.Bounds(), image.NewUniform(gocharts.ParseColor(bg)), image.Point{}, draw.Src)
	draw.Draw(out, himg.Bounds(), himg, image.Point{}, draw.Over)
	draw.Draw(out, timg.Bounds().Add(image.Pt(0, head)), timg, timg.Bounds().Min, draw.Over)
	var buf bytes.Buffer
	if err := stdpng.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func title(opt map[string]any) string {
	if t, ok := opt["title"].(map[string]any); ok {
		s, _ := t["text"].(string)
		return s
	}
	return ""
}

// dataset reads {"dimensions": [...], "source": [[...]]} as text.
func dataset(opt map[string]any) ([]string, [][]string) {
	ds, _ := opt["dataset"].(map[string]any)
	var dims []string
	if d, ok := ds["dimensions"].([]any); ok {
		for _, x := range d {
			dims = append(dims, fmt.Sprint(x))
		}
	}
	var rows [][]string
	if src, ok := ds["source"].([]any); ok {
		for _, r := range src {
			cells, _ := r.([]any)
			row := make([]string, len(cells))
			for i, c := range cells {
				if c != nil {
					row[i] = fmt.Sprint(c)
				}
			}
			rows = append(rows, row)
		}
	}
	return dims, rows
}
