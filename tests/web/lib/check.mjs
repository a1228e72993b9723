// Assertions for browser cases (playwright-core has no `expect`): each polls the page until the
// condition holds or a generous deadline passes, so no case sleeps for a fixed time.
import assert from 'node:assert/strict';
import {waitFor} from './processes.mjs';

export {assert, waitFor};

// Waits until `locator`'s text matches `pattern` (a RegExp or a substring); returns the text.
export async function textMatches(locator, pattern, timeoutMs = 15_000) {
  const test = (s) => (pattern instanceof RegExp ? pattern.test(s) : s.includes(pattern));
  let last = '';
  try {
    return await waitFor(async () => {
      last = (await locator.first().textContent({timeout: 1000})) || '';
      return test(last) ? last : null;
    }, {timeoutMs, what: `text ${pattern}`});
  } catch (err) {
    throw new Error(`${err.message}; last text: ${JSON.stringify(last.slice(0, 500))}`);
  }
}

export async function visible(locator, timeoutMs = 15_000) {
  await locator.first().waitFor({state: 'visible', timeout: timeoutMs});
  return locator.first();
}

export async function hidden(locator, timeoutMs = 15_000) {
  await locator.first().waitFor({state: 'hidden', timeout: timeoutMs});
}

// Waits for the URL path (and query) to match.
export async function atPath(page, pattern, timeoutMs = 15_000) {
  await waitFor(() => pattern.test(new URL(page.url()).pathname + new URL(page.url()).search),
                {timeoutMs, what: `URL ${pattern} (now ${page.url()})`});
}
