// What the main WebAssembly module, the one a first visit of `/` or
// `/stores/:id` loads, is made of: its functions and data grouped by the
// crate they come from, and the view code of the Leptos renderer grouped by
// what it does (hydrating from the server's HTML, awaiting lazy routes
// while hydrating, rendering in the browser). Read with `twiggy` from the
// module as split by the release build, before wasm-bindgen and wasm-opt,
// which still carries the functions' names; the module as served is smaller
// (wasm-opt) and compressed, so the shares are what matters.
//
// Usage: node bench/wasm_weight.mjs [path/to/app_split.wasm]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const module = process.argv[2] ?? 'target/front/wasm32-unknown-unknown/wasm-release/app_split.wasm';
if (!existsSync(module)) {
  console.error(`error: ${module} not found; run make build-release first`);
  process.exit(1);
}
const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');
const twiggy = existsSync(join(cargoBin, 'twiggy')) ? join(cargoBin, 'twiggy') : 'twiggy';

const csv = execFileSync(twiggy, ['top', '-n', '10000000', '-f', 'csv', module], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});

/** Splits one CSV line of twiggy's (a quoted name may hold commas). */
function fields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  out.push(field);
  return out;
}

/** The crate a function belongs to: the first path of its name, also inside `<T as …>`. */
function crateOf(name) {
  if (name.startsWith('data segment')) return 'data (strings, tables)';
  if (name.includes('__wbindgen') || name.startsWith('import ') || name.startsWith('export ')) {
    return 'wasm-bindgen glue';
  }
  if (name.startsWith('elem[') || name.startsWith('table[')) return 'function table';
  const own = /^<*&?(?:mut )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  const viaTrait = /^<.* as ([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  const path = own?.[1] === 'T' || own?.[1] === 'F' || !own ? viaTrait?.[1] : own[1];
  return path ?? 'other';
}

/** What a function of the renderer does, for the views' share. */
function viewWork(name) {
  if (!/tachys|reactive_graph|leptos/.test(name)) return null;
  if (name.includes('hydrate_async')) return 'hydrating, awaiting lazy routes (`hydrate_async`)';
  if (/::hydrate(::|<|$)|hydrate_from_server/.test(name)) return 'hydrating the server\'s HTML (`hydrate`)';
  if (/::(build|rebuild)(::|$)/.test(name)) return 'rendering in the browser (`build`, `rebuild`)';
  return null;
}

const byCrate = new Map();
const byWork = new Map();
let total = 0;
for (const line of csv.trim().split('\n').slice(1)) {
  const [name, size] = fields(line);
  // Names and other custom sections are not sent, nor the descriptors
  // wasm-bindgen reads and removes.
  if (/section|subsection/.test(name) || name.includes('__wbindgen_describe')) continue;
  const bytes = Number(size);
  total += bytes;
  const crate = crateOf(name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + bytes);
  const work = viewWork(name);
  if (work) byWork.set(work, (byWork.get(work) ?? 0) + bytes);
}

const pct = (bytes) => `${((100 * bytes) / total).toFixed(1)}%`;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

console.log(`### What the main wasm is made of (${module}, ${kb(total)} before wasm-opt)\n`);
console.log('| crate | bytes | share |');
console.log('| --- | ---: | ---: |');
const sorted = [...byCrate.entries()].sort((a, b) => b[1] - a[1]);
let shown = 0;
for (const [crate, bytes] of sorted.slice(0, 15)) {
  console.log(`| ${crate} | ${kb(bytes)} | ${pct(bytes)} |`);
  shown += bytes;
}
console.log(`| ${sorted.length - 15} more | ${kb(total - shown)} | ${pct(total - shown)} |`);
console.log('\n| the renderer\'s code for views | bytes | share |');
console.log('| --- | ---: | ---: |');
for (const [work, bytes] of [...byWork.entries()].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${work} | ${kb(bytes)} | ${pct(bytes)} |`);
}
