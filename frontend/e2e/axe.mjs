// Runs axe-core in the current page and returns its critical and serious violations.
//
// How axe gets into the page: the server sends a strict Content-Security-Policy (no 'unsafe-eval', scripts
// only from itself), so neither a <script> tag with axe's text nor `new Function` would run. We hand the
// file's text to `page.evaluate(source)`: Playwright evaluates a string through the DevTools protocol
// (Runtime.evaluate), which the page's CSP does not govern, and axe itself needs no eval. So the pages are
// checked under the very CSP users get — no `bypassCSP` context is needed, and none is used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail a check. */
export const BLOCKING = ['critical', 'serious'];

/**
 * axe's critical and serious violations in `page` as it is now, one entry per failing element:
 * `{ id, impact, target, help, helpUrl }`. Every axe rule runs (WCAG 2.0/2.1 A and AA and best practice).
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(globalThis.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => ({ impact: n.impact ?? v.impact, target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  });
  return violations.flatMap((v) =>
    v.targets
      .filter((n) => BLOCKING.includes(n.impact))
      .map((n) => ({ id: v.id, impact: n.impact, target: n.target, help: v.help, helpUrl: v.helpUrl, summary: n.summary })),
  );
}

/** One line per violation: rule id, impact, a target selector and the help text (with axe's finding). */
export const describeViolation = (v) => {
  const finding = v.summary.split('\n').slice(1).map((l) => l.trim()).filter(Boolean)[0];
  return `${v.id} [${v.impact}] ${v.target} — ${v.help}${finding ? ` (${finding})` : ''}`;
};

/** The page's route as a pattern (ids and codes replaced, no query), to check each distinct page once. */
export function routePattern(url) {
  const { pathname } = new URL(url);
  return pathname
    .split('/')
    .map((part) => (/^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(part) || /^\d+$/.test(part) ? ':id' : part))
    .join('/');
}
