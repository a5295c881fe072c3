import { expect, test } from '@playwright/test';
import { signedIn, hydrated } from './helpers';

// The service worker is registered on every page and shows what a push
// message carries. The push service itself is Chromium's, reached through
// DevTools, since a real one lies outside this machine; the server side of
// Web Push (encryption and VAPID) is tested against a local push endpoint.
test('the service worker shows a pushed notification and the page offers push', async ({ browser, baseURL }) => {
  const { context, page } = await signedIn(browser, 'customer1@baedal.demo', '/');
  await context.grantPermissions(['notifications'], { origin: baseURL });
  const cdp = await context.newCDPSession(page);
  const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');

  await page.goto('/notifications');
  await hydrated(page);
  await expect(page.getByTestId('push-toggle')).toHaveAttribute('data-state', 'off');
  await expect(page.getByRole('button', { name: 'Turn on push notifications' })).toBeVisible();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`${baseURL}/`);

  await expect.poll(() => registrations.find((r) => r.scopeURL === scope && !r.isDeleted)).toBeTruthy();
  const registration = registrations.find((r) => r.scopeURL === scope && !r.isDeleted)!;
  const message = { title: 'Baedal · 배달', body: 'Order #7 is on its way.', url: '/orders/7', tag: 'e2e-7' };
  // Delivered again until the freshly installed worker handles it; one tag
  // keeps one notification however often it arrives.
  await expect
    .poll(async () => {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: `${baseURL}/`,
        registrationId: registration.registrationId,
        data: JSON.stringify(message),
      });
      return page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          tag: n.tag,
          url: (n.data as { url: string }).url,
        })),
      );
    })
    .toEqual([message]);
  await context.close();
});
