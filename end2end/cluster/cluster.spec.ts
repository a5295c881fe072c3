import { APIRequestContext, Browser, expect, request, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { card, customerStatus, expectNoReload, hydrated, markNoReload, placeOrder } from '../tests/helpers';

// Three instances on one PostgreSQL database, and nginx in front of them
// (end2end/start-cluster.sh). A screen pinned to an instance talks to it
// directly; one opened through the gateway lands wherever nginx sends it.
const GATEWAY = 'http://127.0.0.1:3180';
const PORTS = [3001, 3002, 3003];
const instance = (port: number) => `http://127.0.0.1:${port}`;
const RUN = path.resolve(__dirname, '../../target/cluster');

/** A browser context signed in with a demo account on `base`, on the role's home page. */
async function signedInAt(browser: Browser, base: string, email: string, home: string) {
  const context = await browser.newContext({ baseURL: base, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/signin');
  await hydrated(page);
  await page.getByTestId(`demo-${email}`).click();
  await page.waitForURL((url) => url.pathname === home);
  await markNoReload(page);
  return { context, page };
}

/** Live streams open on the instance on `port`, as its metrics count them. */
async function streamsOpen(port: number): Promise<number> {
  const metrics = await (await fetch(`${instance(port)}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('baedal_live_streams_open '));
  return Number(line?.split(' ')[1] ?? 0);
}

/** A demo account's session on the instance on `port`, for calls without a screen. */
async function apiAt(port: number, email: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: instance(port), extraHTTPHeaders: { Origin: instance(port) } });
  const signedIn = await api.post('/api/sign_in', { form: { email, password: 'baedal-demo-2026' } });
  expect(signedIn.ok(), await signedIn.text()).toBeTruthy();
  return api;
}

test.describe.configure({ mode: 'serial' });

test('an order travels its whole life live across three screens, each on its own instance', async ({ browser }) => {
  const customer = await signedInAt(browser, instance(PORTS[0]), 'customer1@baedal.demo', '/');
  const store = await signedInAt(browser, instance(PORTS[1]), 'owner1@baedal.demo', '/store');
  const rider = await signedInAt(browser, instance(PORTS[2]), 'rider1@baedal.demo', '/rider');

  const order = await placeOrder(customer.page, 1, ['김치찌개', '계란말이']);
  const counterCard = card(store.page, order);
  await expect(counterCard, 'the paid order reaches the store on another instance').toBeVisible();
  await counterCard.getByRole('button', { name: 'Accept 20min' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'accepted');
  await counterCard.getByRole('button', { name: 'Start cooking' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking');
  await counterCard.getByRole('button', { name: 'Cooking done' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'ready_for_pickup');

  const offer = rider.page.getByTestId('offered-deliveries').getByTestId(`order-${order}`);
  await expect(offer, 'the ready delivery reaches the rider on the third instance').toBeVisible();
  await offer.getByRole('button', { name: 'Take this delivery' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'rider_assigned');
  await expect(counterCard.locator('[data-status]')).toHaveAttribute('data-status', 'rider_assigned');

  const mine = rider.page.getByTestId('my-deliveries').getByTestId(`order-${order}`);
  await mine.getByRole('button', { name: 'Picked up' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'picked_up');
  await expect(store.page.getByTestId('column-picked_up').getByTestId(`order-${order}`)).toBeVisible();
  await mine.getByRole('button', { name: 'Delivered' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'delivered');
  await customer.page.getByRole('button', { name: 'I got my food' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'completed');
  await expect(customer.page.locator('.timeline li')).toHaveCount(9);
  for (const page of [store.page, rider.page, customer.page]) {
    await expectNoReload(page);
  }
  for (const screen of [store, rider, customer]) {
    await screen.context.close();
  }
});


test('a screen whose instance is killed reconnects through the gateway and misses no change', async ({ browser }) => {
  // The screens of the test before are gone once their streams are.
  const total = async () => (await Promise.all(PORTS.map(streamsOpen))).reduce((a, b) => a + b, 0);
  await expect(async () => expect(await total()).toBe(0)).toPass({ timeout: 40_000 });
  const customer = await signedInAt(browser, GATEWAY, 'customer1@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['김치찌개', '계란말이']);
  await expect(customer.page.locator('.timeline li')).toHaveCount(2);

  // The order page's stream is the only one open: kill its instance.
  let holder: number | undefined;
  await expect(async () => {
    const open = await Promise.all(PORTS.map(streamsOpen));
    holder = PORTS.find((_, n) => open[n] === 1);
    expect(open.reduce((a, b) => a + b, 0)).toBe(1);
    expect(holder).toBeDefined();
  }).toPass();
  const pid = Number(readFileSync(path.join(RUN, `instance-${holder}.pid`), 'utf8'));
  process.kill(pid, 'SIGKILL');

  // The store works on a surviving instance meanwhile.
  const survivor = PORTS.find((port) => port !== holder)!;
  const owner = await apiAt(survivor, 'owner1@baedal.demo');
  for (const command of [{ type: 'accept', prep_minutes: 15 }, { type: 'start_cooking' }]) {
    const answer = await owner.post('/api/order_command', { data: { order, command } });
    expect(answer.ok(), await answer.text()).toBeTruthy();
  }

  // The page reconnects through nginx to another instance, resumes from the
  // last event it heard, and shows both changes without reloading.
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking', { timeout: 20_000 });
  await expect(customer.page.locator('.timeline li')).toHaveCount(4);
  await expectNoReload(customer.page);
  expect(await streamsOpen(survivor) + (await streamsOpen(PORTS.find((p) => p !== holder && p !== survivor)!))).toBe(1);

  // The acknowledged order is there, on every instance left.
  for (const port of PORTS.filter((p) => p !== holder)) {
    const api = await apiAt(port, 'customer1@baedal.demo');
    const view = await (await api.post('/api/get_order', { data: { order } })).json();
    expect(view.order.status).toBe('cooking');
  }
  await customer.context.close();
});
