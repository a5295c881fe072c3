import { test, expect, Page } from '@playwright/test';
import { signedIn, hydrated } from './helpers';

/** Collects what the browser reports as blocked by the Content-Security-Policy. */
function watchPolicy(page: Page): string[] {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  return blocked;
}

test('a visitor signs up as a customer, is told why a password is refused, and is signed in', async ({ page }) => {
  const blocked = watchPolicy(page);
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.waitForURL((url) => url.pathname === '/signup');
  await hydrated(page);

  const email = `e2e-${Date.now()}@example.com`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('새 손님');
  await page.getByLabel('Password').fill('password1234');
  await page.getByLabel('Area').selectOption('seongsu');
  await page.getByLabel('Delivery address').fill('서울 성동구 성수이로 7');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert')).toContainText('too common or easy to guess');

  await page.getByLabel('Password').fill('blue-kimchi-bicycle-42');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByText(email)).toBeVisible();
  expect(blocked).toEqual([]);
});

test('signing out everywhere ends the sessions on every device, after a confirmation', async ({ browser }) => {
  const phone = await signedIn(browser, 'customer3@baedal.demo', '/');
  const laptop = await signedIn(browser, 'customer3@baedal.demo', '/');
  await laptop.page.getByRole('link', { name: 'Account' }).click();
  await laptop.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  const dialog = laptop.page.getByRole('alertdialog');
  await expect(dialog).toContainText('every device');
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(laptop.page.getByRole('link', { name: 'Account' })).toBeVisible();

  await laptop.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await laptop.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await laptop.page.waitForURL((url) => url.pathname === '/signin');

  await phone.page.goto('/orders');
  await expect(phone.page.getByRole('alert')).toContainText('Please sign in first.');
});

test('every app hydrates under the Content-Security-Policy with nothing blocked', async ({ browser }) => {
  for (const [email, home] of [
    ['customer1@baedal.demo', '/'],
    ['owner1@baedal.demo', '/store'],
    ['rider1@baedal.demo', '/rider'],
    ['admin@baedal.demo', '/admin/accounts'],
  ]) {
    const { context, page } = await signedIn(browser, email, home === '/admin/accounts' ? '/admin/notifications' : home);
    const blocked = watchPolicy(page);
    const response = await page.goto(home);
    expect(response?.headers()['content-security-policy']).toContain("'nonce-");
    await hydrated(page);
    // Hydrated: the language switch works without a reload.
    await page.getByRole('button', { name: '한국어' }).click();
    await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
    expect(blocked, `${home} as ${email}`).toEqual([]);
    await context.close();
  }
});
