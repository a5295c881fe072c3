// What a first visit downloads: a fresh Chromium profile opens each page,
// waits until it has hydrated and the network is quiet, and adds up the bytes
// of every response as they came over the wire (compressed as served, headers
// included), by kind. The service worker is blocked, so that only what the
// page itself needs is counted, not what the worker keeps for offline use.
//
// Usage: node bench/first_visit.mjs   (BAEDAL_BENCH_URL, default http://127.0.0.1:3300)
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const base = process.env.BAEDAL_BENCH_URL ?? 'http://127.0.0.1:3300';
const password = 'baedal-demo-2026';
const visits = [
  { path: '/', who: null },
  { path: '/stores/1', who: null },
  { path: '/stores/1', who: 'customer1@baedal.demo' },
  { path: '/store', who: 'owner1@baedal.demo' },
  { path: '/rider', who: 'rider1@baedal.demo' },
];

function kindOf(url, type) {
  const path = new URL(url).pathname;
  if (type === 'document') return 'html';
  if (path.endsWith('.wasm')) return path.includes('/split_') || path.includes('/chunk_') ? 'wasm (lazy)' : 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (path.endsWith('.json') && path.startsWith('/pkg/')) return 'js';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}

const kinds = ['html', 'js', 'wasm', 'wasm (lazy)', 'css', 'api', 'other'];
const kb = (bytes) => (bytes / 1000).toFixed(1);

async function visit(browser, { path, who }) {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'ko-KR' });
  if (who) {
    const answer = await context.request.post(`${base}/api/sign_in`, {
      form: { email: who, password },
    });
    if (!answer.ok()) throw new Error(`sign-in of ${who}: HTTP ${answer.status()}`);
  }
  const page = await context.newPage();
  const responses = [];
  page.on('requestfinished', (request) => responses.push(request));
  const failed = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  const started = Date.now();
  const answer = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  if (!answer || answer.status() !== 200) throw new Error(`${path}: HTTP ${answer?.status()}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 30_000 });
  const hydratedAfter = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const bytes = Object.fromEntries(kinds.map((kind) => [kind, 0]));
  const files = [];
  for (const request of responses) {
    const sizes = await request.sizes();
    const response = await request.response();
    const encoding = response ? (await response.allHeaders())['content-encoding'] ?? 'identity' : '-';
    const size = sizes.responseBodySize + sizes.responseHeadersSize;
    const kind = kindOf(request.url(), request.resourceType());
    bytes[kind] += size;
    files.push({ url: new URL(request.url()).pathname, kind, size, encoding });
  }
  await context.close();
  if (failed.length > 0) throw new Error(`${path}: failed requests: ${failed.join(', ')}`);
  return { path, who, bytes, files, hydratedAfter };
}

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium' });
const results = [];
for (const wanted of visits) results.push(await visit(browser, wanted));
await browser.close();

console.log('## First visit: bytes over the wire\n');
console.log(`Server \`${base}\`; a fresh Chromium profile per row, service worker blocked; kB = 1,000 bytes, compressed as served, headers included.\n`);
console.log(`| page | who | ${kinds.join(' | ')} | JS + wasm + CSS | total | requests | hydrated after |`);
console.log(`| --- | --- | ${kinds.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: |`);
for (const { path, who, bytes, files, hydratedAfter } of results) {
  const code = bytes.js + bytes.wasm + bytes['wasm (lazy)'] + bytes.css;
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  console.log(
    `| \`${path}\` | ${who ? who.split('@')[0] : 'anonymous'} | ${kinds.map((kind) => kb(bytes[kind])).join(' | ')} | **${kb(code)}** | ${kb(total)} | ${files.length} | ${hydratedAfter} ms |`,
  );
}
console.log('\nLargest files per page:\n');
for (const { path, who, files } of results) {
  const largest = [...files].sort((a, b) => b.size - a.size).slice(0, 4);
  console.log(`- \`${path}\` (${who ? who.split('@')[0] : 'anonymous'}): ${largest.map((f) => `${f.url.replace(/\.[A-Za-z0-9_-]{22}\./, '.…')} ${kb(f.size)} kB ${f.encoding}`).join('; ')}`);
}
