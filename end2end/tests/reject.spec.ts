import { test, expect } from '@playwright/test';
import { card, customerStatus, expectNoReload, placeOrder, signedIn } from './helpers';

test('a rejected order reaches the customer with the store\'s reason', async ({ browser }) => {
  const store = await signedIn(browser, 'owner1@baedal.demo', '/store');
  const customer = await signedIn(browser, 'customer3@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['고등어구이'], { beside: true });

  const counterCard = card(store.page, order);
  await counterCard.getByRole('button', { name: 'Reject' }).click();
  const dialog = store.page.getByRole('alertdialog');
  await expect(dialog.getByRole('button', { name: 'Reject order' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Sold out' }).click();
  await dialog.getByRole('button', { name: 'Reject order' }).click();

  await expect(customerStatus(customer.page)).toHaveAttribute('data-status', 'rejected');
  await expect(customer.page.getByText('The store rejected the order. Reason:')).toContainText('Sold out');
  await expect(customer.page.getByRole('button', { name: 'Cancel order' })).toBeHidden();
  // Never captured: the authorisation is released.
  await expect(customer.page.getByTestId('compensation')).toContainText(/Payment (being )?cancelled/);
  await expect(counterCard).toBeHidden();
  await expectNoReload(customer.page);
});
