// The programs a browser test needs, started on loopback and stopped after: crier serve on a free
// port with a temporary database, and the Mattermost-compatible mock chat service
// (crier-mock-chat) with its control API.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Polls `check` until it resolves truthy or `timeoutMs` passes; resolves to its last value.
export async function waitFor(check, {timeoutMs = 20_000, intervalMs = 100, what = 'condition'} = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
                      (last instanceof Error ? `: ${last.message}` : ''));
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

// crier-mock-chat: resolves to {chatUrl(service), requests(service), reset(), stop()} once it
// printed its ports.
export async function startMockChat(binary) {
  const child = spawn(binary, ['--host', '127.0.0.1'], {stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  const ports = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const chat = /chat_port (\d+)/.exec(out);
      const control = /control_port (\d+)/.exec(out);
      if (chat && control) resolve({chat: Number(chat[1]), control: Number(control[1])});
    });
    child.on('exit', (code) => reject(new Error(`crier-mock-chat exited (${code}): ${out}`)));
    child.on('error', reject);
  });
  const control = `http://127.0.0.1:${ports.control}`;
  return {
    chatUrl: (service) => `http://127.0.0.1:${ports.chat}/${service}`,
    // Every request the mock received for `service`: [{seq, service, method, target, body...}].
    requests: async (service = '') => {
      const r = await fetch(`${control}/control/requests?service=${encodeURIComponent(service)}`);
      return (await r.json()).requests;
    },
    reset: () => fetch(`${control}/control/reset`, {method: 'POST'}),
    stop: () => stopChild(child),
  };
}

// `crier serve --demo` on a free port with a new data folder. Resolves to {base, dataDir, log(),
// stop()} once GET /healthz answers 200.
export async function startCrier(binary, {adminPassword, extraArgs = []} = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-web-'));
  const logPath = path.join(dataDir, 'server.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const log = fs.openSync(logPath, 'a');
    const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--db',
                                 `sqlite:${path.join(dataDir, 'crier.db')}`, '--demo',
                                 ...extraArgs],
                        {stdio: ['ignore', log, log],
                         env: {...process.env, CRIER_ADMIN_PASSWORD: adminPassword}});
    fs.closeSync(log);
    let exited = false;
    child.on('exit', () => { exited = true; });
    try {
      await waitFor(async () => {
        if (exited) throw new Error('crier serve exited');
        const r = await fetch(`${base}/healthz`).catch(() => null);
        return r && r.status === 200;
      }, {timeoutMs: 30_000, what: `crier serve on ${base}`});
    } catch (err) {
      await stopChild(child);
      if (attempt < 3 && exited) continue;  // The port was taken meanwhile: try another.
      throw new Error(`${err.message}\n${fs.readFileSync(logPath, 'utf8').slice(-4000)}`);
    }
    return {
      base, dataDir,
      log: () => fs.readFileSync(logPath, 'utf8'),
      stop: async () => {
        await stopChild(child);
        if (!process.env.CRIER_KEEP_TEST_DATA) fs.rmSync(dataDir, {recursive: true, force: true});
      },
    };
  }
}

// The error crier's own engines report for a condition (`crier eval`) or a template
// (`crier render -`): {line, column, message}, or null when it is valid. The browser must show
// the same place.
function engineError(r) {
  if (r.status === 0) return null;
  const m = /\(line (\d+), column (\d+)\)/.exec(r.stderr);
  return {line: m ? Number(m[1]) : null, column: m ? Number(m[2]) : null, message: r.stderr.trim()};
}

export function evalError(binary, expression) {
  return engineError(spawnSync(binary, ['eval', expression], {encoding: 'utf8'}));
}

export function renderError(binary, template) {
  return engineError(spawnSync(binary, ['render', '-'],
                               {encoding: 'utf8', input: template}));
}
