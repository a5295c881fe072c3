import { defineConfig, devices } from '@playwright/test';

const baseURL = process.env.BAEDAL_E2E_URL ?? 'http://127.0.0.1:3100';

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The longest tests drive two or three apps at once and hydrate up to
  // eight pages; on a busy two-core machine they have taken up to a minute.
  timeout: 90_000,
  expect: {
    timeout: 10_000,
  },
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // Runs the release server binary directly (build it first with
    // `make build-release`).
    command: 'bash ./start-server.sh',
    url: 'http://127.0.0.1:3100/healthz',
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
