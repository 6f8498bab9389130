package codemode

import (
	"sort"
	"strings"
	"testing"

	"github.com/tarn-data/tarn"
)

func TestHostAndEngineGlobalsAreAbsent(t *testing.T) {
	names := []string{
		"require", "fetch", "std", "os", "process", "globalThis.std", "globalThis.os",
		"setTimeout", "setInterval", "print", "scriptArgs", "XMLHttpRequest", "WebSocket",
		"Deno", "Bun", "module", "exports", "WebAssembly", "Atomics", "SharedArrayBuffer",
		"__tarn_sql", "__tarn_search", "__tarn_answer", "__tarn_log",
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			out, err := runScript(t, "tarn.answer(typeof "+name+")", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if out.Answer != "undefined" {
				t.Errorf("typeof %s = %s", name, out.Answer)
			}
		})
	}
}

// standardGlobals are the ECMAScript built-ins a script keeps.
var standardGlobals = strings.Fields(`Error EvalError RangeError ReferenceError SyntaxError
TypeError URIError InternalError AggregateError Array Object Function Iterator parseInt
parseFloat isNaN isFinite decodeURI decodeURIComponent encodeURI encodeURIComponent escape
unescape Infinity NaN undefined eval Number Boolean String Math Reflect Symbol globalThis
BigInt Date RegExp JSON Proxy Map Set WeakMap WeakSet ArrayBuffer Uint8ClampedArray
Int8Array Uint8Array Int16Array Uint16Array Int32Array Uint32Array BigInt64Array
BigUint64Array Float16Array Float32Array Float64Array DataView Promise`)

func TestGlobalObjectHoldsOnlyBuiltinsTarnAndConsole(t *testing.T) {
	out, err := runScript(t, `
const g = Function('return this')();
tarn.answer(Reflect.ownKeys(g).map(String).join(" "));`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"tarn": true, "console": true, "Symbol(Symbol.toStringTag)": true}
	for _, n := range standardGlobals {
		allowed[n] = true
	}
	var extra []string
	for _, n := range strings.Fields(out.Answer) {
		if !allowed[n] {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("the global object also holds %v", extra)
	}
	for _, n := range []string{"tarn", "console"} {
		if !strings.Contains(" "+out.Answer+" ", " "+n+" ") {
			t.Errorf("the global object lacks %s", n)
		}
	}
}

func TestModuleLoadingFails(t *testing.T) {
	cases := []struct{ name, module string }{
		{"std module", "os"},
		{"std module std", "std"},
		{"absolute file", "/etc/passwd"},
		{"relative file", "./secrets.js"},
		{"url", "https://example.com/x.js"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runScript(t, `import('`+c.module+`').then(
  () => tarn.answer("loaded"),
  e => tarn.answer("refused: " + e.message));`, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(out.Answer, "refused: ") {
				t.Errorf("import(%q): %s", c.module, out.Answer)
			}
		})
	}
}

func TestStaticImportIsSyntaxError(t *testing.T) {
	_, err := runScript(t, "import * as os from 'os';\nos.exit(1);", Limits{})
	wantCode(t, err, tarn.EINVALID)
}

// QuickJS lets Object.defineProperty redefine even a non-configurable global
// (NaN included), so a script can shadow tarn with its own object. That only
// changes what the script itself sees: the host functions live in the
// prelude's closure, not on the global object.
func TestTarnAndConsoleCannotBeReplaced(t *testing.T) {
	out, err := runScript(t, `
try { globalThis.tarn = {answer() {}} } catch (e) {}
try { tarn.sql = () => ({rows: [["forged"]]}) } catch (e) {}
try { delete globalThis.console } catch (e) {}
tarn.answer(typeof console.log + " " + tarn.sql("SELECT 1").rows[0][0]);`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "function 1" {
		t.Errorf("answer = %q", out.Answer)
	}
}

func TestTamperedBuiltinsDoNotBreakTheAPI(t *testing.T) {
	out, err := runScript(t, `
JSON.parse = () => ({value: {columns: [], rows: [["forged"]]}});
Error = function () { return {} };
tarn.answer(String(tarn.sql("SELECT 1").rows[0][0]));`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "1" {
		t.Errorf("answer = %q", out.Answer)
	}
}

func TestNonStringArgumentsAreConverted(t *testing.T) {
	out, err := runScript(t, `tarn.answer({toString() { return "converted" }});`, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Answer != "converted" {
		t.Errorf("answer = %q", out.Answer)
	}
}
