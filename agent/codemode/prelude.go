package codemode

// The host functions the prelude takes from the global object and deletes
// before the script runs. Each takes strings and returns a JSON envelope,
// {"value": ...} or {"error": {"code", "message", "hint"}}.
const (
	hostSearch   = "__tarn_search"
	hostDescribe = "__tarn_describe"
	hostSQL      = "__tarn_sql"
	hostChart    = "__tarn_chart"
	hostAnswer   = "__tarn_answer"
	hostLog      = "__tarn_log"
)

// prelude builds the tarn and console objects over the host functions,
// removes the host functions and the built-ins a script has no use for
// (shared memory, weak references), and freezes what is left of the API so a
// script cannot swap it. It runs before every script, in the script's VM.
//
// Its value is a function that tells whether the script's completion value is
// a promise, as for a script written as an async function; Run then watches
// that promise for a rejection, which would otherwise go unreported.
const prelude = `(function (g) {
"use strict";
const h = {
  search: g.__tarn_search, describe: g.__tarn_describe, sql: g.__tarn_sql,
  chart: g.__tarn_chart, answer: g.__tarn_answer, log: g.__tarn_log,
};
for (const k of ["__tarn_search", "__tarn_describe", "__tarn_sql", "__tarn_chart",
  "__tarn_answer", "__tarn_log", "Atomics", "SharedArrayBuffer", "WeakRef",
  "FinalizationRegistry"]) {
  delete g[k];
}
const P = Promise;
const parse = JSON.parse, stringify = JSON.stringify, E = Error, S = String;
function call(f, a, b) {
  const r = parse(b === undefined ? f(a) : f(a, b));
  if (r.error) {
    const e = new E(r.error.message);
    e.name = "TarnError";
    e.code = r.error.code;
    if (r.error.hint) e.hint = r.error.hint;
    throw e;
  }
  return r.value;
}
function text(v) {
  if (typeof v === "string") return v;
  try {
    const s = stringify(v);
    return s === undefined ? S(v) : s;
  } catch (e) {
    return S(v);
  }
}
const tarn = Object.freeze({
  search(q) { return call(h.search, S(q)); },
  describe(table) { return call(h.describe, S(table)); },
  sql(query, options) {
    const mode = options != null && options.mode !== undefined ? S(options.mode) : "";
    return call(h.sql, S(query), mode);
  },
  chart(option) {
    if (option === null || typeof option !== "object") {
      throw new TypeError("tarn.chart takes an ECharts option object");
    }
    call(h.chart, stringify(option));
  },
  answer(markdown) { call(h.answer, S(markdown)); },
});
const console = Object.freeze({
  log(...values) { call(h.log, values.map(text).join(" ")); },
});
const fixed = { writable: false, enumerable: false, configurable: false };
Object.defineProperty(g, "tarn", { value: tarn, ...fixed });
Object.defineProperty(g, "console", { value: console, ...fixed });
return function isPromise(v) { return v instanceof P; };
})(globalThis);
`
