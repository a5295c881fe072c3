// Lighthouse mobile (its default: a mid-range phone, throttled 4G) on the
// pages a first visit meets, several runs each, signed in where the page
// needs it. Prints the lowest and the median score per category, the
// largest contentful paint, total blocking time and layout shift, and which
// element was the largest contentful paint in the slowest run.
//
// Usage: node bench/lighthouse/run.mjs
//   BAEDAL_BENCH_URL (default http://127.0.0.1:3300), BAEDAL_LIGHTHOUSE_RUNS (default 5),
//   CHROME_PATH (default /usr/bin/chromium)
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const base = process.env.BAEDAL_BENCH_URL ?? 'http://127.0.0.1:3300';
const runs = Number(process.env.BAEDAL_LIGHTHOUSE_RUNS ?? 5);
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const password = 'baedal-demo-2026';
const categories = ['performance', 'accessibility', 'best-practices'];
const pages = [
  { path: '/', who: null },
  { path: '/stores/1', who: null },
  { path: '/store', who: 'owner1@baedal.demo' },
  { path: '/rider', who: 'rider1@baedal.demo' },
];

async function session(email) {
  const answer = await fetch(`${base}/api/sign_in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  if (!answer.ok) throw new Error(`sign-in of ${email}: HTTP ${answer.status}`);
  return answer.headers.get('set-cookie').split(';')[0];
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const { path, who } of pages) {
  const cookie = who ? await session(who) : null;
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    // A fresh browser per run: nothing cached, no service worker.
    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const { lhr } = await lighthouse(`${base}${path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: categories,
        extraHeaders: cookie ? { Cookie: cookie } : undefined,
      });
      const lcpElement = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
      const failing = Object.values(lhr.audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary')
        .map((audit) => audit.id);
      results.push({
        scores: Object.fromEntries(categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        weight: lhr.audits['total-byte-weight'].numericValue,
        lcpElement: lcpElement ? `${lcpElement.nodeLabel ?? ''} (${lcpElement.selector ?? ''})` : 'none',
        failing,
      });
      process.stderr.write(`… ${path} run ${run + 1}: ${categories.map((c) => results.at(-1).scores[c]).join('/')}\n`);
    } finally {
      await chrome.kill();
    }
  }
  rows.push({ path, who, results });
}

console.log('## Lighthouse, mobile\n');
console.log(`Server \`${base}\`; ${runs} runs per page, each in a fresh browser; Lighthouse's default mobile settings (simulated throttling).\n`);
console.log('| page | who | performance (lowest / median) | accessibility | best practices | LCP ms (worst / median) | TBT ms (worst) | CLS (worst) | weight kB |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { path, who, results } of rows) {
  const lowest = (c) => Math.min(...results.map((r) => r.scores[c]));
  const mid = (c) => median(results.map((r) => r.scores[c]));
  const lcps = results.map((r) => r.lcp);
  console.log(
    `| \`${path}\` | ${who ? who.split('@')[0] : 'anonymous'} | ${lowest('performance')} / ${mid('performance')} | ${lowest('accessibility')} / ${mid('accessibility')} | ${lowest('best-practices')} / ${mid('best-practices')} | ${Math.round(Math.max(...lcps))} / ${Math.round(median(lcps))} | ${Math.round(Math.max(...results.map((r) => r.tbt)))} | ${Math.max(...results.map((r) => r.cls)).toFixed(3)} | ${(median(results.map((r) => r.weight)) / 1000).toFixed(0)} |`,
  );
}
console.log('');
for (const { path, results } of rows) {
  const slowest = results.reduce((a, b) => (b.lcp > a.lcp ? b : a));
  const failing = [...new Set(results.flatMap((r) => r.failing))];
  console.log(`- \`${path}\`: largest contentful paint in the slowest run: ${slowest.lcpElement}; audits failed in some run: ${failing.length ? failing.join(', ') : 'none'}.`);
}
