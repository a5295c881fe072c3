import { test, expect } from '@playwright/test';
import { card, customerStatus, expectNoReload, formatWon, placeOrder, signedIn, won, hydrated } from './helpers';

test('an order travels from checkout to completion across three live apps', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const rider = await signedIn(browser, 'rider1@baedal.demo', '/rider');
  const customer = await signedIn(browser, 'customer1@baedal.demo', '/');

  await expect(customer.page.getByRole('heading', { name: 'Stores near you' })).toBeVisible();
  // Other tests may have delivered from store 1 today: the figures grow by this order's total.
  const revenue = store.page.getByTestId('figures-1').getByTestId('figure-revenue');
  await expect(revenue).toHaveText(/₩/);
  const revenueBefore = won(await revenue.innerText());
  const order = await placeOrder(customer.page, 1, ['김치찌개', '계란말이']);
  // ₩9,000 + ₩7,000 of dishes and the store's ₩3,000 delivery fee.
  const detail = customer.page.getByTestId('order-detail');
  await expect(detail.getByTestId('quote-subtotal')).toHaveText('₩16,000');
  await expect(detail.getByTestId('quote-fee')).toHaveText('₩3,000');
  await expect(detail.getByTestId('checkout-total')).toHaveText('₩19,000');

  const counterCard = card(store.page, order);
  await expect(counterCard, 'the paid order reaches the open store counter').toBeVisible();
  await expect(counterCard.locator('[data-status]')).toHaveAttribute('data-status', 'paid');

  await counterCard.getByRole('button', { name: 'Accept 20min' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'accepted');
  await expect(customer.page.getByText('Ready by')).toBeVisible();

  await counterCard.getByRole('button', { name: 'Start cooking' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking');

  await counterCard.getByRole('button', { name: 'Cooking done' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'ready_for_pickup');

  const offer = rider.page.getByTestId('offered-deliveries').getByTestId(`order-${order}`);
  await expect(offer, 'the ready delivery reaches the open rider board').toBeVisible();
  await expect(offer).toContainText('to the store');
  await offer.getByRole('button', { name: 'Take this delivery' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'rider_assigned');
  await expect(counterCard.locator('[data-status]')).toHaveAttribute('data-status', 'rider_assigned');

  const mine = rider.page.getByTestId('my-deliveries').getByTestId(`order-${order}`);
  await mine.getByRole('button', { name: 'Picked up' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'picked_up');
  await expect(store.page.getByTestId('column-picked_up').getByTestId(`order-${order}`), 'a picked-up order moves to the picked-up column').toBeVisible();
  await mine.getByRole('button', { name: 'Delivered' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'delivered');

  await customer.page.getByRole('button', { name: 'I got my food' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'completed');
  await expect(customer.page.getByText('All done. Thank you!')).toBeVisible();
  await expect(customer.page.locator('.timeline li')).toHaveCount(9);

  for (const page of [store.page, rider.page, customer.page]) {
    await expectNoReload(page);
  }

  // The read models: the store's figures for today and the dish ranking.
  await expect(revenue).toHaveText(formatWon(revenueBefore + 19_000));
  await customer.page.getByRole('link', { name: 'Most ordered' }).click();
  const ranking = customer.page.getByTestId('ranking');
  await expect(ranking).toContainText('김치찌개');
  await customer.page.getByRole('button', { name: '홍대' }).click();
  await expect(ranking).toContainText('김치찌개');
  await expect(ranking).toContainText('계란말이');
  await expect(ranking).not.toContainText('손칼국수');
  await customer.page.getByRole('button', { name: '강남' }).click();
  await expect(customer.page.getByText('No dishes delivered yet.')).toBeVisible();
});

test('the language follows the browser and can be switched', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '모든 가게' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'All stores' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'All stores' })).toBeVisible();
});
