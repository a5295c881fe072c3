import { test, expect, Browser, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, placeOrder, signedIn } from './helpers';

// Every page of the three apps and the admin, as each role sees it, in
// Korean and in English: axe-core finds no serious or critical violation of
// WCAG 2 A and AA.

const LANGUAGES = ['ko-KR', 'en-US'];

type Visit = { who: string | null; pages: string[] };

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

async function check(browser: Browser, locale: string, visit: Visit): Promise<string[]> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  if (visit.who) {
    await page.goto('/signin');
    await hydrated(page);
    await page.getByTestId(`demo-${visit.who}`).click();
    await page.waitForURL((url) => url.pathname !== '/signin');
  }
  const found: string[] = [];
  for (const path of visit.pages) {
    await page.goto(path);
    await hydrated(page);
    // Data the page fetches after hydrating is on screen.
    await page.waitForLoadState('networkidle');
    for (const problem of await violations(page)) found.push(`${locale} ${visit.who ?? 'visitor'} ${path}: ${problem}`);
  }
  await context.close();
  return found;
}

test('no page has a serious or critical accessibility violation, for any role, in either language', async ({ browser }) => {
  test.setTimeout(240_000);
  const customer = await signedIn(browser, 'customer1@baedal.demo', '/');
  const order = await placeOrder(customer.page, 1, ['김치찌개', '계란말이']);
  await customer.context.close();

  const visits: Visit[] = [
    { who: null, pages: ['/', '/stores/1', '/ranking', '/signin', '/signup'] },
    {
      who: 'customer1@baedal.demo',
      pages: ['/', '/stores/1', '/orders', `/orders/${order}`, '/account', '/notifications', '/ranking'],
    },
    { who: 'owner1@baedal.demo', pages: ['/store', '/store/menu', '/store/settings', '/store/dashboard', '/notifications'] },
    { who: 'rider1@baedal.demo', pages: ['/rider', '/notifications'] },
    { who: 'admin@baedal.demo', pages: ['/admin/notifications', '/admin/accounts'] },
  ];
  // The two languages are checked side by side, each in its own contexts.
  const byLanguage = await Promise.all(
    LANGUAGES.map(async (locale) => {
      const found: string[] = [];
      for (const visit of visits) found.push(...(await check(browser, locale, visit)));
      return found;
    }),
  );
  const found = byLanguage.flat();
  expect(found, found.join('\n')).toEqual([]);
});
