// Time from a command's commit to its change arriving at a subscribed browser.
//
// A real Chromium page signs in as a customer and listens on /api/live; this
// script places orders and moves them through the store's steps over HTTP, and
// the page records, for every `change` event, its arrival time minus the
// server's commit time (same machine, same clock). Prints median, p90, p99, max.
//
// Usage: bash bench/live-latency.sh   (builds nothing; needs `make build-release`)
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const base = process.env.BAEDAL_BENCH_URL ?? 'http://127.0.0.1:3100';
const wanted = Number(process.env.BAEDAL_BENCH_EVENTS ?? 1000);
const password = 'baedal-demo-2026';

async function signIn(email) {
  const response = await fetch(`${base}/api/sign_in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status}`);
  return response.headers.get('set-cookie').split(';')[0];
}

async function call(cookie, endpoint, args) {
  const response = await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(args),
  });
  if (!response.ok) throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
  return response.json();
}

const customer = await signIn('customer1@baedal.demo');
const owner = await signIn('owner1@baedal.demo');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext();
const [name, value] = customer.split('=');
await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();
await page.goto(`${base}/healthz`);
await page.evaluate(
  () =>
    new Promise((ready) => {
      window.latencies = [];
      const source = new EventSource('/api/live');
      source.addEventListener('change', (event) => {
        const arrived = performance.timeOrigin + performance.now();
        window.latencies.push(arrived - JSON.parse(event.data).committed_at);
      });
      source.addEventListener('hello', () => ready(), { once: true });
    }),
);

const menu = await call(customer, 'store_menu', { store: 1 });
const item = menu.items[0].id;
let committed = 0;
for (let n = 0; committed < wanted; n += 1) {
  const order = await call(customer, 'place_order', { store: 1, lines: [{ item, quantity: 1 }], key: `bench-${Date.now()}-${n}` });
  committed += 2; // placed, paid
  for (const command of [{ type: 'accept', prep_minutes: 10 }, { type: 'start_cooking' }, { type: 'finish_cooking' }]) {
    await call(owner, 'order_command', { order, command });
    committed += 1;
  }
}
await page.waitForFunction((n) => window.latencies.length >= n, committed, { timeout: 60_000 });
const latencies = (await page.evaluate(() => window.latencies)).sort((a, b) => a - b);
await browser.close();

const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`live latency, commit -> browser, ${latencies.length} events`);
console.log(`median ${ms(at(0.5))}  p90 ${ms(at(0.9))}  p99 ${ms(at(0.99))}  max ${ms(latencies[latencies.length - 1])}`);
