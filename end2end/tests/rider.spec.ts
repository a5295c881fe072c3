import { test, expect, Browser } from '@playwright/test';
import { card, customerStatus, expectNoReload, markNoReload, placeOrder, signedIn, hydrated } from './helpers';

const PHONE = { width: 390, height: 844 };
/** 270 m from the 홍대 kitchen. */
const NEAR_HONGDAE = { latitude: 37.556, longitude: 126.923 };

/** A rider's phone with the position granted, signed in on the rider app. */
async function riderPhone(browser: Browser, email: string) {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    geolocation: NEAR_HONGDAE,
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId(`demo-${email}`).click();
  await page.waitForURL((url) => url.pathname === '/rider');
  await markNoReload(page);
  return { context, page };
}

test('riders on duty see a delivery appear, one claims it, the other sees it go, and the customer watches it come', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer1@baedal.demo', '/');
  // rider3's base is in 성수, 6 km away: only being on duty here brings the offer.
  const rider = await riderPhone(browser, 'rider3@baedal.demo');
  const other = await riderPhone(browser, 'rider1@baedal.demo');
  for (const phone of [rider, other]) {
    await phone.page.getByRole('button', { name: 'Go on duty' }).click();
    await expect(phone.page.getByTestId('duty')).toHaveAttribute('data-on-duty', 'true');
  }

  const order = await placeOrder(customer.page, 1, ['김치찌개', '계란말이']);
  const counter = card(store.page, order);
  await counter.getByRole('button', { name: 'Accept 10min' }).click();
  await counter.getByRole('button', { name: 'Start cooking' }).click();
  await counter.getByRole('button', { name: 'Cooking done' }).click();

  const offer = rider.page.getByTestId('offered-deliveries').getByTestId(`order-${order}`);
  const otherOffer = other.page.getByTestId('offered-deliveries').getByTestId(`order-${order}`);
  await expect(offer, 'the delivery appears live').toBeVisible();
  await expect(otherOffer).toBeVisible();
  await expect(offer).toContainText('to the store');
  await expect(offer.getByTestId('fee')).toHaveText('₩3,000');
  // The offer's notice shows as a toast, inside the room the page keeps free
  // at its bottom: the rider can scroll any button above it.
  const toast = rider.page.getByTestId('toast');
  await expect(toast).toContainText(`#${order}`);
  const toastBox = await toast.boundingBox();
  expect(toastBox, 'the toast is on screen').not.toBeNull();
  const room = await rider.page.evaluate(() => ({
    free: parseFloat(getComputedStyle(document.querySelector('main')!).paddingBottom),
    height: window.innerHeight,
  }));
  expect(room.height - toastBox!.y, 'the toast fits in the room below the page').toBeLessThanOrEqual(room.free);
  const claim = offer.getByRole('button', { name: 'Take this delivery' });
  const box = await claim.boundingBox();
  expect(box?.height, 'a big touch target').toBeGreaterThanOrEqual(56);
  await claim.click();
  await expect(otherOffer, 'taken by someone else, it leaves the other board').toBeHidden();

  const mine = rider.page.getByTestId('my-deliveries').getByTestId(`order-${order}`);
  const details = mine.getByTestId('delivery-details');
  await expect(details).toContainText('010-1111-0001');
  await expect(details).toContainText('김치찌개');
  await expect(details.getByRole('link', { name: '010-1111-0001' })).toHaveAttribute('href', 'tel:010-1111-0001');
  await mine.getByRole('button', { name: 'Picked up' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'picked_up');

  const marker = customer.page.getByTestId('rider-marker');
  await expect(marker).toHaveAttribute('data-lat', '37.556');
  await rider.context.setGeolocation({ latitude: 37.553, longitude: 126.924 });
  await expect(marker, 'the rider moves on the customer\'s map').toHaveAttribute('data-lat', '37.553', { timeout: 15_000 });
  await expect(customer.page.getByTestId('rider-eta')).toContainText('min away');

  await mine.getByRole('button', { name: 'Delivered' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'delivered');
  await expect(rider.page.getByTestId('earnings-today')).toContainText('₩3,000 · 1 deliveries');
  for (const page of [customer.page, rider.page, other.page]) {
    await expectNoReload(page);
  }
});

test('without a position the rider picks an area', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId('demo-rider2@baedal.demo').click();
  await page.waitForURL((url) => url.pathname === '/rider');
  await hydrated(page);
  await page.getByRole('button', { name: 'Go on duty' }).click();
  await expect(page.getByText('Your position is not available')).toBeVisible();
  await page.getByLabel('Area').selectOption('gangnam');
  await page.getByRole('button', { name: 'Start in this area' }).click();
  await expect(page.getByTestId('duty')).toHaveAttribute('data-on-duty', 'true');
  await page.getByRole('button', { name: 'Go off duty' }).click();
  await expect(page.getByTestId('duty')).toHaveAttribute('data-on-duty', 'false');
});

test('the rider app is installable and keeps its shell for when the network is gone', async ({ browser }) => {
  const { context, page } = await riderPhone(browser, 'rider1@baedal.demo');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/rider/manifest.webmanifest');
  const response = await page.request.get(href!);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest.start_url).toBe('/rider');
  expect(manifest.display).toBe('standalone');
  expect(manifest.name).toBeTruthy();
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const image = await page.request.get(icon.src);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
  }

  // The service worker runs and keeps the app shell: the page and the app's files.
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration('/'))?.active != null);
  await page.waitForFunction(async () => {
    const name = (await caches.keys()).find((key) => key.startsWith('baedal-shell-'));
    if (!name) return false;
    const kept = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => /^\/pkg\/[^/]+\.(js|wasm|css)$/.test(path));
    return kept.includes('/rider') && files.length >= 3 && files.every((path) => kept.includes(path));
  });
  const shellPage = await page.evaluate(async () => {
    const script = document.querySelector('script[type="module"]')!.textContent!.match(/"(\/pkg\/[^"]+\.js)"/)![1];
    return (await (await caches.match('/rider'))!.text()).includes(script);
  });
  expect(shellPage, 'the kept page loads the app').toBe(true);
  await context.close();
});

test('the offline banner shows while the connection is down and goes when it is back', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId('demo-rider2@baedal.demo').click();
  await page.waitForURL((url) => url.pathname === '/rider');
  const banner = page.locator('.banner.offline');
  await expect(banner).toBeHidden();
  await page.route('**/api/live', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(banner).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Deliveries', exact: true })).toBeVisible();
  await page.unroute('**/api/live');
  await expect(banner).toBeHidden({ timeout: 15_000 });
});
