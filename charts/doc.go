// Package charts turns query results into charts people want to look at.
//
// The one chart model is an ECharts option (Option): FromArrow builds one from
// an Arrow result and a Hint, choosing the kind from the shape of the result
// (time with measures → line or stacked area, one category with one measure →
// bar or donut, two measures → scatter, one value → a number card, anything
// else → a table). Validate checks an option supplied by a Code Mode script
// before it is rendered. Renderers live in sub-packages (charts/png,
// charts/html).
//
// Number cards and tables have no ECharts series; their option carries a
// "dataset" ({"dimensions": [...], "source": [[...], ...]}) with the label and
// value, or the header and the formatted rows, plus a "graphic" text element
// so that ECharts itself can show a number card.
package charts
