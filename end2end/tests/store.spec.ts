import { Page, expect, test } from '@playwright/test';
import { card, customerStatus, expectNoReload, markNoReload, signedIn, hydrated } from './helpers';

// The store owner's tablet: landscape, touch. owner1 owns 홍대 할매 김치찌개
// (store 1, a ₩12,000 minimum), 성수 파스타 공방 (store 3) and 종로 손칼국수 (store 4).
test.use({ viewport: { width: 1280, height: 800 } });

/** Counts the tones the page plays through the Web Audio API. */
function countTones() {
  const counted = window as unknown as { baedalTones: number };
  counted.baedalTones = 0;
  const prototype = BaseAudioContext.prototype;
  const createOscillator = prototype.createOscillator;
  prototype.createOscillator = function (this: BaseAudioContext) {
    counted.baedalTones += 1;
    return createOscillator.call(this);
  };
}

async function tones(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { baedalTones: number }).baedalTones);
}

/** The owner's counter with the sound on. Orders other tests left
 * unanswered may ring already; one "Acknowledge" sees them all. */
async function counterOnShift(page: Page): Promise<void> {
  await page.addInitScript(countTones);
  await page.reload();
  await markNoReload(page);
  await expect(page.getByTestId('kitchen-queue')).toBeVisible();
  await page.getByRole('button', { name: 'Start shift' }).click();
  await expect(page.getByTestId('sound')).toHaveAttribute('data-state', 'on');
}

function inColumn(page: Page, column: string, order: number) {
  return page.getByTestId(`column-${column}`).getByTestId(`order-${order}`);
}

test('a new order rings at the counter until acknowledged, then walks the kitchen queue', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  await counterOnShift(store.page);
  const customer = await signedIn(browser, 'customer1@baedal.demo', '/');

  // ₩9,000 alone is short of store 1's ₩12,000 minimum: the quote says what
  // is missing, and no request fails on the way. ₩9,000 + ₩7,000 meets it;
  // the customer leaves a note.
  const failed: string[] = [];
  customer.page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await customer.page.goto('/stores/1');
  await hydrated(customer.page);
  await customer.page.getByRole('button', { name: 'Add 김치찌개' }).click();
  await expect(customer.page.getByTestId('short-of-minimum')).toHaveText('Add ₩3,000 more to order.');
  await expect(customer.page.getByRole('button', { name: 'Order and pay' })).toBeDisabled();
  await customer.page.getByRole('button', { name: 'Add 계란말이' }).click();
  await expect(customer.page.getByTestId('short-of-minimum')).toBeHidden();
  expect(failed, 'a cart below the minimum is no failed request').toEqual([]);
  await customer.page.getByTestId('kitchen-note').fill('덜 맵게\n부탁드려요');
  await customer.page.getByRole('button', { name: 'Order and pay' }).click();
  await customer.page.waitForURL(/\/orders\/\d+$/);
  const order = Number(new URL(customer.page.url()).pathname.split('/').pop());
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'paid');

  // It arrives live, highlighted, in the new column, with a banner and a sound.
  const counterCard = card(store.page, order);
  const alert = store.page.getByTestId('new-order-alert');
  await expect(inColumn(store.page, 'new', order), 'the paid order reaches the counter without a reload').toBeVisible();
  await expect(counterCard).toHaveAttribute('data-alert', 'true');
  await expect(alert.getByTestId(`alert-order-${order}`)).toBeVisible();
  await expect(counterCard.getByTestId('order-note')).toContainText('덜 맵게 부탁드려요');
  await expect(counterCard).toContainText('김치찌개');
  await expect(counterCard).toContainText('계란말이');
  await expect(counterCard.getByTestId('pace')).toHaveAttribute('data-pace', 'waiting');
  await expectNoReload(store.page);
  const ringing = await tones(store.page);
  await expect.poll(() => tones(store.page), { message: 'the beep repeats', timeout: 15_000 }).toBeGreaterThanOrEqual(ringing + 4);

  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toBeHidden();
  await expect(counterCard).toHaveAttribute('data-alert', 'false');
  const silenced = await tones(store.page);
  await store.page.waitForTimeout(5_000);
  expect(await tones(store.page), 'acknowledged, the counter is quiet').toBe(silenced);

  // What was acknowledged stays so across a reload.
  await store.page.reload();
  await expect(inColumn(store.page, 'new', order)).toBeVisible();
  await expect(counterCard).toHaveAttribute('data-alert', 'false');
  await expect(alert).toBeHidden();
  await markNoReload(store.page);

  // Accepted with an estimate, delayed, cooked: the card moves column by column.
  await counterCard.getByRole('button', { name: 'Accept 20min' }).click();
  await expect(inColumn(store.page, 'accepted', order)).toBeVisible();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'accepted');
  await expect(counterCard.getByTestId('pace')).toHaveAttribute('data-pace', 'due');
  await expect(counterCard.getByTestId('pace')).toContainText(/Ready by \d\d:\d\d · (19|20) min left/);
  await counterCard.getByRole('button', { name: 'Delay' }).click();
  await counterCard.getByRole('button', { name: 'Ready in 40 min' }).click();
  await expect(counterCard.getByTestId('pace')).toContainText(/(39|40) min left/);

  await counterCard.getByRole('button', { name: 'Start cooking' }).click();
  await expect(inColumn(store.page, 'cooking', order)).toBeVisible();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking');

  await counterCard.getByRole('button', { name: 'Cooking done' }).click();
  await expect(inColumn(store.page, 'ready', order)).toBeVisible();
  await expect(counterCard.locator('[data-status]')).toHaveAttribute('data-status', 'ready_for_pickup');
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'ready_for_pickup');
  await expectNoReload(store.page);

  const screenshot = test.info().outputPath('kitchen-queue.png');
  await store.page.screenshot({ path: screenshot });
  await test.info().attach('kitchen-queue', { path: screenshot, contentType: 'image/png' });
});

test('a dish marked sold out is sold out for customers at once and cannot be added', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');

  await store.page.getByRole('navigation', { name: 'Store counter' }).getByRole('link', { name: 'Menu' }).click();
  await store.page.getByRole('link', { name: '홍대 할매 김치찌개' }).click();
  await expect(store.page).toHaveURL(/\/store\/menu\?store=1$/);
  await hydrated(store.page);
  const soldOut = store.page.getByRole('switch', { name: '김치전 sold out' });
  await expect(soldOut).toHaveAttribute('aria-checked', 'false');
  try {
    await soldOut.click();
    await expect(soldOut).toHaveAttribute('aria-checked', 'true');
    await expect(soldOut, 'the server took it').toBeEnabled();
    await expect(soldOut).toHaveAttribute('aria-checked', 'true');

    await customer.page.goto('/stores/1');
    await hydrated(customer.page);
    const dish = customer.page.locator('.dish', { hasText: '김치전' });
    await expect(dish.getByTestId('sold-out')).toBeVisible();
    await expect(customer.page.getByRole('button', { name: 'Add 김치전' })).toHaveCount(0);
    await expect(customer.page.getByRole('button', { name: 'Add 김치찌개' })).toBeEnabled();
  } finally {
    if ((await soldOut.getAttribute('aria-checked')) === 'true') {
      await soldOut.click();
    }
    await expect(soldOut).toHaveAttribute('aria-checked', 'false');
    await expect(soldOut).toBeEnabled();
  }
  await customer.page.reload();
  await hydrated(customer.page);
  await expect(customer.page.getByRole('button', { name: 'Add 김치전' })).toBeEnabled();
});

test('a dish gets an option group in the editor, customers choose it, and it goes again', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');
  await store.page.goto('/store/menu?store=3');
  await hydrated(store.page);
  const manager = store.page.getByTestId('menu-manager');
  const row = manager.locator('.dish-admin', { hasText: '티라미수' });
  await expect(row).not.toContainText('Choose options');

  await row.getByRole('button', { name: 'Edit 티라미수' }).click();
  const editor = store.page.getByTestId('dish-editor');
  await expect(editor.getByLabel('Dish name')).toHaveValue('티라미수');
  await editor.getByRole('button', { name: 'Add an option group' }).click();
  const group = editor.getByTestId('group-0');
  await group.getByLabel('Group name').fill('');
  await editor.getByRole('button', { name: 'Save dish' }).click();
  await expect(editor.getByRole('alert'), 'checked in the browser first').toContainText('Please name every option group');
  await group.getByLabel('Group name').fill('토핑');
  await group.getByLabel('Choice', { exact: true }).fill('에스프레소 샷');
  await group.getByLabel('Extra (₩)').fill('500');
  await editor.getByRole('button', { name: 'Save dish' }).click();
  await expect(editor).toBeHidden();
  try {
    await expect(row).toContainText('Choose options: 토핑');
    await customer.page.goto('/stores/3');
    await hydrated(customer.page);
    await customer.page.getByRole('button', { name: 'Add 티라미수' }).click();
    const sheet = customer.page.getByRole('dialog', { name: '티라미수' });
    await expect(sheet).toContainText('에스프레소 샷');
  } finally {
    await row.getByRole('button', { name: 'Edit 티라미수' }).click();
    await editor.getByTestId('group-0').getByRole('button', { name: 'Remove group' }).click();
    await editor.getByRole('button', { name: 'Save dish' }).click();
    await expect(editor).toBeHidden();
  }
  await expect(row).not.toContainText('Choose options');
});

/** Store 4 takes orders again, whatever a failed test left behind. */
async function reopen(page: Page, store: number): Promise<void> {
  const dashboard = await page.request.post('/api/store_dashboard', { data: { store } });
  expect(dashboard.ok()).toBeTruthy();
  const { settings } = await dashboard.json();
  if (!settings.accepting) {
    const updated = await page.request.post('/api/update_store', {
      data: { store, settings: { ...settings, accepting: true } },
    });
    expect(updated.ok()).toBeTruthy();
  }
}

test('a store the owner pauses is closed to customers, who cannot order from it', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer3@baedal.demo', '/');
  await store.page.goto('/store/settings?store=4');
  await hydrated(store.page);
  const taking = store.page.getByRole('switch', { name: 'Taking orders' });
  const customersSee = store.page.getByTestId('customers-see');
  await expect(taking).toHaveAttribute('aria-checked', 'true');
  try {
    await taking.click();
    await expect(taking).toHaveAttribute('aria-checked', 'false');
    await expect(customersSee).toHaveAttribute('data-open', 'false');

    await customer.page.goto('/stores/4');
    await hydrated(customer.page);
    await expect(customer.page.getByTestId('store-closed')).toContainText('paused orders');
    await expect(customer.page.getByRole('button', { name: 'Add 손칼국수' })).toBeDisabled();
    // The store list shows it at once after a quiet while, or within ten
    // seconds of the last change it showed (BAEDAL_LIST_CARDS_SECONDS).
    await expect(async () => {
      await customer.page.goto('/');
      await expect(customer.page.getByTestId('store-card-4')).toHaveAttribute('data-open', 'false', { timeout: 1_000 });
    }).toPass({ timeout: 25_000 });
    await hydrated(customer.page);

    await taking.click();
    await expect(taking).toHaveAttribute('aria-checked', 'true');
    await expect(customersSee).toHaveAttribute('data-open', 'true');
  } finally {
    await reopen(store.page, 4);
  }
  await customer.page.goto('/stores/4');
  await hydrated(customer.page);
  await expect(customer.page.getByTestId('store-closed')).toHaveCount(0);
  await expect(customer.page.getByRole('button', { name: 'Add 손칼국수' })).toBeEnabled();
});

test('the store app installs: a valid manifest with its icons, and an active service worker', async ({ browser, request }) => {
  const response = await request.get('/store/manifest.webmanifest');
  expect(response.ok()).toBeTruthy();
  const manifest = JSON.parse(await response.text());
  expect(manifest.name).toBeTruthy();
  expect(manifest.start_url).toBe('/store');
  expect(manifest.display).toBe('standalone');
  const icons: { src: string; sizes: string; type: string }[] = manifest.icons;
  expect(icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of icons) {
    const image = await request.get(icon.src);
    expect(image.ok(), icon.src).toBeTruthy();
    expect(image.headers()['content-type']).toContain('image/png');
    const bytes = await image.body();
    expect([...bytes.subarray(0, 8)], `${icon.src} is a PNG`).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
  }

  const { page } = await signedIn(browser, 'owner1@baedal.demo', '/store');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/store/manifest.webmanifest');
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state ?? null;
  });
  expect(['activating', 'activated']).toContain(worker);
});

test('the dashboard shows today, the week\'s top dishes and the reviews of the chosen store', async ({ browser }) => {
  const { page } = await signedIn(browser, 'owner1@baedal.demo', '/store');
  await page.getByRole('navigation', { name: 'Store counter' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('link', { name: '종로 손칼국수' }).click();
  await expect(page).toHaveURL(/\/store\/dashboard\?store=4$/);
  const dashboard = page.getByTestId('dashboard-4');
  await expect(dashboard.getByTestId('today-orders')).toHaveText(/^\d+$/);
  await expect(dashboard.getByTestId('today-revenue')).toHaveText(/₩/);
  await expect(dashboard.getByTestId('top-dishes-chart').or(dashboard.getByTestId('no-top-dishes'))).toBeVisible();
  await expect(dashboard.getByTestId('dashboard-rating')).toBeVisible();
  await expectNoReload(page);
});
