// The before/after pair every browser test file needs: a real server of its own and one Chromium, stopped at the end.
import { after, before } from 'node:test';
import { launchBrowser } from './browser.js';
import { startServer } from './server.js';

/**
 * Registers node:test hooks that start `helpchat serve --demo` (startServer's options) and Chromium before the file's
 * tests and stop both after them. Returns an object whose `server` and `browser` are set once the hooks ran.
 */
export function serverAndBrowser(options = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
