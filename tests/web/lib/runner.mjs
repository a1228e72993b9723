// A small sequential runner for browser cases that build on each other (log in, then create the
// webhook, then the notification...). Each case runs once, in order; a failure is recorded with a
// screenshot and the run goes on. A case whose server method is missing (a 404 from
// /api/method/<name>) fails up front, naming the method. Writes <name>.summary.json
// ({"passed","failed"}) for scripts/summarize-tests.py and a TAP-like line per case.
import fs from 'node:fs';
import path from 'node:path';

export async function runCases(cases, ctx, {summaryPath, artifactsDir, missingMethods}) {
  const results = [];
  let n = 0;
  for (const c of cases) {
    n += 1;
    const waits = (c.needs || []).filter((m) => missingMethods.has(m));
    if (waits.length) {
      const error = `the server has no method ${waits.join(', ')}`;
      results.push({name: c.name, status: 'failed', error});
      console.log(`not ok ${n} - ${c.name}\n  ${error}`);
      continue;
    }
    const started = Date.now();
    try {
      await c.run(ctx);
      results.push({name: c.name, status: 'passed', ms: Date.now() - started});
      console.log(`ok ${n} - ${c.name} (${Date.now() - started} ms)`);
    } catch (err) {
      results.push({name: c.name, status: 'failed', error: String(err.stack || err)});
      console.log(`not ok ${n} - ${c.name}\n  ${String(err.stack || err).replace(/\n/g, '\n  ')}`);
      const file = path.join(artifactsDir, `FAILED-${String(n).padStart(2, '0')}-` +
                                           `${c.name.replace(/[^\w]+/g, '-')}.png`);
      await ctx.page.screenshot({path: file, fullPage: true}).catch(() => {});
      // The next case starts from a known page, not from a dialog left open.
      await ctx.page.keyboard.press('Escape').catch(() => {});
    }
  }
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  fs.mkdirSync(path.dirname(summaryPath), {recursive: true});
  fs.writeFileSync(summaryPath, JSON.stringify({passed, failed, cases: results}, null, 2));
  console.log(`1..${cases.length}`);
  console.log(`${passed} passed, ${failed} failed`);
  return {passed, failed};
}
