// Single sign-on in the browser, through a real OpenID Connect provider (tests/oidc/provider.mjs,
// started by scripts/e2e-oidc-provider.sh, with the account `kehoach.hn` / `idp-e2e-password`), against
// a running restrack server configured for it (RESTRACK_OIDC_*). `make test` runs it on SQLite and on
// PostgreSQL.
//   RESTRACK_E2E_URL=http://127.0.0.1:18080 npm run e2e:sso
// Optional: RESTRACK_E2E_SCREENSHOTS (default ../docs/screenshots; none are written when it is "-").
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.RESTRACK_E2E_URL ?? '').replace(/\/$/, '');
const shots = process.env.RESTRACK_E2E_SCREENSHOTS ?? '../../docs/screenshots';
const screenshots = shots === '-' ? null : resolve(here, shots);
const IDP_PASSWORD = 'idp-e2e-password';

if (!baseUrl) {
  console.error('e2e:sso: set RESTRACK_E2E_URL');
  process.exit(2);
}
if (screenshots) mkdirSync(screenshots, { recursive: true });

const results = [];
let page;

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(false);
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    if (screenshots) {
      const shot = resolve(screenshots, `failure-sso-${results.length}.png`);
      await page?.screenshot({ path: shot }).then(() => console.log(`     screenshot: ${shot}`), () => undefined);
    }
  }
}

const shot = async (name) => {
  if (screenshots) await page.screenshot({ path: resolve(screenshots, name) });
};

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const ssoButton = () => page.getByRole('button', { name: /^Đăng nhập bằng / });

  // At the provider: its own sign-in form, then back to the web app.
  const atProvider = async () => {
    await page.waitForURL((url) => !url.toString().startsWith(baseUrl));
    await page.getByLabel('Login').fill('kehoach.hn');
    await page.getByLabel('Password').fill(IDP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  await check('the login page offers single sign-on through the identity provider', async () => {
    await page.goto(`${baseUrl}/login`);
    await ssoButton().waitFor();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await shot('login-sso.png');
  });

  await check('a deep link signs in through the provider and opens where it pointed', async () => {
    await page.goto(`${baseUrl}/tasks`);
    await page.waitForURL(/\/login$/);
    await ssoButton().click();
    await atProvider();
    await page.waitForURL(/\/tasks$/);
    await page.getByTestId('current-user').waitFor();
    const me = await page.getByTestId('current-user').innerText();
    if (!/Hà Nội|kehoach/i.test(me)) throw new Error(`signed in as ${JSON.stringify(me)}, not the Hà Nội planner`);
  });

  await check('signing out ends the provider session too and comes back to the login page', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    // The provider asks whether to end its own session as well.
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/\/login$/);
    await ssoButton().waitFor();
    // The provider's session is over: a new sign-in asks for the password again.
    await ssoButton().click();
    await page.waitForURL((url) => !url.toString().startsWith(baseUrl));
    await page.getByLabel('Password').waitFor();
    await page.goto(`${baseUrl}/login`);
  });

  await check('a forged or replayed answer is refused with the reason and no session', async () => {
    await page.goto(`${baseUrl}/login/oidc?code=forged-code&state=forged-state`);
    await page.getByRole('alert').filter({ hasText: /đăng nhập/i }).first().waitFor();
    await page.getByRole('button', { name: 'Quay lại trang đăng nhập' }).waitFor();
    if (page.url().includes('code=')) throw new Error('the code stays in the address bar');
    await shot('login-sso-refused.png');
    await page.goto(`${baseUrl}/tasks`);
    await page.waitForURL(/\/login$/);
  });
} finally {
  await browser.close();
}

const failed = results.filter((ok) => !ok).length;
console.log(`e2e:sso: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
