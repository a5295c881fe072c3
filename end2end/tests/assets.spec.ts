import { test, expect } from '@playwright/test';
import { hydrated } from './helpers';

// What the browser downloads: pages rendered for the request and answers
// compressed as they are served, kept pages compressed once per coding, the
// app's files compressed at build time under names that carry their hash
// and kept for a year, live streams never compressed.

test('pages, answers and the hashed app files are compressed and cached as they should be', async ({ page, request }) => {
  const rendered = await request.get('/?', { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(rendered.status()).toBe(200);
  expect(rendered.headers()['content-encoding']).toBe('br');
  expect(rendered.headers()['cache-control']).toBe('no-cache');
  for (const round of ['rendered or kept', 'kept']) {
    const home = await request.get('/', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(home.status(), round).toBe(200);
    expect(home.headers()['cache-control']).toBe('no-cache');
    if (round === 'kept') expect(home.headers()['content-encoding']).toBe('br');
    expect(await home.text()).toContain('class="store-list"');
  }
  const gzipOnly = await request.get('/', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gzipOnly.headers()['content-encoding']).toBe('gzip');
  expect(await gzipOnly.text()).toContain('class="store-list"');

  await page.goto('/');
  const files = await page.evaluate(() =>
    [
      // The app's code, which the page asks for once it has painted.
      ...[...(document.querySelector('script[type="module"]')?.textContent ?? '').matchAll(/"(\/pkg\/[^"]+)"/g)].map(
        (found) => found[1],
      ),
      document.querySelector('link#leptos')?.getAttribute('href'),
    ].filter((href): href is string => !!href),
  );
  expect(files).toHaveLength(3);
  for (const file of files) {
    expect(file, 'a hashed name').toMatch(/^\/pkg\/baedal\.[A-Za-z0-9_-]{22}\.(js|wasm|css)$/);
    for (const encoding of ['br', 'gzip']) {
      const response = await request.get(file, { headers: { 'Accept-Encoding': encoding } });
      expect(response.status()).toBe(200);
      expect(response.headers()['content-encoding'], `${file} as ${encoding}`).toBe(encoding);
      expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  }

  const menu = await request.post('/api/store_menu', {
    headers: { 'Accept-Encoding': 'br, gzip', 'Content-Type': 'application/json' },
    data: { store: 1 },
  });
  expect(menu.status()).toBe(200);
  expect(menu.headers()['content-encoding']).toBe('br');

  const worker = await request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  const script = await worker.text();
  for (const file of files) expect(script, 'the service worker keeps this build').toContain(file);
});

test('a live stream is sent as it goes, never compressed', async ({ page }) => {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId('demo-customer1@baedal.demo').click();
  await page.waitForURL((url) => url.pathname === '/');
  const headers = await page.evaluate(async () => {
    const stop = new AbortController();
    const response = await fetch('/api/live', { headers: { 'Accept-Encoding': 'br, gzip' }, signal: stop.signal });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    stop.abort();
    return {
      type: response.headers.get('content-type'),
      encoding: response.headers.get('content-encoding'),
      first,
    };
  });
  expect(headers.type).toBe('text/event-stream');
  expect(headers.encoding).toBeNull();
  expect(headers.first).toContain('event: hello');
});
