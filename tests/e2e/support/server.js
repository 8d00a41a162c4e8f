// Starts a real `helpchat serve --demo` on 127.0.0.1:0 with a fresh data directory for one browser test file, reads
// back the port, the demo moderator and the demo session, and stops it (SIGTERM) at the end. `addModerator` creates
// another moderator account the way an operator does (`helpchat moderator add` on the running server's data).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVER_BIN = process.env.HELPCHAT_BIN || 'build/dev/server/helpchat';

const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 5000;

/**
 * Spawns the server and resolves once it printed `listening on http://127.0.0.1:PORT`, `demo moderator: username=U
 * password=P` and `demo session: id=N` (in any order; the `demo agency moderator: agency=A username=U password=P` lines
 * come before `listening`, and are kept in `agencyModerators` by agency). Rejects, with everything it printed, if it exits or takes longer
 * than START_TIMEOUT_MS.
 * @returns {Promise<{url: string, port: number, moderator: {username: string, password: string}, sessionId: number,
 *   agencyModerators: Object<string, {username: string, password: string}>,
 *   output: () => string, stop: () => Promise<void>}>}
 */
export async function startServer({ extraArgs = [] } = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'helpchat-e2e-'));
  const args = ['serve', '--demo', '--port', '0', '--data', dataDir, '--web-root', 'web-client', ...extraArgs];
  const child = spawn(path.resolve(REPO_ROOT, SERVER_BIN), args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const found = { agencyModerators: {} };
  let settle;
  const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });

  const scan = (chunk) => {
    output += chunk;
    for (const line of output.split('\n')) {
      let m;
      if (!found.url && (m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line))) {
        found.url = m[1];
        found.port = Number(m[2]);
      }
      if (!found.moderator && (m = /demo moderator: username=(\S+) password=(\S+)/.exec(line))) {
        found.moderator = { username: m[1], password: m[2] };
      }
      if (!found.sessionId && (m = /demo session: id=(\d+)/.exec(line))) found.sessionId = Number(m[1]);
      if ((m = /demo agency moderator: agency=(\S+) username=(\S+) password=(\S+)/.exec(line))) {
        found.agencyModerators[m[1]] = { username: m[2], password: m[3] };
      }
    }
    if (found.url && found.moderator && found.sessionId) settle.resolve();
  };
  child.stdout.setEncoding('utf8').on('data', scan);
  // The lines are specified on stdout; stderr is kept only to explain a failure.
  child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  child.on('error', (e) => settle.reject(new Error(`could not start ${SERVER_BIN}: ${e.message}`)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(({ code, signal }) => settle.reject(new Error(`${SERVER_BIN} exited (code ${code}, signal ${signal}) before it was ready:\n${output}`)));

  const timer = setTimeout(() => settle.reject(new Error(`${SERVER_BIN} not ready after ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { ...found, dataDir, output: () => output, stop };
}

const CLI_TIMEOUT_MS = 30000;
const PICKUP_TIMEOUT_MS = 10000; // the server looks for new accounts once a second

/**
 * Runs `helpchat moderator add USERNAME --name NAME --agency AGENCY --data DIR` beside the running server, then waits
 * until the server took the account up (a login succeeds). Logins are limited per address (10 a minute): each try
 * here counts, so they are a second apart.
 * @returns {Promise<{username: string, password: string, name: string, agency: string}>}
 */
export async function addModerator(server, { username, name, agency, password = `clave-${username}-2012` }) {
  await new Promise((resolve, reject) => {
    const child = execFile(path.resolve(REPO_ROOT, SERVER_BIN),
      ['moderator', 'add', username, '--name', name, '--agency', agency, '--data', server.dataDir],
      { cwd: REPO_ROOT, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => (error ? reject(new Error(`moderator add ${username}: ${error.message}\n${stdout}${stderr}`)) : resolve()));
    child.stdin.end(`${password}\n`);
  });
  const deadline = Date.now() + PICKUP_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not take up moderator ${username} (login: ${res.status})`);
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
  }
  return { username, password, name, agency };
}
