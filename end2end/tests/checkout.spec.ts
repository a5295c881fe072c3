import { APIRequestContext, Page, expect, test } from '@playwright/test';
import { card, customerStatus, deliverTo, expectNoReload, officeBeside, signedIn, hydrated } from './helpers';

// Store 1 (홍대 할매 김치찌개): a ₩3,000 delivery fee, a ₩12,000 minimum order;
// 부대찌개 (₩18,000) has a required "인분" (2인분 +0, 3인분 +₩8,000) and an
// optional "사리" of up to two (라면사리 +₩1,000, 치즈 +₩1,500).

/** The fake payment provider the e2e server pays through. */
const PROVIDER_CONTROL = 'http://127.0.0.1:3200/control';

async function paymentFailureRate(request: APIRequestContext, rate: number): Promise<void> {
  const response = await request.post(PROVIDER_CONTROL, { data: { failure_rate: rate, latency_ms: 0 } });
  expect(response.ok(), 'the fake provider takes its settings').toBeTruthy();
}

/** The order page's id, after checkout has moved there. */
async function orderFromUrl(page: Page): Promise<number> {
  await page.waitForURL(/\/orders\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

test('browse, choose options, apply a coupon, pay, follow, confirm and review', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const rider = await signedIn(browser, 'rider1@baedal.demo', '/rider');
  const customer = await signedIn(browser, 'customer1@baedal.demo', '/');
  const page = customer.page;

  // The owner issues 10% off orders of ₩15,000 or more at store 1.
  await store.page.getByTestId('figures-1').getByRole('button', { name: 'Issue a coupon' }).click();
  const form = store.page.getByTestId('coupon-form-1');
  await form.getByTestId('coupon-discount').fill('10');
  await form.getByRole('button', { name: 'Issue a coupon' }).click();
  await form.getByRole('button', { name: 'Issue it' }).click();
  await expect(form.getByRole('status')).toContainText('Customers told:');

  // Searching by a dish finds the one store that cooks it, with its terms.
  await page.getByRole('searchbox').fill('부대');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  const storeCard = page.getByTestId('store-card-1');
  await expect(page.locator('.store-card')).toHaveCount(1);
  await expect(storeCard.getByTestId('delivery-fee')).toHaveText('₩3,000');
  await expect(storeCard.getByTestId('min-order')).toHaveText('₩12,000');
  await expect(storeCard).toHaveAttribute('data-open', 'true');
  await storeCard.getByRole('link').click();
  await page.waitForURL(/\/stores\/1$/);

  // Options: the required group first, then the price follows the choices.
  await page.getByRole('button', { name: 'Add 부대찌개' }).click();
  const sheet = page.getByRole('dialog', { name: '부대찌개' });
  const addToCart = sheet.getByRole('button', { name: /^Add to cart/ });
  await expect(addToCart).toBeDisabled();
  await sheet.getByRole('radio', { name: /3인분/ }).check();
  await sheet.getByRole('checkbox', { name: /치즈/ }).check();
  await expect(sheet.getByTestId('option-price')).toHaveText('₩27,500');
  await addToCart.click();
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId('cart')).toContainText('3인분, 치즈');

  // The breakdown, then the coupon taken off the dishes.
  const checkout = page.getByTestId('checkout');
  await expect(checkout.getByTestId('quote-subtotal')).toHaveText('₩27,500');
  await expect(checkout.getByTestId('quote-fee')).toHaveText('₩3,000');
  await expect(checkout.getByTestId('checkout-total')).toHaveText('₩30,500');
  await checkout.getByTestId('coupon-chips').getByRole('button', { name: /10% off/ }).first().click();
  await expect(checkout.getByTestId('quote-discount')).toHaveText('−₩2,750');
  await expect(checkout.getByTestId('checkout-total')).toHaveText('₩27,750');

  await page.getByRole('button', { name: 'Order and pay' }).click();
  const order = await orderFromUrl(page);
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'paid');
  const detail = page.getByTestId('order-detail');
  await expect(detail).toContainText('3인분, 치즈');
  await expect(detail.getByTestId('quote-discount')).toHaveText('−₩2,750');
  await expect(detail.getByTestId('checkout-total')).toHaveText('₩27,750');

  // The store cooks it and a rider brings it.
  const counterCard = card(store.page, order);
  await counterCard.getByRole('button', { name: 'Accept 20min' }).click();
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'accepted');
  await counterCard.getByRole('button', { name: 'Start cooking' }).click();
  await counterCard.getByRole('button', { name: 'Cooking done' }).click();
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'ready_for_pickup');
  const offer = rider.page.getByTestId('offered-deliveries').getByTestId(`order-${order}`);
  await offer.getByRole('button', { name: 'Take this delivery' }).click();
  const mine = rider.page.getByTestId('my-deliveries').getByTestId(`order-${order}`);
  await mine.getByRole('button', { name: 'Picked up' }).click();
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'picked_up');
  await mine.getByRole('button', { name: 'Delivered' }).click();
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'delivered');

  // Confirmed, the order can be reviewed once.
  await expect(page.getByTestId('review-form')).toBeHidden();
  await page.getByRole('button', { name: 'I got my food' }).click();
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'completed');
  const reviewForm = page.getByTestId('review-form');
  await expect(reviewForm.getByRole('button', { name: 'Post review' })).toBeDisabled();
  await reviewForm.getByRole('radio', { name: '5 stars' }).check();
  const words = `치즈 듬뿍 부대찌개 ${order}`;
  await reviewForm.getByRole('textbox').fill(words);
  await reviewForm.getByRole('button', { name: 'Post review' }).click();
  const yours = page.getByTestId('your-review');
  await expect(yours).toContainText(words);
  await expect(yours.getByRole('img', { name: '5 stars' })).toBeVisible();
  await expect(reviewForm).toBeHidden();
  await expectNoReload(page);

  // The store page shows it with the average.
  await page.goto('/stores/1');
  await hydrated(page);
  const reviews = page.getByTestId('reviews');
  await expect(reviews.getByTestId(`review-${order}`)).toContainText(words);
  await expect(reviews.getByTestId(`review-${order}`).getByRole('img', { name: '5 stars' })).toBeVisible();
  await expect(reviews.getByTestId('rating')).toContainText('review');
});

test.describe('while the payment provider is failing', () => {
  test.afterEach(async ({ request }) => {
    await paymentFailureRate(request, 0);
  });

  test('the order waits unpaid with a retry, and reaches the store only once paid', async ({ browser, request }) => {
    // The breaker may hold calls back for a while after the provider recovers.
    test.setTimeout(120_000);
    const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
    const customer = await signedIn(browser, 'customer3@baedal.demo', '/');
    const page = customer.page;
    try {
      await paymentFailureRate(request, 1);
      const office = await officeBeside(page, 1);
      await page.goto('/stores/1');
      await hydrated(page);
      await page.getByRole('button', { name: 'Add 김치찌개' }).click();
      await page.getByRole('button', { name: 'Add 계란말이' }).click();
      await deliverTo(page, office);
      await page.getByRole('button', { name: 'Order and pay' }).click();
      const order = await orderFromUrl(page);

      await expect(customerStatus(page)).toHaveAttribute('data-status', 'pending_payment');
      const busy = page.getByTestId('payment-busy');
      await expect(busy).toContainText('Payment is busy, we will retry');
      const retry = busy.getByRole('button', { name: 'Retry payment' });
      await expect(retry).toBeVisible();
      await expect(card(store.page, order), 'an unpaid order never reaches the store').toBeHidden();

      // Still failing: the notice stays.
      await retry.click();
      await expect(busy.getByTestId('still-busy')).toBeVisible();
      await expect(customerStatus(page)).toHaveAttribute('data-status', 'pending_payment');
      await expect(card(store.page, order)).toBeHidden();

      // The provider recovers; a retry (or the background job, once the
      // breaker lets calls through again) pays the order.
      await paymentFailureRate(request, 0);
      await expect(async () => {
        if (await retry.isVisible()) {
          await retry.click();
        }
        await expect(customerStatus(page)).toHaveAttribute('data-status', 'paid', { timeout: 2_000 });
      }).toPass({ timeout: 90_000 });
      await expect(busy).toBeHidden();
      await expect(card(store.page, order), 'the paid order reaches the counter').toBeVisible();
      await expect(card(store.page, order).locator('[data-status]')).toHaveAttribute('data-status', 'paid');
    } finally {
      await paymentFailureRate(request, 0);
    }
  });
});

test('the menu and the store list read without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();

  await page.goto('/stores/1');
  await expect(page.getByRole('heading', { name: '홍대 할매 김치찌개' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  const header = page.getByTestId('store-header');
  await expect(header.getByTestId('delivery-fee')).toHaveText('₩3,000');
  await expect(header.getByTestId('min-order')).toHaveText('₩12,000');
  const dishes = page.locator('.dish');
  await expect(dishes.filter({ hasText: '김치찌개' }).first()).toContainText('₩9,000');
  await expect(dishes.filter({ hasText: '부대찌개' }).first()).toContainText('₩18,000');
  await expect(dishes.filter({ hasText: '계란말이' }).first()).toContainText('₩7,000');

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'All stores' })).toBeVisible();
  await expect(page.getByTestId('store-card-1')).toContainText('홍대 할매 김치찌개');
  await expect(page.getByTestId('store-card-1').getByTestId('delivery-fee')).toHaveText('₩3,000');
  expect(await page.locator('.store-card').count()).toBeGreaterThanOrEqual(5);

  // The search is a plain form: it works without JavaScript too.
  await page.getByRole('searchbox').fill('부대');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.locator('.store-card')).toHaveCount(1);
  await expect(page.getByTestId('store-card-1')).toBeVisible();
  await page.goto('/?q=없는가게');
  await expect(page.getByTestId('no-stores')).toContainText('No store matches “없는가게”');
  await context.close();
});

test('the cart survives a reload, and an earlier order fills it again', async ({ browser }) => {
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');
  const page = customer.page;
  const office = await officeBeside(page, 1);
  // customer2 lives in 강남, beyond store 1's 3 km: the list and the store
  // page say so, and checkout refuses the home address until the office
  // beside the store is chosen.
  await expect(page.getByTestId('store-card-1')).toHaveAttribute('data-in-range', 'false');
  await expect(page.getByTestId('store-card-1').getByTestId('out-of-range')).toHaveText('Out of delivery range');
  await page.goto('/stores/1');
  await hydrated(page);
  await expect(page.getByTestId('store-out-of-range')).toContainText('does not deliver to your address');

  await page.getByRole('button', { name: 'Add 부대찌개' }).click();
  const sheet = page.getByRole('dialog', { name: '부대찌개' });
  await sheet.getByRole('radio', { name: /2인분/ }).check();
  await sheet.getByRole('checkbox', { name: /라면사리/ }).check();
  await expect(sheet.getByTestId('option-price')).toHaveText('₩19,000');
  await sheet.getByRole('button', { name: /^Add to cart/ }).click();
  await page.getByRole('button', { name: 'Add 김치찌개' }).click();
  await page.getByRole('button', { name: 'One more 김치찌개' }).click();
  await expect(page.getByTestId('quote-refused')).toContainText("beyond the store's delivery range");
  await expect(page.getByRole('button', { name: 'Order and pay' })).toBeDisabled();
  await deliverTo(page, office);
  await expect(page.getByTestId('quote-refused')).toBeHidden();

  const cart = page.getByTestId('cart');
  await expect(cart.getByTestId('cart-line')).toHaveCount(2);
  await expect(cart.getByTestId('cart-total')).toHaveText('₩37,000');

  await page.reload();
  await hydrated(page);
  await expect(cart.getByTestId('cart-line')).toHaveCount(2);
  await expect(cart).toContainText('2인분, 라면사리');
  await expect(cart.getByTestId('cart-total')).toHaveText('₩37,000');
  await expect(page.getByTestId('checkout').getByTestId('checkout-total')).toHaveText('₩40,000');

  await page.getByRole('button', { name: 'Order and pay' }).click();
  const order = await orderFromUrl(page);
  await expect(customerStatus(page)).toHaveAttribute('data-status', 'paid');

  // Ordered, the cart is empty, also after a reload.
  await page.goto('/stores/1');
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Add 김치찌개' })).toBeEnabled();
  await expect(cart.getByTestId('cart-line')).toHaveCount(0);

  await page.goto('/orders');
  await hydrated(page);
  await page.getByTestId(`order-row-${order}`).getByRole('button', { name: /Reorder/ }).click();
  await page.waitForURL(/\/stores\/1$/);
  await expect(cart.getByTestId('cart-line')).toHaveCount(2);
  await expect(cart).toContainText('2인분, 라면사리');
  await expect(cart.getByTestId('cart-line').filter({ hasText: '김치찌개' }).getByTestId('quantity')).toHaveText('2');
  await expect(cart.getByTestId('cart-total')).toHaveText('₩37,000');
});
