// Package html renders an ECharts option as a standalone HTML page whose
// JavaScript is served by Tarn itself, so charts work offline and no page ever
// loads code from a CDN.
//
// The page never interpolates the option into JavaScript: the option travels
// as JSON inside a <script type="application/json"> element, with '<', '>'
// and '&' escaped, and a fixed script parses it. A label that contains
// "</script>" stays a label.
//
// Mount Assets at the same path the pages name in Options.AssetsURL:
//
//	mux.Handle("/assets/", http.StripPrefix("/assets/", html.Assets()))
package html
