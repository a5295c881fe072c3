import { expect, test } from '@playwright/test';
import { placeOrder, signedIn } from './helpers';

test('a coupon the owner issues reaches a past customer live', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const rider = await signedIn(browser, 'rider2@baedal.demo', '/rider');
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');

  // customer2 receives an order from 종로 손칼국수 (store 4), so becomes a past customer.
  const order = await placeOrder(customer.page, 4, ['손칼국수', '바지락칼국수'], { beside: true });
  const command = async (page: typeof store.page, body: object) => {
    const response = await page.request.post('/api/order_command', { data: { order, command: body } });
    expect(response.status()).toBe(200);
  };
  await command(store.page, { type: 'accept', prep_minutes: 10 });
  await command(store.page, { type: 'start_cooking' });
  await command(store.page, { type: 'finish_cooking' });
  // Riders claim deliveries near them: this one is on duty by the 종로 kitchen.
  const onDuty = await rider.page.request.post('/api/set_duty', {
    data: { on_duty: true, position: [37.5709, 126.9988], area: null },
  });
  expect(onDuty.status()).toBe(200);
  await command(rider.page, { type: 'claim' });
  await command(rider.page, { type: 'pick_up' });
  await command(rider.page, { type: 'deliver' });
  const offDuty = await rider.page.request.post('/api/set_duty', {
    data: { on_duty: false, position: null, area: null },
  });
  expect(offDuty.status()).toBe(200);

  // Once the delivery shows in the figures, the live updates have settled.
  const figures = store.page.getByTestId('figures-4');
  await expect(figures.getByTestId('figure-revenue')).not.toHaveText('₩0');
  await figures.getByRole('button', { name: 'Issue a coupon' }).click();
  const form = store.page.getByTestId('coupon-form-4');
  await form.getByTestId('coupon-discount').fill('15');
  await form.getByRole('button', { name: 'Issue a coupon' }).click();
  await expect(form.getByRole('alertdialog')).toContainText('cannot be withdrawn');
  await form.getByRole('button', { name: 'Issue it' }).click();
  await expect(form.getByRole('status')).toContainText(/Customers told: [1-9]/);

  const toast = customer.page.getByTestId('toast');
  await expect(toast).toContainText('15%');
  await expect(toast.getByRole('link')).toHaveAttribute('href', '/stores/4');

  // A bad value is refused in the form before anything is sent.
  await form.getByTestId('coupon-discount').fill('abc');
  await form.getByRole('button', { name: 'Issue a coupon' }).click();
  await expect(form.getByRole('alert')).toContainText('Please check what you entered.');
});
