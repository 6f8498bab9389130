package html

import "html/template"

// pageTemplate is the whole page. Its one script is fixed text: it reads the
// option from the JSON data element and the theme from a data attribute, and
// gives the page the chart's background colour.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>html,body{margin:0;padding:0}</style>
<script src="{{.EChartsURL}}"></script>
{{- if .ThemeURL}}
<script src="{{.ThemeURL}}"></script>
{{- end}}
</head>
<body>
<div id="tarn-chart" data-theme="{{.Theme}}" style="width:{{.Width}};height:{{.Height}}"></div>
<script type="application/json" id="tarn-chart-option">{{.Option}}</script>
<script>
"use strict";
(function () {
	var el = document.getElementById("tarn-chart");
	var option = JSON.parse(document.getElementById("tarn-chart-option").textContent);
	var chart = echarts.init(el, el.dataset.theme || null, { renderer: "canvas" });
	chart.setOption(option);
	// A chart smaller than the window sits on its own background, not on white.
	var bg = chart.getOption().backgroundColor;
	if (typeof bg === "string" && bg !== "transparent") {
		document.body.style.backgroundColor = bg;
	}
	window.addEventListener("resize", function () { chart.resize(); });
})();
</script>
</body>
</html>
`))
