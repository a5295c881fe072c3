import { test, expect } from '@playwright/test';
import { card, placeOrder, signedIn } from './helpers';

test('a status change reaches the customer as a toast and in the notification list', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer3@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['김치전', '계란말이'], { beside: true });

  await card(store.page, order).getByRole('button', { name: 'Accept 30min' }).click();
  const toast = customer.page.getByTestId('toast');
  await expect(toast).toContainText(`#${order}`);
  await expect(customer.page.getByTestId('unread-count')).toBeVisible();
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toBeHidden();

  await customer.page.getByRole('link', { name: 'Notifications' }).click();
  await expect(customer.page.locator('.notification-list li').first()).toContainText(`#${order}`);
  await expect(customer.page.getByTestId('unread-count'), 'opening the list marks it read').toBeHidden();

  const operator = await signedIn(browser, 'admin@baedal.demo', '/admin/notifications');
  await expect(operator.page.locator('.inbox')).toContainText('010-1111-0003');
  await expect(operator.page.locator('.inbox')).toContainText(`#${order}`);
});
