import { Browser, BrowserContext, Page, expect } from '@playwright/test';

/** Opens a new browser context signed in with a demo account, on the role's home page. */
export async function signedIn(browser: Browser, email: string, home: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId(`demo-${email}`).click();
  await page.waitForURL((url) => url.pathname === home);
  await markNoReload(page);
  return { context, page };
}

/** Waits until the page runs in the browser: a button tapped before that acts only then. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

/** Marks the page so that a later reload or full navigation is detectable. */
export async function markNoReload(page: Page): Promise<void> {
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { baedalMark: boolean }).baedalMark = true));
}

/** Asserts the page was not reloaded since `markNoReload`. */
export async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { baedalMark?: boolean }).baedalMark)).toBe(true);
}

/** Saves, for the signed-in customer, an address beside `store` (their
 * office, say) and returns its label. A store delivers only within its radius
 * (3 km), and each demo customer lives in one neighbourhood: customer1 in
 * 홍대 beside store 1, customer2 in 강남, customer3 in 성수. */
export async function officeBeside(page: Page, store: number): Promise<string> {
  const origin = new URL(page.url()).origin;
  const headers = { Origin: origin };
  const menu = await page.request.post(`${origin}/api/store_menu`, { data: { store }, headers });
  expect(menu.ok(), 'the store answers').toBeTruthy();
  const place = (await menu.json()).store.place;
  const label = `office-${store}`;
  const saved = await page.request.post(`${origin}/api/save_address`, {
    data: { label, address: place.address, position: place.location, area: null },
    headers,
  });
  expect(saved.ok(), await saved.text()).toBeTruthy();
  return label;
}

/** Chooses, at checkout, the saved address labelled `label`. */
export async function deliverTo(page: Page, label: string): Promise<void> {
  await page.getByTestId('address-choice').getByRole('radio', { name: new RegExp(`^${label} ·`) }).first().check();
}

/** Orders dishes without options from a store's menu (each name once more
 * adds one more) and returns the new order's id, once paid. Store 1 delivers
 * from ₩12,000 of dishes. With `beside`, the order goes to an office beside
 * the store, for a customer who lives beyond its delivery radius. */
export async function placeOrder(page: Page, store: number, dishes: string[], options: { beside?: boolean } = {}): Promise<number> {
  const office = options.beside ? await officeBeside(page, store) : undefined;
  await page.goto(`/stores/${store}`);
  await hydrated(page);
  for (const dish of dishes) {
    await page.getByRole('button', { name: `Add ${dish}` }).click();
  }
  if (office) await deliverTo(page, office);
  await page.getByRole('button', { name: 'Order and pay' }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.getByTestId('order-detail').locator('[data-status]').first()).toHaveAttribute('data-status', 'paid');
  await markNoReload(page);
  return id;
}

/** `₩12,000` as a number. */
export function won(text: string): number {
  return Number(text.replace(/[^0-9]/g, ''));
}

/** A number of won as the English pages write it: `₩12,000`. */
export function formatWon(amount: number): string {
  return `₩${amount.toLocaleString('en-US')}`;
}

/** The status badge of the order on the customer's order page. */
export function customerStatus(page: Page) {
  return page.getByTestId('order-detail').locator('header [data-status]');
}

/** An order's card on the store counter or the rider's board. */
export function card(page: Page, order: number) {
  return page.getByTestId(`order-${order}`);
}
