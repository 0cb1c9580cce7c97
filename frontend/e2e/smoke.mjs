// Browser smoke test against a running restrack server (API + this SPA).
//   RESTRACK_E2E_URL=http://127.0.0.1:18080 RESTRACK_E2E_ADMIN_PASSWORD=… npm run e2e
// Optional: RESTRACK_E2E_CHROMIUM (default /usr/bin/chromium), RESTRACK_E2E_SCREENSHOTS (default ../docs/screenshots).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.RESTRACK_E2E_URL ?? '').replace(/\/$/, '');
const password = process.env.RESTRACK_E2E_ADMIN_PASSWORD ?? '';
const executablePath = process.env.RESTRACK_E2E_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = resolve(here, process.env.RESTRACK_E2E_SCREENSHOTS ?? '../../docs/screenshots');

if (!baseUrl || !password) {
  console.error('e2e: set RESTRACK_E2E_URL and RESTRACK_E2E_ADMIN_PASSWORD');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(2);
}
mkdirSync(screenshots, { recursive: true });

const TIMEOUT = 15_000;
const results = [];
let page; // the browser page, for a screenshot when a check fails

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(false);
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    const shot = resolve(screenshots, `failure-${results.length}.png`);
    await page?.screenshot({ path: shot }).then(() => console.log(`     screenshot: ${shot}`), () => undefined);
  }
}

const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ],
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const failedRequests = [];
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const name = `Đơn vị kiểm thử ${code}`;

  await check('login page is in Vietnamese and loads nothing from outside', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.getByLabel('Mật khẩu').waitFor();
    await page.getByText('Theo dõi thực hiện Nghị quyết').first().waitFor();
    const external = await page.evaluate((origin) =>
      performance.getEntriesByType('resource').map((e) => e.name).filter((u) => !u.startsWith(origin) && !u.startsWith('data:')),
    new URL(baseUrl).origin);
    if (external.length > 0) throw new Error(`external resources loaded: ${external.join(', ')}`);
    await page.screenshot({ path: resolve(screenshots, 'login.png') });
  });

  await check('admin signs in and the shell shows the user, the agency and the admin menu', async () => {
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const user = page.getByTestId('current-user');
    await user.waitFor();
    const text = (await user.innerText()).trim();
    if (!text) throw new Error('the header shows no user');
    await page.getByRole('navigation').getByText('Quản trị').waitFor();
    await page.getByText('Quản trị hệ thống').first().waitFor(); // role tag "admin"
  });

  await check('the agency tree contains the root agency ROOT', async () => {
    if (!page.url().includes('/admin/agencies')) await page.goto(`${baseUrl}/admin/agencies`);
    await page.locator('.agency-node[data-code="ROOT"]').waitFor();
  });

  await check('a child agency created through the form appears in the tree', async () => {
    await page.locator('.agency-node[data-code="ROOT"]').click();
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mã đơn vị').fill(code);
    await dialog.getByLabel('Tên đơn vị').fill(name);
    // antd's Select: open it from its visible box, then pick the option from the open dropdown.
    await dialog.locator('.ant-form-item').filter({ hasText: 'Loại đơn vị' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Khác"]').click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator(`.agency-node[data-code="${code}"]`).waitFor();
    await page.locator(`.agency-node[data-code="${code}"]`).click();
    await page.getByText(`${code} — ${name}`).waitFor();
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' }); // let the toast fade before the screenshot
    await page.screenshot({ path: resolve(screenshots, 'agencies.png') });
  });

  await check('signing out returns to the login page and protects the app', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    await page.goto(`${baseUrl}/admin/agencies`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
  });

  if (failedRequests.length > 0) console.log(`note: failed requests: ${failedRequests.join(', ')}`);
} finally {
  await browser.close();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
