import http from 'node:http';
import { AddressInfo } from 'node:net';
import { test, expect, Browser, Page } from '@playwright/test';
import { expectNoReload, hydrated, markNoReload, officeBeside, signedIn } from './helpers';

// The customer's first load: the code of the pages it does not show comes
// later, when they are visited, and what the server rendered stays on screen
// while the page hydrates.

/** The files of /pkg/ the page asks for from now on. */
function pkgRequests(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/pkg/')) asked.push(path);
  });
  return asked;
}

const lazyWasm = (asked: string[]) => asked.filter((path) => /\/(split_|chunk_)[^/]*\.wasm$/.test(path));

test('the store list and a store page load no code of the other pages', async ({ page }) => {
  const asked = pkgRequests(page);
  for (const path of ['/', '/stores/1']) {
    await page.goto(path);
    await hydrated(page);
    await page.waitForLoadState('networkidle');
  }
  expect(asked.some((path) => /\/baedal\.[^/]+\.wasm$/.test(path))).toBe(true);
  expect(lazyWasm(asked)).toEqual([]);
});

test('pages loaded when visited work after client-side navigation across the apps', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const asked = pkgRequests(page);

  // The customer's pages: the ranking and the sign-in page, each fetched
  // when first shown, without reloading the page.
  await page.goto('/');
  await markNoReload(page);
  await page.locator('header a[href="/ranking"]').click();
  await page.waitForURL('**/ranking');
  await expect(page.locator('main h1')).toBeVisible();
  await page.locator('header a[href="/signin"]').click();
  await page.waitForURL('**/signin');
  await expect(page.getByTestId('demo-owner1@baedal.demo')).toBeVisible();
  await expectNoReload(page);

  // Signing in loads the store tablet afresh; its tabs and the way back to
  // the customer's store list are client-side.
  await page.getByTestId('demo-owner1@baedal.demo').click();
  await page.waitForURL((url) => url.pathname === '/store');
  await markNoReload(page);
  await page.locator('.store-tabs a[href="/store/menu"]').click();
  await expect(page.getByTestId('menu-manager')).toBeVisible();
  await page.locator('.store-tabs a[href="/store/dashboard"]').click();
  await expect(page.getByTestId('dashboard-today')).toBeVisible();
  await page.locator('.store-tabs a[href="/store"]').click();
  await expect(page.getByTestId('sound')).toBeVisible();
  await page.locator('header a.brand').click();
  await expect(page.locator('ul.store-list')).toBeVisible();
  await expectNoReload(page);

  // One chunk per group of pages: the signed-in account's pages (the
  // ranking), sign-in and sign-up, the tablet; not the rider app.
  const fetched = lazyWasm(asked).join(' ');
  for (const group of ['account_pages', 'entry_pages', 'store_tablet']) {
    expect(fetched).toContain(`split_${group}_`);
  }
  expect(fetched).not.toContain('split_rider_app_');
  expect(errors).toEqual([]);
});

test('opening the store tablet asks for a few chunks of code, and its tabs for none', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const asked = pkgRequests(page);
  await page.reload();
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  const chunks = lazyWasm(asked);
  expect(chunks.filter((path) => path.includes('/split_store_tablet_'))).toHaveLength(1);
  // Each chunk is a request, and starting them is work on the phone's main
  // thread: 90 with a split point per page, 22 with the counter and the
  // other tabs in two groups, 13 with the tablet as one.
  expect(chunks.length).toBeLessThanOrEqual(16);
  await markNoReload(page);
  await page.locator('.store-tabs a[href="/store/menu"]').click();
  await expect(page.getByTestId('menu-manager')).toBeVisible();
  await page.locator('.store-tabs a[href="/store/dashboard"]').click();
  await expect(page.getByTestId('dashboard-today')).toBeVisible();
  await expectNoReload(page);
  expect(lazyWasm(asked)).toEqual(chunks);
  await context.close();
});

test('the store tablet keeps what the owner started as its tabs change, and an unknown tab is not found', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'owner1@baedal.demo', '/store');
  await hydrated(page);
  // The tablet is one route for all its tabs: changing tabs renders the
  // tab, not the tablet around it, so what the owner started keeps, here a
  // coupon half written on the counter.
  const coupon = page.getByTestId('coupon-form-4').getByTestId('coupon-discount');
  await page.getByTestId('figures-4').getByRole('button', { name: 'Issue a coupon' }).click();
  await coupon.fill('23');
  for (const [tab, shown] of [
    ['/store/menu', '[data-testid="menu-manager"]'],
    ['/store/settings', 'form.settings-form'],
    ['/store/dashboard', '[data-testid="dashboard-today"]'],
    ['/store', '[data-testid="kitchen-queue"]'],
  ]) {
    await page.locator(`.store-tabs a[href="${tab}"]`).click();
    await expect(page.locator(shown)).toBeVisible();
    await expect(page.locator(`.store-tabs a[href="${tab}"]`)).toHaveAttribute('aria-current', 'page');
  }
  await expect(coupon).toHaveValue('23');

  const unknown = await page.goto('/store/kitchen');
  expect(unknown?.status()).toBe(404);
  await expect(page.locator('main .store-app section.empty')).toBeVisible();
  await expect(page.getByTestId('kitchen-queue')).toHaveCount(0);
  await context.close();
});

test('a store that does not exist is not found, and leads back to the stores', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const unknown = await page.goto('/stores/999999');
  expect(unknown?.status()).toBe(404);
  await markNoReload(page);
  const notFound = page.locator('main section.empty');
  await expect(notFound).toBeVisible();
  await notFound.locator('a[href="/"]').click();
  await expect(page.locator('ul.store-list')).toBeVisible();
  await expectNoReload(page);
  expect(errors).toEqual([]);
});

/** The app's main wasm. */
const APP_CODE = /\/pkg\/baedal\.[^/]*\.wasm$/;

/**
 * Holds back what `page` fetches that `files` matches until `release` is
 * called; `asked` settles when it is first asked for.
 */
async function holdBack(page: Page, files: RegExp): Promise<{ asked: Promise<void>; release: () => void }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let ask = () => {};
  const asked = new Promise<void>((resolve) => (ask = resolve));
  await page.route(files, async (route) => {
    ask();
    await held;
    // The page that asked may be gone, left for another.
    await route.continue().catch(() => {});
  });
  return { asked, release };
}

test('a link tapped while the page is still hydrating is followed by the browser', async ({ page }) => {
  // The router runs before the page under it has hydrated, and a navigation
  // it began then could be lost. The sign-in page hydrates once its chunk is
  // there: the chunks are held back until the link has been tapped.
  const { asked, release } = await holdBack(page, /\/(split_|chunk_)[^/]*\.wasm$/);
  await page.goto('/signin');
  await asked;
  await page.evaluate(() => ((window as unknown as { baedalMark: boolean }).baedalMark = true));
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  await page.getByRole('link', { name: 'Sign up' }).click();
  release();
  await page.waitForURL((url) => url.pathname === '/signup');
  await hydrated(page);
  await expect(page.getByLabel('Delivery address')).toBeVisible();
  // Followed as without JavaScript: a new page, not the router's.
  expect(await page.evaluate(() => (window as unknown as { baedalMark?: boolean }).baedalMark)).toBeUndefined();
});

test('a button tapped before the page has hydrated acts once it has', async ({ page }) => {
  // Nothing of the app runs until its code has arrived, and the code is
  // held back until a dish has been tapped.
  const { asked, release } = await holdBack(page, APP_CODE);
  await page.goto('/stores/1');
  await asked;
  // A cart kept from an earlier visit, which the page restores once hydrated.
  const stew = await page.locator('.dish').filter({ hasText: '김치찌개' }).first().getAttribute('data-testid');
  const kept = [{ item: Number(stew?.replace('dish-', '')), quantity: 1, options: [] }];
  await page.evaluate((lines) => localStorage.setItem('baedal.cart.1', JSON.stringify(lines)), kept);
  const cart = page.getByTestId('cart');
  await page.getByRole('button', { name: 'Add 계란말이' }).click();
  await page.getByRole('button', { name: 'Add 계란말이' }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  await expect(cart).not.toContainText('계란말이');
  release();
  await hydrated(page);
  // Both taps, each once, added to the cart kept before.
  const line = (dish: string) => cart.getByTestId('cart-line').filter({ hasText: dish }).getByTestId('quantity');
  await expect(line('계란말이')).toHaveText('2');
  await expect(line('김치찌개')).toHaveText('1');
  await expect(cart.getByTestId('cart-total')).toHaveText('₩23,000');
});

/**
 * Store 1's page, with its checkout, for customer1 with an address beside
 * the store (`office`), in a page whose code is held back until `release`.
 */
async function checkoutBeforeHydrating(browser: Browser) {
  // No service worker, which would answer for the code out of sight of the
  // route that holds it back.
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  const signIn = await context.newPage();
  await signIn.goto('/signin');
  await hydrated(signIn);
  await signIn.getByTestId('demo-customer1@baedal.demo').click();
  await signIn.waitForURL((url) => url.pathname === '/');
  const office = await officeBeside(signIn, 1);
  const page = await context.newPage();
  const { asked, release } = await holdBack(page, APP_CODE);
  await page.goto('/stores/1');
  await asked;
  return { context, page, office, release };
}

test('what is entered before the page has hydrated is still there once it has, and a button tapped then acts on it', async ({ browser }) => {
  const { context, page, office, release } = await checkoutBeforeHydrating(browser);
  const checkout = page.getByTestId('checkout');
  await checkout.getByLabel('Coupon code').fill('EARLYBIRD');
  await checkout.getByTestId('kitchen-note').fill('문 앞에 두세요');
  const officeChoice = checkout.getByRole('radio', { name: new RegExp(`^${office} ·`) }).first();
  await officeChoice.check();
  await checkout.getByRole('button', { name: 'Apply' }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  release();
  await hydrated(page);
  await expect(officeChoice).toBeChecked();
  await expect(checkout.getByTestId('coupon-applied')).toContainText('EARLYBIRD');
  await expect(checkout.getByLabel('Coupon code')).toHaveValue('EARLYBIRD');
  await expect(checkout.getByTestId('kitchen-note')).toHaveValue('문 앞에 두세요');
  await context.close();
});

test('what is entered before the page has hydrated reaches the page once, and of radio buttons only the one picked last', async ({ browser }) => {
  const { context, page, office, release } = await checkoutBeforeHydrating(browser);
  const checkout = page.getByTestId('checkout');
  const home = checkout.getByRole('radio', { name: /^Home address ·/ });
  const officeChoice = checkout.getByRole('radio', { name: new RegExp(`^${office} ·`) }).first();
  const coupon = checkout.getByLabel('Coupon code');
  // What each field is told, as a listener of the page's own hears it,
  // counted by the kind of event and the field's id.
  const count = (field: Element, kind: string) =>
    field.addEventListener(kind, () => {
      const told = (window as unknown as { told: Record<string, number> }).told;
      told[`${kind} ${field.id}`] = (told[`${kind} ${field.id}`] ?? 0) + 1;
    });
  await page.evaluate(() => ((window as unknown as { told: Record<string, number> }).told = {}));
  await home.evaluate((field) => (field.id = 'home-choice'));
  await officeChoice.evaluate((field) => (field.id = 'office-choice'));
  await coupon.evaluate(count, 'input');
  await home.evaluate(count, 'change');
  await officeChoice.evaluate(count, 'change');
  await coupon.fill('EARLYBIRD');
  await officeChoice.check();
  await home.check();
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  release();
  await hydrated(page);
  await expect(home).toBeChecked();
  await expect(coupon).toHaveValue('EARLYBIRD');
  // Told once each, after hydrating: the text as typed, and the home
  // address, picked last; the office, picked before it, not at all.
  expect(await page.evaluate(() => (window as unknown as { told: Record<string, number> }).told)).toEqual({
    'input coupon-code': 1,
    'change home-choice': 1,
  });
  expect(await page.evaluate(() => localStorage.getItem('baedal.address'))).toBeNull();
  await context.close();
});

test('a button of the top bar tapped before the page has hydrated acts once it has', async ({ page }) => {
  const { asked, release } = await holdBack(page, APP_CODE);
  await page.goto('/stores/1');
  await asked;
  const topBar = page.locator('header.topbar');
  await topBar.getByRole('button', { name: '한국어' }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  await expect(page.getByTestId('cart').getByRole('heading')).toHaveText('Cart');
  release();
  await hydrated(page);
  // Switched once: to Korean, with the way back to English.
  await expect(topBar.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.getByTestId('cart').getByRole('heading')).toHaveText('장바구니');
});

test('a language chosen while the page under the top bar is still hydrating reaches the whole page', async ({ page }) => {
  // The top bar hydrates before the page, whose chunk is held back here.
  // The page's text hydrates as the server rendered it, in English: the
  // switch waits for the page, and then renders it all again in Korean.
  const { asked, release } = await holdBack(page, /\/(split_|chunk_)[^/]*\.wasm$/);
  await page.goto('/signin');
  await asked;
  const topBar = page.locator('header.topbar');
  await topBar.getByRole('button', { name: '한국어' }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  release();
  await hydrated(page);
  await expect(topBar.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.locator('main').getByRole('link', { name: '회원가입' })).toBeVisible();
});

test('a button tapped while the rest of the page is still arriving acts once the page has hydrated', async ({ browser, baseURL }) => {
  // Between the browser and the server, a proxy that sends the store page
  // up to the end of its menu and holds back the rest until the dish has
  // been tapped: the browser shows what it has read, and is still reading.
  const server = new URL(baseURL!);
  let sendRest = () => {};
  const restHeld = new Promise<void>((resolve) => (sendRest = resolve));
  let cut = -1;
  const proxy = http.createServer((request, response) => {
    const isPage = request.url === '/stores/1';
    const headers = { ...request.headers, host: server.host, ...(isPage ? { 'accept-encoding': 'identity' } : {}) };
    const ask = http.request({ host: server.hostname, port: server.port, path: request.url, method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode!, answer.headers);
      if (!isPage) {
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('error', () => response.destroy());
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const html = Buffer.concat(chunks);
        cut = html.indexOf('</main>');
        response.write(html.subarray(0, Math.max(cut, 0)));
        void restHeld.then(() => response.end(html.subarray(Math.max(cut, 0))));
      });
    });
    ask.on('error', () => response.destroy());
    request.pipe(ask);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as AddressInfo).port;
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const { release } = await holdBack(page, APP_CODE);
    const answer = await page.goto(`http://127.0.0.1:${port}/stores/1`, { waitUntil: 'commit' });
    expect(answer?.headers()['content-encoding']).toBeUndefined();
    expect(cut, 'the page was cut at the end of its main part').toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add 계란말이' }).click();
    expect(await page.evaluate(() => document.readyState)).toBe('loading');
    sendRest();
    release();
    await hydrated(page);
    const cart = page.getByTestId('cart');
    await expect(cart.getByTestId('cart-line').filter({ hasText: '계란말이' }).getByTestId('quantity')).toHaveText('1');
  } finally {
    sendRest();
    await context.close();
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
});

test('a page loaded when visited works when opened directly', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId('demo-rider1@baedal.demo').click();
  await page.waitForURL((url) => url.pathname === '/rider');
  // Opened anew: rendered by the server, then hydrated with its own chunk.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('button', { name: /Go on duty|Go off duty/ })).toBeVisible();
  await context.close();
});

for (const path of ['/', '/stores/1']) {
  test(`hydrating ${path} keeps every element the server rendered`, async ({ page }) => {
    await page.addInitScript(() => {
      type Paint = { at: number; fromServer: boolean };
      const seen = { added: 0, removed: 0, hydratedAt: 0, paints: [] as Paint[] };
      (window as unknown as { firstView: typeof seen }).firstView = seen;
      const hydrated = () => document.documentElement.dataset.hydrated === 'true';
      new MutationObserver(() => {
        if (hydrated() && seen.hydratedAt === 0) seen.hydratedAt = performance.now();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
      document.addEventListener('DOMContentLoaded', () => {
        const main = document.querySelector('main');
        if (!main) return;
        // What the server sent, before any script could change it.
        const fromServer = new WeakSet<Element>(document.body.querySelectorAll('*'));
        new MutationObserver((records) => {
          if (hydrated()) return;
          for (const record of records) {
            seen.added += [...record.addedNodes].filter((node) => node.nodeType === Node.ELEMENT_NODE).length;
            seen.removed += [...record.removedNodes].filter((node) => node.nodeType === Node.ELEMENT_NODE).length;
          }
        }).observe(main, { subtree: true, childList: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { element: Element | null })[]) {
            seen.paints.push({ at: entry.startTime, fromServer: entry.element !== null && fromServer.has(entry.element) });
          }
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
    });
    await page.goto(path);
    await hydrated(page);
    await page.waitForTimeout(500);
    const seen = await page.evaluate(
      () =>
        (window as unknown as { firstView: { added: number; removed: number; hydratedAt: number; paints: { at: number; fromServer: boolean }[] } })
          .firstView,
    );
    expect(seen.hydratedAt).toBeGreaterThan(0);
    expect(seen.paints.length).toBeGreaterThan(0);
    // Nothing was put in or taken out while hydrating, and every largest
    // paint, before hydration or after it, is of an element the server sent:
    // none was drawn again by the script.
    expect({ added: seen.added, removed: seen.removed }).toEqual({ added: 0, removed: 0 });
    expect(seen.paints.filter((paint) => !paint.fromServer)).toEqual([]);
  });
}

test('the counter the server rendered stays on screen while the store app hydrates', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const html = await (await page.request.get('/store')).text();
  expect(html, 'the server renders the queue, not a loading state').toContain('data-testid="kitchen-queue"');
  type Marked = HTMLElement & { fromServer?: boolean };
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const queue = document.querySelector('[data-testid="kitchen-queue"]');
      if (queue) (queue as HTMLElement & { fromServer?: boolean }).fromServer = true;
    });
  });
  await page.goto('/store');
  await hydrated(page);
  await page.waitForTimeout(500);
  const kept = await page.getByTestId('kitchen-queue').evaluate((queue) => (queue as Marked).fromServer === true);
  expect(kept, 'the queue hydrated in place').toBe(true);
  await context.close();
});

// Each page is sent whole, its top bar and its data in place: nothing is
// streamed in after the browser first paints it, so nothing moves (a layout
// shift), and every page reads without JavaScript.
const signedInPages = [
  { who: 'owner1@baedal.demo', roleLink: '/store', pages: ['/store', '/store/menu', '/store/dashboard'] },
  { who: 'rider1@baedal.demo', roleLink: '/rider', pages: ['/rider', '/ranking'] },
  { who: 'customer1@baedal.demo', roleLink: '/orders', pages: ['/orders', '/account', '/notifications'] },
];
for (const { who, roleLink, pages } of signedInPages) {
  test(`the pages of ${who} are sent whole, top bar and data`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const signIn = await context.request.post('/api/sign_in', { form: { email: who, password: 'baedal-demo-2026' } });
    expect(signIn.ok()).toBe(true);
    const page = await context.newPage();
    for (const path of pages) {
      await page.goto(path);
      const nav = page.locator('header nav.topnav');
      await expect(nav.locator(`a[href="${roleLink}"]`), `${path}: the role's link`).toBeVisible();
      await expect(nav.getByRole('button', { name: 'Sign out' }), `${path}: sign-out`).toBeVisible();
      await expect(page.locator('main h1, main h2').first(), `${path}: the page`).toBeVisible();
      await expect(page.locator('main .loading'), `${path}: nothing left loading`).toHaveCount(0);
    }
    await context.close();
  });
}

// A form shows the values it holds as the server sends it: a saved setting
// or the address an order goes to is not empty, or unticked, until the
// script has run, and then filled in (a repaint, and what is typed in the
// meantime would land in an empty field).
const formPages = [
  { who: 'owner1@baedal.demo', pages: ['/store/settings'] },
  { who: 'customer1@baedal.demo', pages: ['/stores/1', '/account'] },
];
for (const { who, pages } of formPages) {
  test(`the fields of ${who}'s forms hold the same values before the page has hydrated as after`, async ({ browser }) => {
    const fields = (page: Page) =>
      page.locator('main input, main textarea, main select').evaluateAll((all) =>
        all.map((field) => {
          const input = field as HTMLInputElement;
          const choice = input.type === 'checkbox' || input.type === 'radio';
          return `${input.name || input.dataset.testid || input.type}: ${choice ? (input.checked ? 'ticked' : 'not ticked') : input.value}`;
        }),
      );
    const asServed = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const hydrating = await browser.newContext({ locale: 'en-US' });
    for (const context of [asServed, hydrating]) {
      const signIn = await context.request.post('/api/sign_in', { form: { email: who, password: 'baedal-demo-2026' } });
      expect(signIn.ok()).toBe(true);
    }
    const served = await asServed.newPage();
    const live = await hydrating.newPage();
    for (const path of pages) {
      await served.goto(path);
      await live.goto(path);
      await hydrated(live);
      const before = await fields(served);
      expect(before, path).toEqual(await fields(live));
      expect(before.length, `${path} has fields`).toBeGreaterThan(0);
    }
    await asServed.close();
    await hydrating.close();
  });
}
