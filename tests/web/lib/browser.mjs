// Launches Debian's Chromium headless through playwright-core (no browser download), with a fresh
// profile and everything that would reach the network on its own turned off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

export const CHROMIUM = process.env.CRIER_CHROMIUM || '/usr/bin/chromium';

// Resolves to {context, close()}: a browser context on a new profile folder (Playwright passes it
// as --user-data-dir), removed by close(). `options` go to the context (viewport, locale...).
export async function launchBrowser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
    timeout: 60_000,
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(profile, {recursive: true, force: true});
    },
  };
}
