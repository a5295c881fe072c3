import { test, expect } from '@playwright/test';
import { card, customerStatus, expectNoReload, placeOrder, signedIn, hydrated } from './helpers';

test('a customer cancels before cooking, after a confirmation', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['된장찌개', '계란말이'], { beside: true });

  await card(store.page, order).getByRole('button', { name: 'Accept 10min' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'accepted');

  await customer.page.getByRole('button', { name: 'Cancel order' }).click();
  const dialog = customer.page.getByRole('alertdialog');
  await expect(dialog).toContainText('Cancel this order?');
  await dialog.getByRole('button', { name: 'No, keep it' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'accepted');

  await customer.page.getByRole('button', { name: 'Cancel order' }).click();
  await customer.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cancelled');
  // Accepted means captured: cancelling refunds it.
  await expect(customer.page.getByTestId('compensation')).toContainText(/Refunded|Being refunded/);
  await expect(card(store.page, order), 'the cancelled order leaves the counter').toBeHidden();
  await expectNoReload(store.page);
});

test('once cooking has started the order can no longer be cancelled', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer2@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['된장찌개', '김치전'], { beside: true });

  const counterCard = card(store.page, order);
  await counterCard.getByRole('button', { name: 'Accept 10min' }).click();
  await counterCard.getByRole('button', { name: 'Start cooking' }).click();
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking');

  await expect(customer.page.getByRole('button', { name: 'Cancel order' })).toBeDisabled();
  await expect(customer.page.getByTestId('cancel-unavailable')).toHaveText(
    'Cooking has already started, so the order can no longer be cancelled.',
  );

  const refused = await customer.page.request.post('/api/order_command', {
    data: { order, command: { type: 'cancel' } },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toEqual({ error: 'refused', reason: { code: 'cooking_started' } });
  await customer.page.reload();
  await hydrated(customer.page);
  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'cooking');
});
