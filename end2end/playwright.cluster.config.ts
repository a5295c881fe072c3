import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The browser tests of Baedal as three instances on PostgreSQL behind nginx
// (`make e2e` runs them after the single-server tests).
export default defineConfig({
  ...base,
  testDir: './cluster',
  use: { ...base.use, baseURL: 'http://127.0.0.1:3180' },
  webServer: {
    command: 'bash ./start-cluster.sh',
    url: 'http://127.0.0.1:3180/healthz',
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
