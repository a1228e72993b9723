// A small sequential runner for browser cases that build on each other (log in, then create the
// webhook, then the notification...). Each case runs once, in order; a failure is recorded with a
// screenshot and the run goes on. A case that needs a server method another issue has not
// delivered yet is reported as waiting on it, by name. Writes <name>.summary.json
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
      results.push({name: c.name, status: 'waiting', waits});
      console.log(`ok ${n} - ${c.name} # SKIP waits on ${waits.join(', ')}`);
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
  const waiting = results.filter((r) => r.status === 'waiting');
  fs.mkdirSync(path.dirname(summaryPath), {recursive: true});
  fs.writeFileSync(summaryPath, JSON.stringify({passed, failed, waiting: waiting.length,
                                                cases: results}, null, 2));
  console.log(`1..${cases.length}`);
  if (waiting.length) {
    console.log(`# ${waiting.length} case(s) wait on server methods not present yet:`);
    for (const w of waiting) console.log(`#   ${w.name}: ${w.waits.join(', ')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return {passed, failed, waiting: waiting.length};
}
