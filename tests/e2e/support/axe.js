// WCAG 2.1 AA checks the browser tests share: axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) must find nothing, and a
// page must reflow at 320 px without horizontal scrolling (WCAG 1.4.10).
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function scan(page, label) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(summary, [], `${label}: axe violations`);
  return result;
}

export async function assertReflows(page, label) {
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label}: ${overflow}px of horizontal scrolling at 320 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** axe at 1280 px, no horizontal scrolling at 320 px, and axe again at 320 px. */
export async function check(page, label) {
  await scan(page, label);
  await assertReflows(page, label);
  await page.setViewportSize({ width: 320, height: 640 });
  await scan(page, `${label} at 320 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}
