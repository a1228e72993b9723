// The web UI's browser tests (issue 6): starts the Mattermost-compatible mock and a real
// `crier serve --demo` on loopback, drives Debian's Chromium through playwright-core over the
// seed guide's flow and the other screens, saves a screenshot of each screen, and writes
// <results>/web_ui.summary.json. Exit status 1 when a case failed.
//
// Environment: CRIER_BINARY (default <build>/crier), CRIER_MOCK_CHAT (default
// <build>/tests/mock_chat/crier-mock-chat), CRIER_TEST_RESULTS (default <build>/test-results),
// CRIER_BUILD_DIR (default <repo>/build), CRIER_CHROMIUM (default /usr/bin/chromium),
// CRIER_WEB_ONLY (run only the cases whose name contains this text, after logging in).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {launchBrowser} from './lib/browser.mjs';
import {startCrier, startMockChat} from './lib/processes.mjs';
import {runCases} from './lib/runner.mjs';
import {guideFlowCases} from './cases/guide_flow.mjs';
import {screenCases} from './cases/screens.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const build = process.env.CRIER_BUILD_DIR || path.resolve(here, '../../build');
const crierBinary = process.env.CRIER_BINARY || path.join(build, 'crier');
const mockBinary = process.env.CRIER_MOCK_CHAT ||
    path.join(build, 'tests/mock_chat/crier-mock-chat');
const results = process.env.CRIER_TEST_RESULTS || path.join(build, 'test-results');
const artifactsDir = path.join(results, 'web');
const summaryPath = path.join(results, 'web_ui.summary.json');
const adminPassword = 'web-ui-test-password';

// Server methods that other issues deliver; cases that need one wait for it, by name.
const PROBED_METHODS = ['notification.validate', 'notification.preview', 'notification.send_test',
                        'notification_log.unread_count', 'notification_log.mark_read',
                        'webhook.send_test_message', 'delivery.retry'];

async function missingMethods(base) {
  const login = await fetch(`${base}/api/method/login`, {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({usr: 'Administrator', pwd: adminPassword}),
  });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  const missing = new Set();
  for (const method of PROBED_METHODS) {
    // An empty call: a method that exists refuses it (400) or answers; one that does not is 404.
    const r = await fetch(`${base}/api/method/${method}`, {
      method: 'POST', headers: {'Content-Type': 'application/json', Cookie: cookie},
      body: JSON.stringify({probe: 1}),
    });
    if (r.status === 404 && /not found/i.test(await r.text())) missing.add(method);
  }
  await fetch(`${base}/api/method/logout`, {method: 'POST', headers: {Cookie: cookie}});
  return missing;
}

async function main() {
  fs.mkdirSync(artifactsDir, {recursive: true});
  for (const f of fs.readdirSync(artifactsDir)) {
    if (f.endsWith('.png')) fs.rmSync(path.join(artifactsDir, f));
  }
  const mock = await startMockChat(mockBinary);
  let crier = null;
  let browser = null;
  let outcome = {failed: 1};
  try {
    crier = await startCrier(crierBinary, {adminPassword});
    const missing = await missingMethods(crier.base);
    browser = await launchBrowser({viewport: {width: 1280, height: 900}, locale: 'en-US'});
    const page = await browser.context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    let shots = 0;
    const ctx = {
      page, context: browser.context, base: crier.base, mock, crierBinary, adminPassword,
      state: {},
      shot: async (name, onPage = page) => {
        shots += 1;
        await onPage.screenshot({path: path.join(artifactsDir,
                                                 `${String(shots).padStart(2, '0')}-${name}.png`),
                                 fullPage: true});
      },
    };
    const only = process.env.CRIER_WEB_ONLY;
    const cases = [...guideFlowCases, ...screenCases, {
      name: 'no script error in the page during the run',
      run: async () => {
        if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
      },
    }].filter((c) => !only || c.always || c.name.includes(only));
    outcome = await runCases(cases, ctx, {summaryPath, artifactsDir, missingMethods: missing});
  } finally {
    if (browser) await browser.close();
    if (crier) {
      if (outcome.failed) fs.writeFileSync(path.join(artifactsDir, 'server.log'), crier.log());
      await crier.stop();
    }
    await mock.stop();
  }
  console.log(`screenshots: ${artifactsDir}`);
  process.exitCode = outcome.failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  fs.mkdirSync(results, {recursive: true});
  fs.writeFileSync(summaryPath, JSON.stringify({passed: 0, failed: 1, error: String(err)}));
  process.exitCode = 1;
});
