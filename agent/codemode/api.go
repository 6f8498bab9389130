package codemode

// APIDoc is the one description of the Code Mode API. It is the text the
// model reads before it writes a script, so it must stay true to Run.
const APIDoc = `Answer by writing one JavaScript program (ES2023, no modules). It runs once,
in a sandbox, as the asking user. The only API is the global object tarn, plus
console.log. There is no network, no files, no require/import, no timers.

tarn.search(text) -> [{kind, name, description, score}]
    Finds tables, pages and examples relevant to text. kind is "table",
    "page", "example" or "note".
tarn.describe(table) -> {name, description, columns: [{name, type, description, values}]}
    The columns of one table you may see. values lists the distinct values of
    short text columns (at most 20), e.g. the plans or regions that exist.
tarn.sql(query, {mode}) -> {columns: [name...], rows: [[value...]...], truncated}
    Runs one read-only SQL query (DuckDB dialect) over the lake. mode says
    where the rows go besides your program:
      "display" (default) - shown to the user in a table; never sent to you.
      "inject"            - sent back to you (the model), at most 50 rows.
      "both"              - both of the above.
    Your program always gets the rows (at most 1000; truncated is true when
    there were more). Use "display" for anything the user asked to see and
    "inject" only for small results you must reason about.
tarn.chart(option)
    Draws a chart from an ECharts option object, e.g.
    {title: {text}, xAxis: {type: "category", data}, yAxis: {type: "value"},
     series: [{type: "bar", data}]}.
tarn.answer(markdown)
    The answer the user reads. Call it once, at the end; a later call replaces
    an earlier one.
console.log(...values)
    A line for the logs (not shown to the user).

Errors: a failing tarn.* call throws an Error with .code ("invalid",
"not_found", "forbidden", "limit", "timeout", ...) and a message that says what
to do; you may catch it. Limits: 10 queries, 5 seconds, 64 MiB per program;
breaking one ends the program.

Example:
  const hits = tarn.search("revenue by plan");
  const r = tarn.sql(
    "SELECT plan, sum(amount) AS revenue FROM billing.invoices GROUP BY plan ORDER BY revenue DESC",
    {mode: "display"});
  tarn.chart({xAxis: {type: "category", data: r.rows.map(x => x[0])},
              yAxis: {type: "value", min: 0},
              series: [{type: "bar", data: r.rows.map(x => x[1])}]});
  tarn.answer("Revenue by plan: **" + r.rows[0][0] + "** leads.");
`
