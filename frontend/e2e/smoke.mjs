// Browser smoke test against a running restrack server (API + this SPA).
//   RESTRACK_E2E_URL=http://127.0.0.1:18080 RESTRACK_E2E_ADMIN_PASSWORD=… npm run e2e
// Optional: RESTRACK_E2E_CHROMIUM (default /usr/bin/chromium), RESTRACK_E2E_SCREENSHOTS (default ../docs/screenshots).
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations, describeViolation, routePattern } from './axe.mjs';
import { launchChromium } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.RESTRACK_E2E_URL ?? '').replace(/\/$/, '');
const password = process.env.RESTRACK_E2E_ADMIN_PASSWORD ?? '';
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

// RESTRACK_E2E_ONLY=text runs only the steps whose name contains it (for a step that signs in on its own).
const only = process.env.RESTRACK_E2E_ONLY ?? '';

// axe-core checks the page each check ends on, once per distinct page (route pattern): a critical or
// serious violation fails the check.
const axeChecked = new Set();
async function axePass() {
  if (!page || page.isClosed()) return;
  const route = routePattern(page.url());
  if (axeChecked.has(route)) return;
  axeChecked.add(route);
  await page.waitForTimeout(400); // let antd's entry animations (opacity) settle before contrast is measured
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    for (const v of violations) console.log(`     axe ${route}: ${describeViolation(v)}`);
    throw new Error(`axe: ${violations.length} critical/serious violation(s) on ${route}`);
  }
}

async function check(name, body) {
  if (only && !name.includes(only)) return;
  const started = Date.now();
  try {
    await body();
    await axePass();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(false);
    const lines = error instanceof Error ? error.message.split('\n') : [String(error)];
    console.log(`FAIL ${name}: ${lines[0]}`);
    // Playwright's call log ends with what it was waiting for (an element covered, not stable …).
    for (const line of lines.slice(1).filter((l) => l.trim()).slice(-6)) console.log(`     ${line.trim()}`);
    const shot = resolve(screenshots, `failure-${results.length}.png`);
    await page?.screenshot({ path: shot }).then(() => console.log(`     screenshot: ${shot}`), () => undefined);
  }
}

const browser = await launchChromium();

try {
  // The user's system asks for reduced motion, which the app honours by turning antd's animations off:
  // a confirmation or a list of options is ready when it appears (CI clicked buttons mid-zoom). The
  // phone and throttled checks keep the default motion.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const failedRequests = [];
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  // Waits until every toast has faded (the server's CSP forbids waitForFunction's string evaluation).
  const noToasts = async () => {
    const until = Date.now() + TIMEOUT;
    while ((await page.locator('.ant-message-notice').count()) > 0) {
      if (Date.now() > until) throw new Error('a message toast stays on screen');
      await page.waitForTimeout(200);
    }
  };
  // Polls `read` until `ok` holds (the server's CSP forbids waitForFunction's string evaluation).
  const until = async (what, read, ok) => {
    const end = Date.now() + TIMEOUT;
    let last;
    while (Date.now() < end) {
      last = await read();
      if (ok(last)) return last;
      await page.waitForTimeout(250);
    }
    throw new Error(`${what}: still ${JSON.stringify(last)}`);
  };
  // The heat map cell of a child agency (by code) in a resolution column (by code).
  const heatCell = (agencyCode, resolutionCode) =>
    page.locator(`.heatmap .heat-cell[data-agency="${agencyCode}"][data-resolution="${resolutionCode}"]`);
  // A button's accessible name starts with its icon's label ("edit Sửa"): match the end, case-sensitively,
  // so "Hợp nhất" is not "Hoàn tác hợp nhất".
  const buttonName = (label) => new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const name = `Đơn vị kiểm thử ${code}`;

  await check('login page is in Vietnamese and loads nothing from outside', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
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
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const user = page.getByTestId('current-user');
    await user.waitFor();
    const text = (await user.innerText()).trim();
    if (!text) throw new Error('the header shows no user');
    await page.getByRole('navigation').getByText('Quản trị').waitFor();
    await page.getByText('Quản trị hệ thống').first().waitFor(); // role tag "admin"
    // The menu comes from GET /me's actions: an admin has them all.
    for (const label of ['Phê duyệt', 'Nhập dữ liệu', 'Nhật ký hệ thống', 'Đơn vị', 'Người dùng', 'API keys']) {
      await page.getByRole('navigation').getByText(label, { exact: true }).waitFor();
    }
  });

  await check('the start page after login is "Việc cần làm", the first menu entry; the overview stays in the menu', async () => {
    await page.waitForURL(/\/work$/);
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor();
    const first = (await page.getByRole('navigation').locator('.ant-menu-item').first().innerText()).trim();
    if (!first.startsWith('Việc cần làm')) throw new Error(`the first menu entry is "${first}"`);
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
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

  await check('admin sees the overview tiles, charts and the ranking of child agencies, and a figure drills down to its tasks', async () => {
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    for (const key of ['tasks', 'completed', 'overdue', 'progress', 'kpiOnTrack', 'kpiOffTrack', 'alerts', 'completeness', 'timeliness']) {
      await page.getByTestId(`tile-${key}`).waitFor();
    }
    const tasks = (await page.getByTestId('tile-tasks').locator('.tile-value').innerText()).trim();
    if (!/^\d/.test(tasks)) throw new Error(`the tasks tile shows "${tasks}"`);
    await page.locator('.ranking-table .ranking-agency').first().waitFor();
    await page.locator('.ranking-table tbody tr').filter({ hasText: 'Hà Nội' }).first().waitFor();
    await page.locator('.chart-card .echart canvas').first().waitFor();
    await page.locator('.heatmap a.heat-cell').first().waitFor();
    await page.waitForTimeout(800); // chart animations
    await page.screenshot({ path: resolve(screenshots, 'overview.png'), fullPage: true });
    await page.getByTestId('tile-overdue').click();
    await page.waitForURL(/\/tasks\?.*health=overdue/);
    if (!page.url().includes('lead_agency_subtree=')) throw new Error(`the drill-down lost the agency: ${page.url()}`);
    await page.locator('.ant-select-selection-item', { hasText: 'Quá hạn' }).first().waitFor();
    await page.locator('.health-tag').first().waitFor();
  });

  await check('the agency × resolution heat map has cells coloured by health with their figures, and a cell opens that agency\'s tasks of that resolution (a red one only those behind)', async () => {
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    await page.locator('.heatmap a.heat-cell').first().waitFor();
    const cells = await page.locator('.heatmap a.heat-cell').count();
    if (cells < 1) throw new Error('the heat map has no cell');
    const cell = page.locator('.heatmap a.heat-cell[data-agency="HN"][data-resolution="57-NQ/TW"]');
    const label = (await cell.textContent()) ?? '';
    if (!label.includes('Thành phố Hà Nội') || !label.includes('57-NQ/TW')) throw new Error(`the cell is labelled "${label}"`);
    const progress = Number(await cell.getAttribute('data-progress'));
    if (!(progress >= 0 && progress <= 100)) throw new Error(`the cell's progress is ${progress}`);
    const background = await cell.evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor);
    if (background === 'rgb(245, 245, 245)' || background === 'rgba(0, 0, 0, 0)') throw new Error(`the cell is not coloured (${background})`);
    const tasks = Number.parseInt((await cell.locator('.heat-tasks').innerText()).replace(/\D/g, ''), 10);
    if (!(tasks > 0)) throw new Error('the cell shows no task count');
    const health = await cell.getAttribute('data-health');
    await cell.hover();
    const tooltip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden) .heat-tooltip');
    await tooltip.getByText(`Nhiệm vụ: ${tasks}`).waitFor();
    await tooltip.getByText('Tình trạng:').waitFor();
    await tooltip.getByText('Chậm tiến độ hoặc quá hạn:').waitFor();
    await cell.click();
    await page.waitForURL(/\/tasks\?/);
    const url = new URL(page.url());
    if (!url.searchParams.get('lead_agency_subtree') || !url.searchParams.get('resolution_id')) throw new Error(`the drill-down lost a filter: ${page.url()}`);
    await page.locator('.ant-select-selection-item', { hasText: '57-NQ/TW' }).first().waitFor();
    await page.locator('.ant-select-selection-item', { hasText: 'Thành phố Hà Nội' }).first().waitFor();
    await page.locator('.ant-checkbox-wrapper-checked', { hasText: 'Gồm đơn vị trực thuộc' }).waitFor();
    // A red cell (off track, overdue) opens only the tasks of its class; another cell all its tasks.
    const red = health === 'off_track' || health === 'overdue' ? health : null;
    if (url.searchParams.get('health') !== red) throw new Error(`the ${health} cell opens health=${url.searchParams.get('health')}`);
    if (red) {
      await until(
        `the ${red} tasks of 57-NQ/TW`,
        () => page.locator('.ant-table-row').evaluateAll((rows) => rows.map((r) => [r.querySelector('.task-code')?.getAttribute('data-code') ?? '', r.querySelector('.health-tag')?.getAttribute('data-health') ?? ''])),
        (rows) => rows.length >= 1 && rows.length <= tasks && rows.every(([c, h]) => c.startsWith('57-NQ/TW.') && h === red),
      );
    } else {
      await page.locator('.ant-pagination-total-text', { hasText: `Tổng ${tasks}` }).waitFor();
      // The cell's count is the list's: every task of the agency's subtree in that resolution, and only those.
      await until(
        `the list (the cell said ${tasks} tasks of 57-NQ/TW)`,
        () => page.locator('.task-code').evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? '')),
        (codes) => codes.length === tasks && codes.every((c) => c.startsWith('57-NQ/TW.')),
      );
    }
  });

  // The evaluated period's days as the overview writes them (dd/mm/yyyy), this year by default.
  const thisYear = new Date().getFullYear();

  await check('the overview shows the evaluation of tasks due this year in the four classes, verified completions, and a period picker', async () => {
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    const card = page.getByTestId('evaluation-card');
    await card.getByText('Đánh giá nhiệm vụ đến hạn').waitFor();
    await card.getByText(`Nhiệm vụ có hạn hoàn thành từ 01/01/${thisYear} đến 31/12/${thisYear}, đánh giá tại ngày`).waitFor();
    const counts = {};
    for (const [key, label] of [
      ['completed_on_time', 'Hoàn thành đúng hạn'],
      ['completed_late', 'Hoàn thành quá hạn'],
      ['not_completed_within_deadline', 'Chưa hoàn thành trong hạn'],
      ['not_completed_overdue', 'Chưa hoàn thành quá hạn'],
    ]) {
      const item = card.locator(`.evaluation-class[data-evaluation="${key}"]`);
      await item.getByText(label, { exact: true }).waitFor();
      counts[key] = Number((await item.locator('.evaluation-count').innerText()).replace(/\D/g, ''));
    }
    const total = Number(await card.locator('.evaluation-bar').getAttribute('data-total'));
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total !== sum || total < 1) throw new Error(`the bar counts ${total} tasks, the classes ${JSON.stringify(counts)}`);
    // The demo: 57-NQ/TW.4's completion was proposed and waits for the national level's acceptance.
    const verified = await card.getByTestId('evaluation-verified').innerText();
    if (!/\d+ nhiệm vụ đã được xác nhận hoàn thành/.test(verified) || !/[1-9]\d* nhiệm vụ đang chờ xác nhận hoàn thành/.test(verified)) throw new Error(`the verified line says "${verified}"`);
    // The ranking carries the four classes of each child agency.
    await page.locator('.ranking-table th').filter({ hasText: 'Đánh giá nhiệm vụ đến hạn' }).first().waitFor();
    const hn = page.locator('.ranking-table tbody tr').filter({ hasText: 'Hà Nội' }).first().locator('.evaluation-cell');
    const hnLabel = (await hn.getAttribute('aria-label')) ?? '';
    if (!/Hoàn thành đúng hạn: \d+; Hoàn thành quá hạn: \d+; Chưa hoàn thành trong hạn: \d+; Chưa hoàn thành quá hạn: \d+/.test(hnLabel)) throw new Error(`Hà Nội's cell says "${hnLabel}"`);
    await page.mouse.move(1200, 10);
    await page.waitForTimeout(300);
    await card.screenshot({ path: resolve(screenshots, 'overview-evaluation.png') });
    // Another period: the first 9 months, kept in the address.
    await card.locator('.evaluation-period .ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="9 tháng đầu năm"]').click();
    await page.waitForURL(/period=m9/);
    await card.getByText(`Nhiệm vụ có hạn hoàn thành từ 01/01/${thisYear} đến 30/09/${thisYear}`).waitFor();
    await card.locator('.evaluation-class').first().waitFor();
  });

  await check('admin opens "Chờ quyết định" from the menu (its badge counts what waits) and sees 57-NQ/TW.4, whose completion Hồ Chí Minh City proposed, and opens its task page', async () => {
    const entry = page.getByRole('navigation').getByRole('link', { name: /Chờ quyết định/ });
    await entry.waitFor();
    const badge = await until('the menu badge', () => entry.locator('.ant-badge-count').getAttribute('title').catch(() => null), (v) => v !== null);
    // The badge's title reads "N việc đang chờ".
    const waiting = Number(String(badge).match(/\d+/)?.[0]);
    if (!(waiting >= 1)) throw new Error(`the badge says ${badge}`);
    await entry.click();
    await page.waitForURL(/\/decisions$/);
    await page.getByRole('heading', { name: 'Nhiệm vụ chờ quyết định' }).waitFor();
    const row = page.locator('.decisions-table tbody tr').filter({ has: page.locator('.task-code[data-code="57-NQ/TW.4"]') });
    await row.waitFor();
    await row.getByText('Thành phố Hồ Chí Minh', { exact: true }).waitFor();
    await row.locator('.decision-waiting[data-kind="completion"]').getByText('Đề nghị công nhận hoàn thành').waitFor();
    await row.locator('.decision-hint').getByText(/^Gửi lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/).waitFor();
    const due = (await row.locator('td').nth(4).innerText()).trim();
    if (!/^\d{2}\/\d{2}\/\d{4}$/.test(due)) throw new Error(`the due date reads "${due}"`);
    const rows = await page.locator('.decisions-table tbody tr.ant-table-row').count();
    await page.locator('.ant-pagination-total-text', { hasText: `Tổng ${rows}` }).waitFor();
    if (waiting !== rows) throw new Error(`the badge says ${badge}, the list has ${rows}`);
    await page.locator('.decisions-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.mouse.move(1200, 10);
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(screenshots, 'decisions.png') });
    await row.getByRole('button', { name: 'Xem và quyết định' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]+$/);
    await page.getByTestId('task-code').filter({ hasText: '57-NQ/TW.4' }).waitFor();
  });

  await check('admin opens the alerts inbox and sees alerts with severity tags and Vietnamese kinds', async () => {
    await page.getByRole('navigation').getByText('Cảnh báo').click();
    await page.waitForURL(/\/alerts$/);
    await page.locator('.alerts-table .alert-severity').first().waitFor();
    await page.locator('.alerts-table .alert-kind').first().waitFor();
    await page.getByRole('button', { name: 'Đánh giá ngay' }).waitFor();
    await page.locator('.alerts-table').getByRole('button', { name: buttonName('Đã nắm') }).first().waitFor(); // open alerts: acknowledge is offered
    await page.locator('.alerts-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(500); // the loading veil fades out
    await page.screenshot({ path: resolve(screenshots, 'alerts.png') });
  });

  await check('admin imports agencies: a bad row is rejected and named, the fixed file is checked and applied', async () => {
    await page.getByRole('navigation').getByText('Nhập dữ liệu').click();
    await page.waitForURL(/\/imports$/);
    const impCode = `IMP${Date.now().toString(36).toUpperCase()}`;
    const csv = (kind) => `code,name,kind,parent_code\n${impCode}A,Đơn vị nhập ${impCode}A,other,ROOT\n${impCode}B,Đơn vị nhập ${impCode}B,${kind},ROOT\n`;
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: 'don-vi-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('planet')) });
    await page.locator('.import-file-name', { hasText: 'don-vi-loi.csv (' }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
    await page.locator('.import-result[data-status="rejected"]').waitFor();
    const errorRow = page.locator('.import-errors tbody tr').filter({ hasText: 'kind' });
    const rowNumber = (await errorRow.locator('.import-error-row').innerText()).trim();
    if (rowNumber !== '3') throw new Error(`the error names row ${rowNumber}, not 3`);
    if (!(await page.getByRole('button', { name: 'Áp dụng' }).isDisabled())) throw new Error('"Áp dụng" is enabled after a rejected check');
    await noToasts();
    await page.screenshot({ path: resolve(screenshots, 'imports.png'), fullPage: true });
    await input.setInputFiles({ name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('other')) });
    await page.locator('.import-file-name', { hasText: 'don-vi.csv (' }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra (chạy thử)' }).click();
    await page.locator('.import-result[data-status="validated"]').waitFor();
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.locator('.import-result[data-status="applied"]').waitFor();
    await page.locator('.imports-history tbody tr').filter({ hasText: 'Đã áp dụng' }).first().waitFor();
    await noToasts();
  });

  await check('admin creates an API key, sees it once, and revokes it', async () => {
    await page.goto(`${baseUrl}/admin/api-keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const keyName = `Hệ thống kiểm thử ${code}`;
    await page.getByRole('button', { name: 'Tạo API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên hệ thống sử dụng').fill(keyName);
    await dialog.getByRole('button', { name: 'Tạo khóa' }).click();
    const shown = page.locator('.new-api-key');
    await shown.waitFor();
    if (!(await shown.innerText()).trim().startsWith('rtk_')) throw new Error('the new key is not shown');
    await page.getByRole('button', { name: 'Tôi đã lưu khóa' }).click();
    const row = page.locator('.api-keys-table tr').filter({ hasText: keyName });
    await row.getByText('Đang dùng').waitFor();
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: 'Thu hồi' }).click();
    await row.getByText('Đã thu hồi').waitFor();
    await noToasts();
  });

  await check('admin registers a webhook for a new API key: a private address is refused, the secret is shown once', async () => {
    await page.goto(`${baseUrl}/admin/api-keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const keyName = `Hệ thống nhận webhook ${code}`;
    await page.getByRole('button', { name: 'Tạo API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên hệ thống sử dụng').fill(keyName);
    await dialog.getByRole('button', { name: 'Tạo khóa' }).click();
    await page.locator('.new-api-key').waitFor();
    await page.getByRole('button', { name: 'Tôi đã lưu khóa' }).click();
    const row = page.locator('.api-keys-table tr').filter({ hasText: keyName });
    await row.getByText('Đang dùng').waitFor();
    await row.getByRole('button', { name: buttonName('Webhook') }).click();
    const drawer = page.locator('.webhooks-drawer');
    await drawer.getByText(`Webhook của khóa “${keyName}”`).waitFor();
    await drawer.getByText('Khóa này chưa có webhook nào').waitFor();
    const url = drawer.getByLabel('Địa chỉ nhận (URL)');
    const register = drawer.getByRole('button', { name: 'Đăng ký', exact: true });
    // The e2e server allows plain http to 127.0.0.0/8 only (RESTRACK_WEBHOOK_ALLOWED_NETWORKS): 10.9.9.9 is private.
    await url.fill('http://10.9.9.9/hook');
    await drawer.locator('.webhook-events').getByText('Số liệu được phê duyệt', { exact: true }).click();
    await register.click();
    const urlItem = drawer.locator('.ant-form-item').filter({ hasText: 'Địa chỉ nhận (URL)' });
    await urlItem.getByText('Địa chỉ nhận thuộc mạng nội bộ hoặc dải địa chỉ dành riêng', { exact: false }).waitFor();
    if ((await drawer.locator('.webhooks-table .webhook-url').count()) > 0) throw new Error('a refused webhook is listed');
    if ((await drawer.locator('.new-webhook-secret').count()) > 0) throw new Error('a refused webhook shows a secret');
    // Nothing listens on port 9: the webhook is registered all the same (deliveries are not awaited here).
    await url.fill('http://127.0.0.1:9/hook');
    await register.click();
    const secret = drawer.locator('.new-webhook-secret');
    await secret.waitFor();
    if (!(await secret.innerText()).trim().startsWith('whsec_')) throw new Error('the secret is not shown');
    await drawer.getByText('sẽ không được hiển thị lại', { exact: false }).waitFor();
    await drawer.getByRole('button', { name: 'Tôi đã lưu khóa bí mật' }).click();
    await secret.waitFor({ state: 'detached' });
    const hookRow = drawer.locator('.webhooks-table tr').filter({ hasText: 'http://127.0.0.1:9/hook' });
    await hookRow.locator('.webhook-event', { hasText: 'Số liệu được phê duyệt' }).waitFor();
    await hookRow.getByText('Đang hoạt động').waitFor();
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await noToasts();
  });

  await check('admin previews merging the new agency into VPCP, then confirms it', async () => {
    await page.goto(`${baseUrl}/admin/agencies`);
    await page.locator(`.agency-node[data-code="${code}"]`).click();
    await page.getByText(`${code} — ${name}`).waitFor();
    await page.getByRole('button', { name: 'Hợp nhất' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select-selector').click();
    await page.keyboard.type('VPCP');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: 'Văn phòng Chính phủ' }).click();
    await dialog.getByRole('button', { name: 'Xem trước' }).click();
    await dialog.locator('.merge-preview').getByText('Nhiệm vụ đang chủ trì chuyển sang').waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận hợp nhất' }).click();
    await page.getByText(`Đã hợp nhất ${name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await noToasts();
  });

  // Reorganisation on the agencies page: undo, the hierarchy as of a past date, dissolving.
  const agencyNode = (agencyCode) => page.locator(`.agency-node[data-code="${agencyCode}"]`);
  const detailsCard = () => page.locator('.ant-card').filter({ has: page.locator('.ant-descriptions') });
  const filterTree = async (text) => {
    await page.getByLabel('Lọc theo mã hoặc tên đơn vị').fill(text);
  };
  const selectAgency = async (agencyCode, agencyName) => {
    await filterTree(agencyCode);
    await agencyNode(agencyCode).click();
    await page.getByText(`${agencyCode} — ${agencyName}`, { exact: true }).first().waitFor();
    await detailsCard().locator('.ant-descriptions').getByText(agencyCode, { exact: true }).waitFor();
  };
  const nodeState = (agencyCode) =>
    agencyNode(agencyCode).evaluate((e) => ({ parent: e.getAttribute('data-parent-code'), status: e.getAttribute('data-status') }));
  const reorgButton = (label) => page.getByRole('button', { name: buttonName(label) });
  const absentButton = async (label) => {
    const n = await page.getByRole('button', { name: buttonName(label) }).count();
    if (n > 0) throw new Error(`"${label}" is offered (${n}×)`);
  };
  // The day before the current quarter began (UTC, as the server counts days): the demo's merges had not happened.
  const today = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  // The demo replays the 2025 reform: the merges took effect on 1 July 2025.
  const beforeReformLabel = '30/06/2025';

  await check('admin undoes that merge: the agency is active again where it was, and says what came back', async () => {
    await selectAgency(code, name);
    if ((await nodeState(code)).parent !== 'VPCP') throw new Error(`the merged agency is under ${(await nodeState(code)).parent}`);
    await reorgButton('Hoàn tác hợp nhất').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Hoàn tác hợp nhất ${code} — ${name}`).waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận hoàn tác' }).click();
    await page.locator('.undo-merge-done').getByText(`Đã hoàn tác hợp nhất ${name}: trả lại 0 nhiệm vụ, 0 người dùng, 0 đơn vị trực thuộc`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await until(`${code} in the tree`, () => nodeState(code), (s) => s.parent === 'ROOT' && s.status === 'active');
    await detailsCard().locator('.ant-tag', { hasText: 'Đang hoạt động' }).waitFor();
    await filterTree('');
    await noToasts();
  });

  await check('admin picks the day before the 2025 reform: HG is a province of its own, read-only; back to today it is merged into TQ', async () => {
    const picker = page.locator('.as-of-field input');
    await picker.click();
    await picker.fill(beforeReformLabel);
    await picker.press('Enter');
    await page.waitForURL(/as_of=\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('as-of-banner').getByText(`Cơ cấu đơn vị như vào cuối ngày ${beforeReformLabel}`).waitFor();
    // At the root level, without filtering: the tree as it was.
    await until('HG on that day', () => nodeState('HG'), (s) => s.parent === 'ROOT' && s.status === 'active');
    await agencyNode('HG').click();
    await page.getByText('HG — Tỉnh Hà Giang', { exact: true }).first().waitFor();
    const card = detailsCard();
    await card.locator('.ant-tag', { hasText: 'Đang hoạt động' }).waitFor();
    await card.locator('tr').filter({ hasText: 'Đơn vị cấp trên' }).getByText('ROOT — Văn phòng Trung ương Đảng').waitFor();
    if ((await card.getByText('Sáp nhập vào').count()) > 0) throw new Error('HG shows a successor on that day');
    for (const label of ['Sửa', 'Thêm đơn vị trực thuộc', 'Hợp nhất', 'Giải thể', 'Hoàn tác hợp nhất', 'Xóa đơn vị']) await absentButton(label);
    await filterTree('HN-HANG');
    for (const ward of ['HN-HANGBAC', 'HN-HANGDAO']) await until(`${ward} on that day`, () => nodeState(ward), (s) => s.parent === 'HN' && s.status === 'active');
    await filterTree('');
    await page.getByLabel('Lọc theo mã hoặc tên đơn vị').blur();
    await page.mouse.move(1000, 700); // an empty spot: nothing hovered
    await page.waitForTimeout(300); // focus and hover styles fade
    await page.screenshot({ path: resolve(screenshots, 'agencies-as-of.png') });
    await page.getByTestId('as-of-banner').getByRole('button', { name: 'Về hôm nay' }).click();
    await page.getByTestId('as-of-banner').waitFor({ state: 'detached' });
    if (page.url().includes('as_of=')) throw new Error(`the date stays in the address: ${page.url()}`);
    await filterTree('HG');
    await until('HG today', () => nodeState('HG'), (s) => s.parent === 'TQ' && s.status === 'merged');
    await agencyNode('HG').locator('.ant-tag', { hasText: 'Đã sáp nhập' }).waitFor();
    await detailsCard().locator('tr').filter({ hasText: 'Sáp nhập vào' }).getByText('TQ — Tỉnh Tuyên Quang').waitFor();
    await reorgButton('Sửa').waitFor();
    await filterTree('HN-HANG');
    for (const ward of ['HN-HANGBAC', 'HN-HANGDAO']) await until(`${ward} today`, () => nodeState(ward), (s) => s.parent === 'HN-HOANKIEM' && s.status === 'merged');
    await filterTree('');
  });

  await check('undoing the demo merge of HG is refused in the dialog: changes were made since (409 written_since)', async () => {
    await selectAgency('HG', 'Tỉnh Hà Giang');
    await reorgButton('Hoàn tác hợp nhất').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Xác nhận hoàn tác' }).click();
    const refusal = dialog.locator('.reorg-refusal[data-code="written_since"]');
    await refusal.getByText('Không thể hoàn tác: đã có thay đổi kể từ khi hợp nhất.').waitFor();
    if (!/change\(s\)|thay đổi/.test(await refusal.innerText())) throw new Error(`the refusal says "${await refusal.innerText()}"`);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    if ((await nodeState('HG')).status !== 'merged') throw new Error('HG is no longer merged');
    await filterTree('');
  });

  await check('dissolving HN-BADINH, which has open work, is refused with what is still open, and nothing changes', async () => {
    await selectAgency('HN-BADINH', 'Phường Ba Đình');
    await reorgButton('Giải thể').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Giải thể HN-BADINH — Phường Ba Đình').waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận giải thể' }).click();
    const refusal = dialog.locator('.reorg-refusal[data-code="still_open"]');
    await refusal.getByText('Chưa thể giải thể: đơn vị vẫn còn việc đang mở', { exact: false }).waitFor();
    const text = await refusal.innerText();
    if (!/open task|active user/.test(text)) throw new Error(`the refusal does not say what is open: "${text}"`);
    console.log(`     refusal: ${text.split('\n').pop()}`);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await selectAgency('HN-BADINH', 'Phường Ba Đình');
    if ((await nodeState('HN-BADINH')).status !== 'active') throw new Error('HN-BADINH changed');
    await detailsCard().locator('.ant-tag', { hasText: 'Đang hoạt động' }).waitFor();
    await filterTree('');
  });

  await check('a new, empty agency is dissolved: it stays in the tree as "Đã giải thể"', async () => {
    const emptyCode = `${code}-GT`;
    const emptyName = `Đơn vị giải thể ${code}`;
    await selectAgency('ROOT', 'Văn phòng Trung ương Đảng');
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Mã đơn vị').fill(emptyCode);
    await form.getByLabel('Tên đơn vị').fill(emptyName);
    await form.locator('.ant-form-item').filter({ hasText: 'Loại đơn vị' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Khác"]').click();
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.waitFor({ state: 'hidden' });
    await noToasts();
    await selectAgency(emptyCode, emptyName);
    await reorgButton('Giải thể').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Xác nhận giải thể' }).click();
    await page.getByText(`Đã giải thể ${emptyName}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await until(`${emptyCode} in the tree`, () => nodeState(emptyCode), (s) => s.status === 'dissolved' && s.parent === 'ROOT');
    await agencyNode(emptyCode).locator('.ant-tag', { hasText: 'Đã giải thể' }).waitFor();
    await detailsCard().locator('.ant-tag', { hasText: 'Đã giải thể' }).waitFor();
    for (const label of ['Hợp nhất', 'Giải thể', 'Hoàn tác hợp nhất']) await absentButton(label);
    await filterTree('');
    await noToasts();
  });

  await check('an agency entered by mistake is deleted: it leaves the tree and its parent is shown', async () => {
    const wrongCode = `${code}-XOA`;
    const wrongName = `Đơn vị nhập nhầm ${code}`;
    await selectAgency('ROOT', 'Văn phòng Trung ương Đảng');
    await absentButton('Xóa đơn vị'); // the admin's own agency
    await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Mã đơn vị').fill(wrongCode);
    await form.getByLabel('Tên đơn vị').fill(wrongName);
    await form.locator('.ant-form-item').filter({ hasText: 'Loại đơn vị' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Khác"]').click();
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.waitFor({ state: 'hidden' });
    await noToasts();
    await selectAgency(wrongCode, wrongName);
    await reorgButton('Xóa đơn vị').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Xóa ${wrongCode} — ${wrongName}`).waitFor();
    await dialog.getByRole('button', { name: 'Xác nhận xóa' }).click();
    await page.getByText(`Đã xóa ${wrongName}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await filterTree('');
    await agencyNode(wrongCode).waitFor({ state: 'detached' });
    await detailsCard().locator('.ant-descriptions').getByText('ROOT', { exact: true }).waitFor();
    await noToasts();
  });

  await check('signing out returns to the login page and protects the app', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    await page.goto(`${baseUrl}/admin/agencies`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
  });


  const DEMO_PASSWORD = process.env.RESTRACK_E2E_DEMO_PASSWORD ?? 'Demo@2026!';
  const subCode = `57-NQ/TW.3.E${Date.now().toString(36).slice(-5).toUpperCase()}`;
  const subTitle = `Kiểm thử giao việc cấp phường ${subCode}`;
  const signIn = async (username, pw) => {
    if (!page.url().endsWith('/login')) await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(pw);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('current-user').waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login$/);
  };

  await check('planner kehoach.hn opens resolution 57-NQ/TW and sees its task tree', async () => {
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await page.getByRole('navigation').getByText('Nghị quyết').click();
    await page.waitForURL(/\/resolutions$/);
    await page.locator('.resolution-link[data-code="57-NQ/TW"]').click();
    await page.getByTestId('resolution-code').filter({ hasText: '57-NQ/TW' }).waitFor();
    await page.locator('.task-code[data-code="57-NQ/TW.3"]').waitFor();
    await page.locator('.task-code[data-code="57-NQ/TW.3.2.1"]').waitFor(); // expanded by default
    await page.locator('.health-tag').first().waitFor();
  });

  await check('planner decomposes 57-NQ/TW.3 with a sub-task for Phường Cầu Giấy and it appears in the tree', async () => {
    const row = page.locator('tr').filter({ has: page.locator('.task-code[data-code="57-NQ/TW.3"]') });
    await row.getByRole('button', { name: 'Thêm nhiệm vụ con' }).click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByLabel('Mã nhiệm vụ').fill(subCode);
    await drawer.getByLabel('Tên nhiệm vụ').fill(subTitle);
    // Lead agency: the TreeSelect offers only Hà Nội and the agencies below it.
    const lead = drawer.locator('.ant-form-item').filter({ hasText: 'Đơn vị chủ trì' });
    await lead.locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: 'Phường Cầu Giấy' }).click();
    await lead.locator('.ant-select-selection-item', { hasText: 'Phường Cầu Giấy' }).waitFor();
    await drawer.getByRole('button', { name: 'Lưu' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const created = page.locator(`.task-code[data-code="${subCode}"]`);
    await created.waitFor();
    const leadCell = page.locator('tr').filter({ has: created }).locator('.task-lead');
    const text = await leadCell.innerText();
    if (!text.includes('Phường Cầu Giấy')) throw new Error(`the new row's lead agency is "${text}", not Phường Cầu Giấy`);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await page.screenshot({ path: resolve(screenshots, 'resolution-tree.png'), fullPage: true });
    await signOut();
  });

  await check('planner kehoach.hn has "Chờ quyết định" in the menu and is told that nothing waits for Hà Nội\'s decision', async () => {
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: /Chờ quyết định/ }).click();
    await page.waitForURL(/\/decisions$/);
    await page.getByRole('heading', { name: 'Nhiệm vụ chờ quyết định' }).waitFor();
    await page.locator('.decisions-table').getByText('Không có nhiệm vụ nào đang chờ quyết định của đơn vị bạn').waitFor();
    if ((await page.getByRole('navigation').locator('.ant-badge-count').count()) > 0) throw new Error('the menu shows a count with nothing waiting');
    await page.locator('.decisions-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.mouse.move(1200, 10);
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(screenshots, 'decisions-empty.png') });
    await signOut();
  });

  const evidenceName = `bien-ban-${code}.pdf`;
  const evidencePdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

  await check('reporter baocao.badinh files a progress report on 57-NQ/TW.3.2.1 with a PDF attached and sees both in the timeline', async () => {
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await page.getByRole('navigation').getByText('Nhiệm vụ').click();
    await page.waitForURL(/\/tasks$/);
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').fill('57-NQ/TW.3.2.1');
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').press('Enter');
    await page.locator('.task-code[data-code="57-NQ/TW.3.2.1"]').click();
    await page.getByTestId('task-code').filter({ hasText: '57-NQ/TW.3.2.1' }).waitFor();
    const obstacle = `Thiếu kinh phí nâng cấp máy chủ (${code})`;
    const form = page.locator('form[id="report"]');
    await form.getByRole('spinbutton', { name: 'Tiến độ (%)' }).fill('82');
    await form.getByLabel('Kết quả thực hiện').fill('Đã số hóa thêm 120 hồ sơ.');
    await form.getByLabel('Khó khăn, vướng mắc').fill(obstacle);
    await form.getByLabel('Đề xuất, kiến nghị').fill('Đề nghị Thành phố bổ sung kinh phí.');
    // Evidence: a small PDF, uploaded at once to POST /attachments with the bearer token.
    await form.locator('input[type="file"]').setInputFiles({ name: evidenceName, mimeType: 'application/pdf', buffer: evidencePdf });
    await form.locator('.evidence-file[data-status="done"]').filter({ hasText: evidenceName }).waitFor();
    await form.getByRole('button', { name: 'Gửi báo cáo' }).click();
    // A filed report cannot be withdrawn: the confirmation names the task, the period and the progress.
    const confirm = page.getByRole('dialog').filter({ hasText: 'Gửi báo cáo tiến độ?' });
    const said = await confirm.innerText();
    if (!said.includes('57-NQ/TW.3.2.1') || !said.includes('tiến độ 82%')) throw new Error(`the confirmation reads "${said}"`);
    await confirm.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const filed = page.locator('.reports-timeline .report-item').filter({ hasText: obstacle });
    await filed.waitFor();
    await filed.getByRole('button', { name: `Tải về tệp ${evidenceName}` }).waitFor();
    await page.locator('.task-kpi .echart canvas').first().waitFor();
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await page.waitForTimeout(300); // the chart draws
    await page.screenshot({ path: resolve(screenshots, 'task.png'), fullPage: true });
  });

  await check('the task page of 57-NQ/TW.3.2.1 shows its KPI COMMUNE_ONLINE as a chart of approved values against targets', async () => {
    const kpis = page.getByTestId('task-kpis');
    await kpis.getByText('Chỉ tiêu (KPI) của nhiệm vụ (1)').waitFor();
    const kpi = kpis.locator('.task-kpi[data-code="COMMUNE_ONLINE"]');
    const canvas = kpi.locator('.echart canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    if (!box || box.width < 200 || box.height < 150) throw new Error(`the chart is ${box?.width}×${box?.height}`);
    const chartLabel = await kpi.locator('.echart').getAttribute('aria-label');
    if (!chartLabel?.includes('COMMUNE_ONLINE')) throw new Error(`the chart is labelled "${chartLabel}"`);
    const latest = await kpi.getByTestId('task-kpi-latest').innerText();
    if (!/mục tiêu \d/.test(latest)) throw new Error(`the latest figure reads "${latest}"`);
    await kpi.locator('.task-kpi-link').click();
    await page.getByTestId('indicator-code').filter({ hasText: 'COMMUNE_ONLINE' }).waitFor();
  });

  await check('reporter baocao.badinh types 150 % progress: refused next to the field, kept as typed, nothing filed; the audit trail names actions in Vietnamese', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await page.getByRole('navigation').getByText('Nhiệm vụ').click();
    await page.waitForURL(/\/tasks$/);
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').fill('57-NQ/TW.3.2.1');
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').press('Enter');
    await page.locator('.task-code[data-code="57-NQ/TW.3.2.1"]').click();
    await page.getByTestId('task-code').filter({ hasText: '57-NQ/TW.3.2.1' }).waitFor();
    const reports = page.locator('.reports-timeline .report-item');
    await reports.first().waitFor();
    const progressText = () => page.locator('.ant-descriptions .ant-progress-text').first().innerText();
    const before = { reports: await reports.count(), progress: await progressText() };
    const form = page.locator('form[id="report"]');
    const input = form.getByRole('spinbutton', { name: 'Tiến độ (%)' });
    await input.fill('150');
    await input.blur();
    await form.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await form.locator('.report-progress .ant-form-item-explain-error').filter({ hasText: 'Tiến độ phải từ 0 đến 100 %' }).waitFor();
    if ((await input.inputValue()) !== '150') throw new Error(`the field now reads "${await input.inputValue()}" (clamped)`);
    await page.waitForTimeout(500);
    if ((await page.getByRole('dialog').count()) > 0) throw new Error('a confirmation opened for 150 %');
    await page.reload();
    await page.getByTestId('task-code').filter({ hasText: '57-NQ/TW.3.2.1' }).waitFor();
    await reports.first().waitFor();
    const after = { reports: await reports.count(), progress: await progressText() };
    if (after.reports !== before.reports || after.progress !== before.progress) throw new Error(`something was filed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    // The audit trail: actions and object types by name, never a bare code such as status_change.
    await page.goto(`${baseUrl}/audit`);
    await page.getByRole('heading', { name: 'Nhật ký hệ thống' }).waitFor();
    const tags = page.locator('.ant-table-row .ant-tag[data-action]');
    await tags.first().waitFor();
    const shown = await tags.allInnerTexts();
    const raw = shown.filter((text) => /^[a-z]+(_[a-z]+)*$/.test(text.trim()));
    if (raw.length > 0) throw new Error(`the audit trail shows codes: ${raw.join(', ')}`);
    const created = page.locator('.ant-table-row .ant-tag[data-action="create"]').first();
    if ((await created.count()) > 0 && (await created.innerText()).trim() !== 'Tạo mới') throw new Error(`"create" reads "${await created.innerText()}"`);
    if ((await page.locator('.ant-pagination').getByText('/ trang').count()) === 0) throw new Error('the pagination is not in Vietnamese');
    await signOut();
  });

  // Indicators: the reporter enters this quarter's figure of COMMUNE_ONLINE (a new revision when one
  // exists) and submits it; Hà Nội's approver approves it from the queue and it counts.
  const now = new Date();
  const quarterLabel = `Quý ${Math.floor(now.getMonth() / 3) + 1}/${now.getFullYear()}`;
  const kpiValue = String(87 + (Date.now() % 12));
  const kpiNote = `Số liệu kiểm thử ${code}`;
  const openIndicator = async (indicatorCode) => {
    await page.getByRole('navigation').getByText('Chỉ tiêu', { exact: true }).click();
    await page.waitForURL(/\/indicators$/);
    await page.getByLabel('Tìm theo mã hoặc tên chỉ tiêu').fill(indicatorCode);
    await page.getByLabel('Tìm theo mã hoặc tên chỉ tiêu').press('Enter');
    await page.locator(`.indicator-link[data-code="${indicatorCode}"]`).click();
    await page.getByTestId('indicator-code').filter({ hasText: indicatorCode }).waitFor();
  };

  await check('reporter baocao.badinh enters this quarter\'s COMMUNE_ONLINE figure and submits it', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await openIndicator('COMMUNE_ONLINE');
    await page.getByText('Phiếu mô tả chỉ tiêu').waitFor();
    await page.locator('.echart canvas').first().waitFor();
    const form = page.locator('form[id="value-entry"]');
    await form.locator('.ant-select-selection-item', { hasText: quarterLabel }).waitFor(); // the current quarter by default
    await form.getByLabel('Giá trị (%)').fill(kpiValue);
    await form.getByLabel('Ghi chú').fill(kpiNote);
    await form.getByRole('button', { name: 'Gửi duyệt' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'Gửi duyệt số liệu?' });
    const said = await confirm.innerText();
    if (!said.includes('COMMUNE_ONLINE') || !said.includes(`${quarterLabel}: ${kpiValue}%`)) throw new Error(`the confirmation reads "${said}"`);
    await confirm.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByText(`Đã gửi duyệt số liệu kỳ ${quarterLabel}`).waitFor();
    const row = page.locator('.values-table tr').filter({ hasText: quarterLabel }).filter({ hasText: `${kpiValue}%` });
    await row.locator('.value-status[data-status="submitted"]').waitFor();
    await noToasts();
    await signOut();
  });

  await check('the province (planner kehoach.hn) sees the ward\'s PDF on 57-NQ/TW.3.2.1 with size and hash, and downloads it with the token', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await page.getByRole('navigation').getByText('Nhiệm vụ').click();
    await page.waitForURL(/\/tasks$/);
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').fill('57-NQ/TW.3.2.1');
    await page.getByLabel('Tìm theo mã hoặc tên nhiệm vụ').press('Enter');
    await page.locator('.task-code[data-code="57-NQ/TW.3.2.1"]').click();
    await page.getByTestId('task-code').filter({ hasText: '57-NQ/TW.3.2.1' }).waitFor();
    const item = page.locator('.reports-timeline .attachment-item').filter({ hasText: evidenceName });
    await item.waitFor();
    const size = (await item.locator('.attachment-size').innerText()).trim();
    if (size !== `${evidencePdf.length} B`) throw new Error(`the size reads "${size}"`);
    const hash = await item.locator('.attachment-hash').getAttribute('data-sha256');
    const shown = (await item.locator('.attachment-hash').innerText()).trim();
    if (!hash || hash.length !== 64 || shown !== hash.slice(0, 12)) throw new Error(`the hash reads "${shown}" for ${hash}`);
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: `Tải về tệp ${evidenceName}` }).click()]);
    if (download.suggestedFilename() !== evidenceName) throw new Error(`downloaded as ${download.suggestedFilename()}`);
    await signOut();
  });

  // What the approval will move: the KPI's rolled-up figure for Hà Nội this quarter (indicator page) and,
  // because COMMUNE_ONLINE drives 57-NQ/TW.3.2.1, Phường Ba Đình's cell of 57-NQ/TW on the overview heat map.
  const seriesFigure = async () => {
    await page.locator('.series-table tr.ant-table-row').first().waitFor();
    await page.locator('.series-table .ant-spin-blur').waitFor({ state: 'detached' });
    const row = page.locator('.series-table tr.ant-table-row').filter({ hasText: quarterLabel });
    return (await row.count()) === 0 ? null : (await row.locator('td').nth(1).innerText()).trim();
  };
  let before = {};

  await check('before approving, approver pheduyet.hn reads the figures the approval will change (heat map cell, KPI roll-up)', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('pheduyet.hn', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    const cell = heatCell('HN-BADINH', '57-NQ/TW');
    await cell.waitFor();
    before.heat = await cell.getAttribute('data-progress');
    if (before.heat === null) throw new Error('Phường Ba Đình has no progress in 57-NQ/TW');
    await openIndicator('COMMUNE_ONLINE');
    before.series = await seriesFigure();
    if (before.series === `${kpiValue}%`) throw new Error(`the roll-up already shows ${before.series}`);
    console.log(`     before: heat map ${before.heat}%, roll-up of ${quarterLabel} ${before.series ?? 'none'}`);
  });

  await check('approver pheduyet.hn approves it from the queue and it counts in the series', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('pheduyet.hn', DEMO_PASSWORD);
    await page.getByRole('navigation').getByText('Phê duyệt').click();
    await page.waitForURL(/\/approvals$/);
    const row = page
      .locator('.approvals-table tr')
      .filter({ has: page.locator('.queue-indicator[data-code="COMMUNE_ONLINE"]') })
      .filter({ hasText: 'Phường Ba Đình' })
      .filter({ hasText: quarterLabel });
    await row.filter({ hasText: `${kpiValue}%` }).waitFor();
    await page.locator('.approvals-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(500); // the loading veil fades out
    await page.screenshot({ path: resolve(screenshots, 'approvals.png') });
    await row.getByRole('button', { name: 'Duyệt' }).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText(`Đã duyệt số liệu kỳ ${quarterLabel}`).waitFor();
    await row.waitFor({ state: 'detached' });
    await openIndicator('COMMUNE_ONLINE');
    const valueRow = page.locator('.values-table tr').filter({ hasText: quarterLabel }).filter({ hasText: `${kpiValue}%` }).filter({ hasText: 'Phường Ba Đình' });
    await valueRow.locator('.value-status[data-status="approved"]').waitFor();
    await valueRow.getByText('Đang được tính').waitFor();
    await page.locator('.series-table tr').filter({ hasText: quarterLabel }).waitFor(); // the roll-up now has the period
    await noToasts();
    await page.screenshot({ path: resolve(screenshots, 'indicator.png'), fullPage: true });
  });

  await check('after the approval the KPI roll-up and the heat map cell it drives have changed', async () => {
    if (!page.url().includes('/indicators/')) await openIndicator('COMMUNE_ONLINE');
    const series = await until('the roll-up of this quarter', seriesFigure, (v) => v === `${kpiValue}%`);
    if (series === before.series) throw new Error(`the roll-up stayed ${series}`);
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    const cell = heatCell('HN-BADINH', '57-NQ/TW');
    const heat = await until('the heat map cell', () => cell.getAttribute('data-progress'), (v) => v !== null && v !== before.heat);
    console.log(`     after:  heat map ${heat}%, roll-up of ${quarterLabel} ${series}`);
  });

  // Directives (chỉ đạo): Hà Nội's planner directs Phường Ba Đình on its task, the ward's reporter answers,
  // the planner reads the answer and closes the directive. Only each directive's `actions` offer buttons.
  const wardTask = '57-NQ/TW.3.2.1';
  const directiveText = `Đề nghị phường báo cáo kết quả số hóa hồ sơ trước hạn (${code})`;
  const answerText = `Phường đã số hóa 95% hồ sơ, phần còn lại hoàn thành trong tuần (${code})`;
  const answerSecondLine = 'Đã giao Văn phòng UBND phường theo dõi.';
  const vnDate = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  const inDays = (n) => new Date(today.getFullYear(), today.getMonth(), today.getDate() + n);
  const directiveDue = vnDate(inDays(3));
  const directiveItem = () => page.getByTestId('task-directives').locator('.directive-item').filter({ hasText: directiveText });
  const openWardTask = async () => {
    await page.goto(`${baseUrl}/tasks?q=${encodeURIComponent(wardTask)}`);
    await page.locator(`.task-code[data-code="${wardTask}"]`).click();
    await page.getByTestId('task-code').filter({ hasText: wardTask }).waitFor();
    await page.getByTestId('task-directives').locator('.ant-card-head-title', { hasText: /Chỉ đạo \(\d+\)/ }).waitFor(); // the thread is loaded
  };
  const notOffered = async (scope, label) => {
    const n = await scope.getByRole('button', { name: label, exact: true }).count();
    if (n > 0) throw new Error(`"${label}" is offered (${n}×)`);
  };

  await check('planner kehoach.hn directs Phường Ba Đình on 57-NQ/TW.3.2.1: a past due date is refused with the reason, then the directive is sent and reads "Chờ trả lời" with its dates in dd/mm/yyyy', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await openWardTask();
    const form = page.locator('form[id="issue-directive"]');
    await form.getByText('Chỉ đạo gửi tới đơn vị chủ trì Phường Ba Đình.').waitFor();
    await form.getByLabel('Nội dung chỉ đạo').fill(directiveText);
    const due = form.getByLabel('Hạn trả lời');
    await due.click();
    // antd's own texts follow the language too (its locale module, not only the app's strings).
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').getByText('Hôm nay', { exact: true }).waitFor();
    await due.fill(vnDate(inDays(-1)));
    await due.press('Enter'); // confirms the typed date and submits the form
    await form.getByText(`Hạn trả lời không được trước hôm nay (${vnDate(today)}).`).waitFor();
    if ((await directiveItem().count()) > 0) throw new Error('a directive with a past due date was sent');
    if ((await due.inputValue()) !== vnDate(inDays(-1))) throw new Error('the refused date was changed');
    await due.fill(directiveDue);
    await due.press('Enter');
    await page.getByText('Đã gửi chỉ đạo').waitFor();
    const item = directiveItem();
    await item.waitFor();
    if ((await item.count()) !== 1) throw new Error(`the directive is listed ${await item.count()}×`);
    await item.locator('.directive-status', { hasText: 'Chờ trả lời' }).waitFor();
    await item.locator('.directive-issuer', { hasText: 'Thành phố Hà Nội' }).waitFor();
    await item.getByText(`Hạn trả lời: ${directiveDue}`).waitFor();
    const issued = (await item.locator('.directive-issued').innerText()).trim();
    if (!new RegExp(`^Ngày chỉ đạo: ${vnDate(today)} \\d\\d:\\d\\d$`).test(issued)) throw new Error(`the issue date reads "${issued}"`);
    await item.getByText('Đơn vị chủ trì chưa trả lời.').waitFor();
    if ((await item.locator('.directive-overdue').count()) > 0) throw new Error('a directive due later is marked overdue');
    await item.getByRole('button', { name: 'Kết thúc chỉ đạo', exact: true }).waitFor(); // the issuing agency closes
    await notOffered(item, 'Trả lời'); // only the lead agency answers
    if ((await form.getByLabel('Nội dung chỉ đạo').inputValue()) !== '') throw new Error('the form keeps the sent text');
    await noToasts();
    await signOut();
  });

  await check('ward approver pheduyet.badinh reads the directive (from Thành phố Hà Nội, named by the server) but is offered no answer, no close and no new directive', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('pheduyet.badinh', DEMO_PASSWORD);
    await openWardTask();
    const item = directiveItem();
    await item.locator('.directive-status', { hasText: 'Chờ trả lời' }).waitFor();
    // Hà Nội is above the ward's subtree: the server names it, and who issued it.
    await item.locator('.directive-issuer', { hasText: 'Thành phố Hà Nội' }).waitFor();
    await item.locator('.directive-issued-by').waitFor();
    if ((await item.getByText('Đơn vị cấp trên').count()) > 0) throw new Error('the issuer is shown as "Đơn vị cấp trên"');
    await notOffered(item, 'Trả lời');
    await notOffered(item, 'Kết thúc chỉ đạo');
    if ((await page.locator('form[id="issue-directive"]').count()) > 0) throw new Error('the lead agency is offered a directive form');
    await signOut();
  });

  await check('ward reporter baocao.badinh answers it: a control character is refused with the reason, then a two-line answer shows with its line break and the status reads "Đã trả lời"', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await openWardTask();
    const item = directiveItem();
    await item.waitFor();
    await notOffered(item, 'Kết thúc chỉ đạo');
    if ((await page.locator('form[id="issue-directive"]').count()) > 0) throw new Error('the lead agency is offered a directive form');
    await item.getByRole('button', { name: 'Trả lời', exact: true }).click();
    const box = item.getByLabel('Nội dung trả lời');
    await box.fill('Dòng thứ nhất\u0007');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await item.getByText('Nội dung trả lời chứa ký tự điều khiển không được chấp nhận (chỉ cho phép xuống dòng và tab).').waitFor();
    if ((await box.inputValue()) !== 'Dòng thứ nhất\u0007') throw new Error('the refused answer was changed');
    await box.fill(`${answerText}\n${answerSecondLine}`); // line breaks are allowed (validate::text)
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await page.getByText('Đã gửi trả lời').waitFor();
    await item.locator('.directive-status', { hasText: 'Đã trả lời' }).waitFor();
    await item.locator('.directive-answer').getByText(answerText).waitFor();
    const shownAnswer = await item.locator('.directive-answer-text').innerText();
    if (shownAnswer !== `${answerText}\n${answerSecondLine}`) throw new Error(`the answer reads ${JSON.stringify(shownAnswer)}`);
    await item.locator('.directive-answer').getByText(`Trả lời lúc ${vnDate(today)}`, { exact: false }).waitFor();
    await item.getByRole('button', { name: 'Sửa câu trả lời', exact: true }).waitFor(); // revisable until closed
    await notOffered(item, 'Kết thúc chỉ đạo');
    await noToasts();
    await signOut();
  });

  await check('planner kehoach.hn sees the answer and closes the directive: it reads "Đã kết thúc" and nothing more is offered', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await openWardTask();
    const item = directiveItem();
    await item.locator('.directive-status', { hasText: 'Đã trả lời' }).waitFor();
    await item.locator('.directive-answer').getByText(answerText).waitFor();
    await notOffered(item, 'Trả lời');
    await notOffered(item, 'Sửa câu trả lời');
    await item.getByRole('button', { name: 'Kết thúc chỉ đạo', exact: true }).click();
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await confirm.getByText('Sau khi kết thúc, đơn vị chủ trì không thể trả lời thêm.').waitFor();
    await until('the confirmation to finish opening', () => confirm.getAttribute('class'), (c) => !/-(appear|enter)\b/.test(c ?? ''));
    await confirm.getByRole('button', { name: 'Kết thúc chỉ đạo' }).click();
    await page.getByText('Đã kết thúc chỉ đạo').waitFor();
    await item.locator('.directive-status', { hasText: 'Đã kết thúc' }).waitFor();
    await item.getByText(`Kết thúc lúc ${vnDate(today)}`, { exact: false }).waitFor();
    await item.locator('.directive-answer').getByText(answerText).waitFor();
    await notOffered(item, 'Kết thúc chỉ đạo');
    await notOffered(item, 'Trả lời');
    await page.locator('form[id="issue-directive"]').waitFor(); // a new directive can still be issued
    await noToasts();
    await page.getByTestId('task-directives').scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'directives.png'), fullPage: true });
    await signOut();
  });

  await check('after closing, the ward reporter baocao.badinh can no longer revise the answer', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await openWardTask();
    const item = directiveItem();
    await item.locator('.directive-status', { hasText: 'Đã kết thúc' }).waitFor();
    await item.locator('.directive-answer').getByText(answerText).waitFor();
    await notOffered(item, 'Sửa câu trả lời');
    await notOffered(item, 'Trả lời');
    await signOut();
  });

  // Tablet width, one role at a time: what docs/roles.md does not allow the role is not offered.
  const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  const desktopPage = page;
  page = await tablet.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const fitsWidth = async () => {
    const { scroll, width } = await page.locator('html').evaluate((html) => ({ scroll: html.scrollWidth, width: html.clientWidth }));
    if (scroll > width) throw new Error(`the page is ${scroll}px wide in a ${width}px window`);
    const shell = await page.locator('.app-shell').boundingBox();
    if (!shell || shell.x + shell.width > width + 0.5) throw new Error(`the shell reaches ${shell ? shell.x + shell.width : '?'}px in a ${width}px window`);
  };
  const menuLabels = () => page.getByRole('navigation').locator('li').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
  const absent = async (name) => {
    const n = await page.getByRole('button', { name: buttonName(name) }).count();
    if (n > 0) throw new Error(`"${name}" is offered (${n}×)`);
  };
  const openTask = async (taskCode) => {
    await page.goto(`${baseUrl}/tasks?q=${encodeURIComponent(taskCode)}`);
    await page.locator(`.task-code[data-code="${taskCode}"]`).click();
    await page.getByTestId('task-code').filter({ hasText: taskCode }).waitFor();
    // The resolution is loaded (its code in the breadcrumb), so the buttons are decided.
    await page.locator('.page-breadcrumb').getByRole('link', { name: taskCode.split('.')[0], exact: true }).waitFor();
  };
  const openIndicatorByUrl = async (indicatorCode) => {
    await page.goto(`${baseUrl}/indicators`);
    await page.getByLabel('Tìm theo mã hoặc tên chỉ tiêu').fill(indicatorCode);
    await page.getByLabel('Tìm theo mã hoặc tên chỉ tiêu').press('Enter');
    await page.locator(`.indicator-link[data-code="${indicatorCode}"]`).click();
    await page.getByTestId('indicator-code').filter({ hasText: indicatorCode }).waitFor();
    await page.locator('.values-table tr.ant-table-row').first().waitFor();
    await page.locator('.values-table .ant-spin-blur').waitFor({ state: 'detached' });
  };

  await check('reporter baocao.badinh at 768×1024: the overview fits, the heat map explains there is no child agency, and no agency admin or approval controls', async () => {
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    await page.goto(`${baseUrl}/overview`);
    await page.getByTestId('tile-tasks').waitFor();
    await page.locator('.heatmap-card').getByText('Đơn vị này không có đơn vị trực thuộc').waitFor();
    await fitsWidth();
    const menu = await menuLabels();
    for (const label of ['Quản trị', 'Phê duyệt', 'Chờ quyết định']) if (menu.includes(label)) throw new Error(`the menu offers "${label}"`);
    if (!menu.includes('Nhập dữ liệu')) throw new Error('the menu lacks "Nhập dữ liệu" (reporters import)');
    await page.goto(`${baseUrl}/admin/agencies`);
    await page.getByText('Bạn không có quyền truy cập trang này').waitFor();
    await absent('Thêm đơn vị trực thuộc');
    await page.goto(`${baseUrl}/approvals`);
    await page.getByText('Bạn không có quyền truy cập trang này').waitFor();
    await openTask('57-NQ/TW.3.2.1');
    await page.locator('form[id="report"]').waitFor(); // its own task: reporting is allowed
    await page.locator('.task-kpi .echart canvas').first().waitFor();
    await absent('Thêm nhiệm vụ con');
    await fitsWidth();
    await openIndicatorByUrl('COMMUNE_ONLINE');
    await page.locator('form[id="value-entry"]').waitFor(); // its own series: entry is allowed
    await absent('Duyệt');
    await absent('Trả lại');
    await fitsWidth();
    await signOut();
  });

  await check('leader lanhdao.tw (viewer) at 768×1024: the overview and heat map fit, the audit trail opens, and no admin, approvals, decisions (Chờ quyết định) or import menu, value entry, approval, report, status or acknowledge controls', async () => {
    await signIn('lanhdao.tw', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    await page.goto(`${baseUrl}/overview`);
    await page.getByTestId('tile-tasks').waitFor();
    await page.getByTestId('evaluation-card').getByText('Chưa hoàn thành quá hạn', { exact: true }).waitFor(); // reading the evaluation is allowed
    await page.locator('.heatmap a.heat-cell').first().waitFor();
    await fitsWidth();
    const menu = await menuLabels();
    for (const label of ['Quản trị', 'Phê duyệt', 'Nhập dữ liệu', 'Chờ quyết định']) if (menu.includes(label)) throw new Error(`the menu offers "${label}"`);
    // Everyone reads the audit trail of their subtree (me.actions.read_audit).
    if (!menu.includes('Nhật ký hệ thống')) throw new Error('the menu lacks "Nhật ký hệ thống"');
    for (const path of ['/admin/users', '/admin/agencies', '/approvals', '/imports', '/decisions']) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByText('Bạn không có quyền truy cập trang này').waitFor();
    }
    await page.goto(`${baseUrl}/admin/audit`); // the old address of the audit trail
    await page.waitForURL(/\/audit$/);
    await page.getByRole('heading', { name: 'Nhật ký hệ thống' }).waitFor();
    await openTask('57-NQ/TW.3.2.1');
    await page.locator('.task-kpi .echart canvas').first().waitFor(); // reading is allowed
    if ((await page.locator('form[id="report"]').count()) > 0) throw new Error('the progress report form is offered');
    for (const name of ['Gửi báo cáo', 'Hoàn thành', 'Tạm dừng', 'Hủy nhiệm vụ', 'Thêm nhiệm vụ con', 'Gửi chỉ đạo', 'Trả lời', 'Kết thúc chỉ đạo']) await absent(name);
    await fitsWidth();
    await openTask('57-NQ/TW.3');
    await page.getByTestId('task-kpis').getByText('Nhiệm vụ này chưa gắn chỉ tiêu nào').waitFor();
    await openIndicatorByUrl('COMMUNE_ONLINE');
    if ((await page.locator('form[id="value-entry"]').count()) > 0) throw new Error('the value entry form is offered');
    for (const name of ['Duyệt', 'Trả lại', 'Gửi duyệt', 'Lưu nháp']) await absent(name);
    await fitsWidth();
    await page.goto(`${baseUrl}/alerts`);
    await page.locator('.alerts-table .alert-severity').first().waitFor();
    await absent('Đã nắm');
    await absent('Đánh giá ngay');
    await signOut();
  });

  await tablet.close();
  page = desktopPage;

  // Completion (xác nhận hoàn thành), after the directive and tablet steps, which need the task in progress:
  // the ward proposes with a result and evidence, Hà Nội's planner opens the file and accepts.
  const completionSummary = `Đã số hóa 100% hồ sơ thủ tục hành chính (${code})`;
  const completionSecondLine = 'Toàn bộ hồ sơ được giải quyết trực tuyến từ tháng 11.';
  const completionFile = `ket-qua-${code}.pdf`;
  const completionPanel = () => page.getByTestId('task-completion');

  await check('ward reporter baocao.badinh is offered no "Hoàn thành"/"Hủy nhiệm vụ" status buttons, and proposes completion of 57-NQ/TW.3.2.1 with a PDF: it waits for acceptance', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await openWardTask();
    await page.locator('form[id="propose-completion"]').waitFor();
    for (const label of ['Hoàn thành', 'Hủy nhiệm vụ', 'Hủy']) await notOffered(page, label);
    await page.locator('form[id="task-request"]').waitFor(); // extensions and cancellations are requested instead
    const form = page.locator('form[id="propose-completion"]');
    await form.getByRole('button', { name: 'Gửi đề nghị xác nhận' }).click();
    await form.getByText('Vui lòng nhập kết quả đạt được').waitFor(); // required, explained
    await form.getByLabel('Kết quả đạt được').fill(`${completionSummary}\n${completionSecondLine}`);
    await form.locator('input[type="file"]').setInputFiles({ name: completionFile, mimeType: 'application/pdf', buffer: evidencePdf });
    await form.locator('.evidence-file[data-status="done"]').filter({ hasText: completionFile }).waitFor();
    await form.getByRole('button', { name: 'Gửi đề nghị xác nhận' }).click();
    await page.getByText('Đã gửi đề nghị xác nhận hoàn thành').waitFor();
    const pending = completionPanel().locator('.completion-pending');
    await pending.getByText(completionSummary).waitFor();
    await pending.locator('.completion-status', { hasText: 'Chờ xác nhận' }).waitFor();
    const proposed = (await pending.locator('.completion-proposed').innerText()).trim();
    if (!new RegExp(`^Đề nghị của .+ lúc ${vnDate(today)} \\d\\d:\\d\\d$`).test(proposed)) throw new Error(`the proposal reads "${proposed}"`);
    await pending.getByRole('button', { name: `Tải về tệp ${completionFile}` }).waitFor();
    await pending.getByText('Đang chờ đơn vị giao nhiệm vụ xác nhận.').waitFor();
    await notOffered(pending, 'Xác nhận hoàn thành'); // the lead agency does not accept its own work
    await notOffered(pending, 'Trả lại');
    await page.locator('.page-header').getByText('Chờ xác nhận hoàn thành').waitFor();
    if ((await page.locator('form[id="propose-completion"]').count()) > 0) throw new Error('a second proposal is offered while one waits');
    await noToasts();
    await completionPanel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'task-completion-proposed.png'), fullPage: true });
    await signOut();
  });

  await check('planner kehoach.hn sees the proposal waiting, opens its file list and downloads the PDF, accepts it: the task reads "Đã hoàn thành" with who accepted and when', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    await signIn('kehoach.hn', DEMO_PASSWORD);
    await openWardTask();
    await page.locator('.page-header').getByText('Chờ xác nhận hoàn thành').waitFor();
    const pending = completionPanel().locator('.completion-pending');
    await pending.getByText(completionSummary).waitFor();
    const shownSummary = await pending.locator('.completion-summary').innerText();
    if (shownSummary !== `${completionSummary}\n${completionSecondLine}`) throw new Error(`the summary reads ${JSON.stringify(shownSummary)}`);
    const file = pending.locator('.attachment-item').filter({ hasText: completionFile });
    await file.waitFor();
    const size = (await file.locator('.attachment-size').innerText()).trim();
    if (size !== `${evidencePdf.length} B`) throw new Error(`the size reads "${size}"`);
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: `Tải về tệp ${completionFile}` }).click()]);
    if (download.suggestedFilename() !== completionFile) throw new Error(`downloaded as ${download.suggestedFilename()}`);
    await pending.getByRole('button', { name: 'Trả lại', exact: true }).waitFor();
    await pending.getByRole('button', { name: 'Xác nhận hoàn thành', exact: true }).click();
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await confirm.getByText(`Xác nhận nhiệm vụ ${wardTask} đã hoàn thành?`).waitFor();
    await until('the confirmation to finish opening', () => confirm.getAttribute('class'), (c) => !/-(appear|enter)\b/.test(c ?? ''));
    await confirm.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await page.getByText('Đã xác nhận hoàn thành').waitFor();
    await page.locator('.page-header').getByText('Đã hoàn thành', { exact: true }).waitFor();
    const line = completionPanel().locator('.completion-accepted');
    await line.waitFor();
    const accepted = (await line.innerText()).trim();
    if (!new RegExp(`^Hoàn thành ngày ${vnDate(today)}, xác nhận bởi .+ ngày ${vnDate(today)} \\d\\d:\\d\\d$`).test(accepted)) throw new Error(`the acceptance reads "${accepted}"`);
    await completionPanel().locator('.task-evaluation', { hasText: 'Hoàn thành đúng hạn' }).waitFor();
    const history = completionPanel().locator('.completion-item[data-status="accepted"]');
    await history.locator('.completion-status', { hasText: 'Đã xác nhận' }).waitFor();
    await notOffered(completionPanel(), 'Xác nhận hoàn thành');
    await notOffered(completionPanel(), 'Trả lại');
    await noToasts();
    await completionPanel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'task-completion-accepted.png'), fullPage: true });
    await signOut();
  });

  // The reporting regime: My work, the bell, notification settings, calendars, bulk approvals, unlocks.
  // Expectations are read from the API as the same user, so that the checks follow the demo data.
  const apiCall = async (method, path, token, body) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const tokenOf = async (username, pw) => {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pw }) });
    if (!response.ok) throw new Error(`cannot sign ${username} in through the API (${response.status})`);
    return (await response.json()).access_token;
  };
  const vnIso = (iso) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : null);
  const workBadge = () => page.getByRole('navigation').locator('.ant-menu-item').filter({ hasText: 'Việc cần làm' }).locator('.menu-badge');
  const bellCount = async () => Number(await page.getByTestId('bell').getAttribute('data-unread'));
  const settle = async (selector) => {
    await page.locator(`${selector} .ant-spin-blur`).waitFor({ state: 'detached' });
    await page.mouse.move(1200, 10);
    await page.waitForTimeout(400);
  };

  await check('reporter baocao.hn lands on "Việc cần làm": each item has its kind, period and due date in dd/mm/yyyy, the filters and the menu badge count them, and an item opens its page', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    const work = (await apiCall('GET', '/me/work', await tokenOf('baocao.hn', DEMO_PASSWORD))).body;
    if (work.counts.total === 0) throw new Error('the demo data gives baocao.hn nothing to do (GET /me/work)');
    await signIn('baocao.hn', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    await page.getByRole('heading', { name: 'Việc cần làm' }).waitFor();
    const badge = (await workBadge().innerText()).trim();
    if (badge !== String(work.counts.total)) throw new Error(`the menu badge reads "${badge}", GET /me/work counts ${work.counts.total}`);
    const danger = (await workBadge().getAttribute('class')).includes('menu-badge-danger');
    if (danger !== work.counts.overdue > 0) throw new Error(`the badge is ${danger ? '' : 'not '}red with ${work.counts.overdue} overdue`);
    await page.locator('.work-filters').getByText(`Tất cả (${work.counts.total})`).waitFor();
    const rows = page.locator('.work-table tr.work-item');
    await rows.first().waitFor();
    const shown = Math.min(work.items.length, 20);
    if ((await rows.count()) !== shown) throw new Error(`${await rows.count()} rows for ${shown} items`);
    for (let i = 0; i < shown; i += 1) {
      const item = work.items[i];
      const row = rows.nth(i);
      await row.getByText(item.title, { exact: true }).waitFor();
      const due = (await row.locator('td').nth(3).innerText()).trim();
      const expected = vnIso(item.due_date) ?? 'Không có hạn';
      if (due !== expected) throw new Error(`"${item.title}" is due "${due}", not ${expected}`);
      if (item.due_date && !/^\d\d\/\d\d\/\d{4}$/.test(due)) throw new Error(`the due date "${due}" is not dd/mm/yyyy`);
      if (item.overdue) await row.locator('.work-overdue').waitFor();
      if (item.locked) await row.getByText('Đã khóa').waitFor();
    }
    await page.screenshot({ path: resolve(screenshots, 'my-work-reporter.png') });
    await rows.first().click();
    await page.waitForURL((url) => url.pathname === work.items[0].link);
  });

  await check('ward reporter baocao.badinh: the bell shows the unread count, opening a notification marks it read and lowers the count, and "Đánh dấu đã đọc tất cả" clears it', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    const token = await tokenOf('baocao.badinh', DEMO_PASSWORD);
    const { unread } = (await apiCall('GET', '/me/notifications?unread=true&limit=1', token)).body;
    if (unread < 1) throw new Error('baocao.badinh has no unread notification (the directive and the acceptance should have made some)');
    await signIn('baocao.badinh', DEMO_PASSWORD);
    await until('the bell count', bellCount, (n) => n === unread);
    await page.getByRole('button', { name: `${unread} thông báo chưa đọc` }).waitFor();
    await page.getByTestId('bell').click();
    const panel = page.getByTestId('bell-panel');
    const first = panel.locator('.bell-item-unread').first();
    await first.waitFor();
    const when = (await first.locator('.bell-item-time').innerText()).trim();
    if (!/^\d\d\/\d\d\/\d{4} \d\d:\d\d/.test(when)) throw new Error(`the notification is dated "${when}"`);
    const id = await first.getAttribute('data-id');
    const latest = (await apiCall('GET', '/me/notifications?limit=10', token)).body.items;
    const link = latest.find((n) => n.id === id)?.link;
    await first.click();
    if (link) await page.waitForURL((url) => url.pathname === link);
    await until('the bell count after opening one', bellCount, (n) => n === unread - 1);
    if (unread - 1 > 0) {
      await page.getByTestId('bell').click();
      await panel.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
      await page.getByText('Đã đánh dấu đọc tất cả thông báo').waitFor();
      await until('the bell count after marking all read', bellCount, (n) => n === 0);
      await page.getByTestId('bell').click(); // closes the list
    }
    const after = (await apiCall('GET', '/me/notifications?unread=true&limit=1', token)).body.unread;
    if (after !== 0) throw new Error(`the server still counts ${after} unread`);
    await noToasts();
  });

  await check('baocao.badinh\'s notification settings: the page says the server sends no mail, an invalid address is refused with the server\'s reason, a valid one is saved', async () => {
    const settings = (await apiCall('GET', '/me/notification-settings', await tokenOf('baocao.badinh', DEMO_PASSWORD))).body;
    await page.getByRole('navigation').getByText('Tài khoản').click();
    await page.waitForURL(/\/account$/);
    const card = page.locator('.notification-settings');
    if (!settings.mail_enabled) await card.getByText(/Máy chủ chưa được cấu hình gửi thư điện tử/).waitFor();
    const email = card.getByLabel('Địa chỉ thư điện tử');
    await email.fill('baocao.badinh@');
    await card.getByText('Tổng hợp hằng ngày').click();
    await card.getByRole('button', { name: 'Lưu' }).click();
    await card.getByText('Địa chỉ thư điện tử sai định dạng.').waitFor();
    if ((await email.inputValue()) !== 'baocao.badinh@') throw new Error('the address was changed');
    await email.fill('baocao.badinh@hanoi.gov.vn');
    await card.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu thiết lập nhận thông báo').waitFor();
    const saved = (await apiCall('GET', '/me/notification-settings', await tokenOf('baocao.badinh', DEMO_PASSWORD))).body;
    if (saved.email !== 'baocao.badinh@hanoi.gov.vn' || saved.notify !== 'digest') throw new Error(`the server has ${JSON.stringify(saved)}`);
    await noToasts();
    await signOut();
  });

  const calendarCard = () => page.getByTestId('calendar-card');
  await check('admin sets COMMUNE_ONLINE\'s reporting calendar on the card: out-of-range days and an approval before the latest report are refused with the reason, then it is saved and the recent periods show their deadlines in dd/mm/yyyy, the old ones "Đã khóa"', async () => {
    await signIn('admin', password);
    await openIndicator('COMMUNE_ONLINE');
    // Loaded (a button either way), so that counting the buttons below does not race the card's load.
    await calendarCard().getByRole('button', { name: /(Sửa|Đặt) lịch báo cáo$/ }).waitFor();
    if (await calendarCard().getByRole('button', { name: buttonName('Xóa lịch báo cáo') }).count()) {
      await calendarCard().getByRole('button', { name: buttonName('Sửa lịch báo cáo') }).click();
    } else {
      await calendarCard().getByText(/Chỉ tiêu chưa có lịch báo cáo riêng/).waitFor();
      await calendarCard().getByRole('button', { name: buttonName('Đặt lịch báo cáo') }).click();
    }
    const dialog = page.getByRole('dialog');
    const reportDays = dialog.getByLabel('Hạn báo cáo', { exact: true });
    await reportDays.fill('400');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Nhập một số nguyên từ 0 đến 366 (số ngày sau khi kết thúc kỳ).').first().waitFor();
    if ((await reportDays.inputValue()) !== '400') throw new Error('the days were clamped');
    await reportDays.fill('15');
    // One line of its own for communes: the demo's lines (ministries, provinces, communes) go first.
    while ((await dialog.locator('.calendar-level-row').count()) > 0) {
      await dialog.locator('.calendar-level-row').first().getByRole('button', { name: 'Bỏ hạn riêng của cấp này' }).click();
    }
    await dialog.getByRole('button', { name: buttonName('Thêm hạn riêng cho một cấp') }).click();
    await dialog.locator('.calendar-level-row .ant-select-selector').first().click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Xã, phường"]').click();
    await dialog.getByLabel('Số ngày sau khi kết thúc kỳ').first().fill('20');
    await dialog.getByLabel('Hạn phê duyệt', { exact: true }).fill('18');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Hạn phê duyệt (18 ngày) không được sớm hơn hạn báo cáo muộn nhất (20 ngày).').waitFor();
    await dialog.getByLabel('Hạn phê duyệt', { exact: true }).fill('30');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Đã lưu lịch báo cáo').waitFor();
    await calendarCard().getByText('15 ngày sau khi kết thúc kỳ').waitFor();
    await calendarCard().getByText('Xã, phường: 20 ngày').waitFor();
    await calendarCard().getByText('30 ngày sau khi kết thúc kỳ; sau đó kỳ bị khóa').waitFor();
    const calendar = (await apiCall('GET', `/indicators/${page.url().split('/').pop()}/calendar`, await tokenOf('admin', password))).body;
    const rows = calendarCard().locator('.calendar-periods tr.ant-table-row');
    await until('the periods table', () => rows.count(), (n) => n === calendar.periods.length);
    for (const [i, p] of calendar.periods.entries()) {
      const text = await rows.nth(i).innerText();
      for (const d of [p.period_end, p.report_due, p.levels[0]?.report_due, p.approval_due]) if (d && !text.includes(vnIso(d))) throw new Error(`${p.period}'s row "${text}" lacks ${vnIso(d)}`);
      if (p.locked !== text.includes('Đã khóa')) throw new Error(`${p.period} is ${p.locked ? '' : 'not '}locked, its row reads "${text}"`);
    }
    if (!calendar.periods.some((p) => p.locked)) throw new Error('no recent period is locked with 30 approval days');
    await noToasts();
    await calendarCard().scrollIntoViewIfNeeded();
    await calendarCard().screenshot({ path: resolve(screenshots, 'indicator-calendar.png') });
  });

  await check('admin sets 57-NQ/TW\'s progress-report calendar: a due day of 31 is refused, then the resolution reads "Báo cáo tiến độ hằng tháng, hạn ngày 20"', async () => {
    await page.getByRole('navigation').getByText('Nghị quyết').click();
    await page.locator('.resolution-link[data-code="57-NQ/TW"]').click();
    const value = page.getByTestId('report-calendar');
    await value.waitFor();
    await value.getByRole('button', { name: /Đặt lịch báo cáo|Sửa lịch báo cáo/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select-selector').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Hằng tháng"]').click();
    await dialog.getByLabel(/Hạn nộp/).fill('31');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Nhập một số nguyên từ 1 đến 28.').waitFor();
    await dialog.getByLabel(/Hạn nộp/).fill('20');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await value.getByText('Báo cáo tiến độ hằng tháng, hạn ngày 20').waitFor();
    await noToasts();
    await signOut();
  });

  await check('approver pheduyet.hn: "Việc cần làm" shows the figures waiting for approval with their deadlines and how overdue they are', async () => {
    const work = (await apiCall('GET', '/me/work', await tokenOf('pheduyet.hn', DEMO_PASSWORD))).body;
    await signIn('pheduyet.hn', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    const rows = page.locator('.work-table tr.work-item');
    await until('the to-do list', () => rows.count(), (n) => n === Math.min(work.items.length, 20));
    const toApprove = work.counts.figure_to_approve;
    if (toApprove > 0) await page.locator('.work-filters').getByText(`Số liệu chờ duyệt (${toApprove})`).waitFor();
    const overdue = work.items.find((i) => i.overdue && i.due_date);
    if (overdue) {
      const days = Math.round((Date.parse(work.today) - Date.parse(overdue.due_date)) / 86_400_000);
      await rows.filter({ hasText: overdue.title }).first().getByText(`Quá hạn ${days} ngày`).waitFor();
    }
    await settle('.work-table');
    await page.screenshot({ path: resolve(screenshots, 'my-work.png') });
  });

  await check('approver pheduyet.hn selects the page of figures and approves them at once: one decided meanwhile by another approver is refused and explained, nothing is decided; without it, the rest are approved', async () => {
    await page.getByRole('navigation').getByText('Phê duyệt').click();
    await page.waitForURL(/\/approvals$/);
    await page.locator('.approvals-table tr.ant-table-row').first().waitFor();
    await settle('.approvals-table');
    const enabled = page.locator('.approvals-table tr.ant-table-row input[type="checkbox"]:not([disabled])');
    const selectable = await enabled.count();
    if (selectable < 2) throw new Error(`only ${selectable} figure(s) of the demo data wait for pheduyet.hn's approval; two are needed`);
    // Every row shows its deadline, and submitted figures say whether they were on time.
    for (const text of await page.locator('.approvals-table tr.ant-table-row .value-deadline').allInnerTexts()) {
      if (!/^\d\d\/\d\d\/\d{4}/.test(text.trim())) throw new Error(`a deadline reads "${text}"`);
      if (!/Đúng hạn|Trễ hạn/.test(text)) throw new Error(`a submitted figure has no timeliness tag: "${text}"`);
    }
    await page.getByRole('button', { name: 'Chọn cả trang' }).click();
    await page.getByRole('button', { name: `Duyệt ${selectable} mục đã chọn` }).waitFor();
    const ids = await page.locator('.approvals-table tr.ant-table-row:has(input[type="checkbox"]:checked)').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key')));
    // Another approver (admin) decides the second selected figure in the meantime.
    const taken = ids[1];
    const approvedMeanwhile = await apiCall('POST', `/values/${taken}/approve`, await tokenOf('admin', password));
    if (approvedMeanwhile.status !== 200) throw new Error(`admin could not approve ${taken} (${approvedMeanwhile.status})`);
    await page.getByRole('button', { name: `Duyệt ${selectable} mục đã chọn` }).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: 'Duyệt' }).click();
    const alert = page.getByTestId('bulk-refusal');
    await alert.getByText(`Chưa duyệt số liệu nào: 1 trong ${selectable} mục đã chọn không duyệt được`).waitFor();
    await alert.getByText(/^Mục 2: .+ — số liệu không còn chờ duyệt/).waitFor();
    const marked = await page.locator('.approvals-table tr.bulk-refused').evaluateAll((els) => els.map((e) => e.getAttribute('data-row-key')));
    if (marked.length !== 1 || marked[0] !== taken) throw new Error(`the rows marked refused are ${JSON.stringify(marked)}, not [${taken}]`);
    const token = await tokenOf('pheduyet.hn', DEMO_PASSWORD);
    for (const id of ids.filter((i) => i !== taken)) {
      const v = (await apiCall('GET', `/values?status=submitted&limit=500`, token)).body.items.find((x) => x.id === id);
      if (!v) throw new Error(`${id} was decided although the bulk approval was refused`);
    }
    await settle('.approvals-table');
    await page.screenshot({ path: resolve(screenshots, 'bulk-approvals.png') });
    await alert.getByRole('button', { name: 'Bỏ chọn các mục bị từ chối' }).click();
    await page.getByRole('button', { name: `Duyệt ${selectable - 1} mục đã chọn` }).click();
    await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText(`Đã duyệt ${selectable - 1} số liệu`).waitFor();
    const left = (await apiCall('GET', `/values?status=submitted&limit=500`, token)).body.items.map((x) => x.id);
    const stillThere = ids.filter((id) => left.includes(id));
    if (stillThere.length > 0) throw new Error(`still waiting after the bulk approval: ${stillThere.join(', ')}`);
    await noToasts();
  });

  await check('approver pheduyet.hn unlocks a locked period of a ward\'s COMMUNE_ONLINE series: the reason is required, the last day is picked in dd/mm/yyyy, and the unlock is listed; the calendar card offers him no edit', async () => {
    await openIndicator('COMMUNE_ONLINE');
    await calendarCard().getByText('Hạn của các kỳ gần đây').waitFor();
    if ((await calendarCard().getByRole('button', { name: /lịch báo cáo/ }).count()) > 0) throw new Error('the calendar is editable by an approver');
    const lockedRow = page.locator('.values-table tr.ant-table-row').filter({ has: page.locator('.unlock-button') }).first();
    await lockedRow.waitFor();
    await lockedRow.getByText('Đã khóa').waitFor();
    await lockedRow.locator('.unlock-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mở khóa' }).click();
    await dialog.getByText('Vui lòng nhập lý do mở khóa').waitFor();
    const reason = `Bổ sung minh chứng theo đề nghị của phường (${code})`;
    await dialog.getByLabel('Lý do mở khóa').fill(reason);
    const { today } = (await apiCall('GET', '/me/work', await tokenOf('pheduyet.hn', DEMO_PASSWORD))).body;
    const last = new Date(Date.parse(today) + 14 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Mở đến hết ngày').fill(vnIso(last));
    await dialog.getByLabel('Mở đến hết ngày').press('Enter');
    await dialog.getByRole('button', { name: 'Mở khóa' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(new RegExp(`^Đã mở khóa .+ đến hết ngày ${vnIso(last)}$`)).waitFor();
    const unlock = page.getByTestId('unlocks-card').locator('tr.ant-table-row').filter({ hasText: reason });
    await unlock.getByText(vnIso(last)).waitFor();
    await unlock.getByText('Đang mở').waitFor();
    await noToasts();
    await signOut();
  });

  // Directives on a KPI series: Hà Nội's approver directs Phường Ba Đình on its COMMUNE_ONLINE series from the
  // indicator page; the ward's reporter finds it in the to-do list, follows the link to that series and answers.
  await check('approver pheduyet.hn directs Phường Ba Đình on its COMMUNE_ONLINE series: a past due date is refused with the reason, then it reads "Chờ trả lời"; ward reporter baocao.badinh finds it in "Việc cần làm", follows it to the series and answers it: "Đã trả lời"', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    const seriesDirective = `Đề nghị phường rà soát, gửi duyệt số liệu quý và báo cáo nguyên nhân chậm (${code})`;
    const seriesAnswer = `Phường đã rà soát và gửi duyệt số liệu quý, nguyên nhân chậm do thay đổi cán bộ (${code})`;
    const card = () => page.getByTestId('series-directives');
    const item = () => card().locator('.directive-item').filter({ hasText: seriesDirective });
    await signIn('pheduyet.hn', DEMO_PASSWORD);
    await openIndicator('COMMUNE_ONLINE');
    const indicatorId = new URL(page.url()).pathname.split('/').pop();
    // Hà Nội's roll-up is no single series: the directives of every series, each naming its series, and no form.
    await card().getByText(/^Chỉ đạo về mọi chuỗi số liệu/).waitFor();
    await card().locator('.directive-series', { hasText: 'Chuỗi số liệu: Xã Sóc Sơn' }).first().waitFor(); // the demo's directive
    if ((await card().locator('form[id="issue-directive"]').count()) > 0) throw new Error('a directive form is offered on the roll-up');
    // Phường Ba Đình's series, picked in the chart's picker: the address keeps it.
    const seriesCard = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: 'Diễn biến số liệu đã duyệt' }) });
    await seriesCard.locator('.ant-select-selector').click();
    await page.keyboard.type('HN-BADINH');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: 'Phường Ba Đình' }).click();
    const agencyId = await until('the series in the address', () => new URL(page.url()).searchParams.get('agency_id'), (v) => Boolean(v));
    await until('the card on that series', () => card().getAttribute('data-agency'), (v) => v === agencyId);
    await card().getByText('Chỉ đạo về chuỗi số liệu của Phường Ba Đình.').waitFor();
    const form = card().locator('form[id="issue-directive"]');
    await form.getByText('Chỉ đạo gửi tới Phường Ba Đình, đơn vị báo cáo chuỗi số liệu này.').waitFor();
    await form.getByLabel('Nội dung chỉ đạo').fill(seriesDirective);
    const due = form.getByLabel('Hạn trả lời');
    await due.click();
    await due.fill(vnDate(inDays(-2)));
    await due.press('Enter'); // confirms the typed date and submits the form
    await form.getByText(`Hạn trả lời không được trước hôm nay (${vnDate(today)}).`).waitFor();
    if ((await due.inputValue()) !== vnDate(inDays(-2))) throw new Error('the refused date was changed');
    if ((await item().count()) > 0) throw new Error('a directive with a past due date was sent');
    const seriesDue = vnDate(inDays(5));
    await due.fill(seriesDue);
    await due.press('Enter');
    await page.getByText('Đã gửi chỉ đạo').waitFor();
    await item().locator('.directive-status', { hasText: 'Chờ trả lời' }).waitFor();
    await item().locator('.directive-issuer', { hasText: 'Thành phố Hà Nội' }).waitFor();
    await item().getByText(`Hạn trả lời: ${seriesDue}`).waitFor();
    await item().getByText('Phường Ba Đình chưa trả lời.').waitFor();
    await item().getByRole('button', { name: 'Kết thúc chỉ đạo', exact: true }).waitFor();
    await notOffered(item(), 'Trả lời');
    if ((await card().locator('.directive-item .directive-series').count()) > 0) throw new Error('one series\' thread names the series of each directive');
    await noToasts();
    await signOut();

    await signIn('baocao.badinh', DEMO_PASSWORD);
    await page.waitForURL(/\/work$/);
    const work = (await apiCall('GET', '/me/work', await tokenOf('baocao.badinh', DEMO_PASSWORD))).body;
    const expected = work.items.find((i) => i.kind === 'directive_to_answer' && i.title.includes(code));
    if (!expected) throw new Error('the directive is not in baocao.badinh\'s to-do list (GET /me/work)');
    if (expected.link !== `/indicators/${indicatorId}?agency_id=${agencyId}`) throw new Error(`the item links to ${expected.link}`);
    await page.locator('.work-filters').getByText(/^Chỉ đạo cần trả lời \(\d+\)$/).click();
    const row = page.locator('.work-table tr.work-item').filter({ hasText: seriesDirective });
    await row.locator('.work-kind', { hasText: 'Chỉ đạo cần trả lời' }).waitFor();
    await row.getByText(seriesDue).waitFor();
    await row.locator('.work-link').click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === expected.link);
    await page.getByTestId('indicator-code').filter({ hasText: 'COMMUNE_ONLINE' }).waitFor();
    await until('the card on the linked series', () => card().getAttribute('data-agency'), (v) => v === agencyId);
    await seriesCard.locator('.ant-select-selection-item', { hasText: 'Phường Ba Đình' }).waitFor();
    await notOffered(item(), 'Kết thúc chỉ đạo');
    if ((await card().locator('form[id="issue-directive"]').count()) > 0) throw new Error('the ward is offered a directive form on its own series');
    await item().getByRole('button', { name: 'Trả lời', exact: true }).click();
    await item().getByLabel('Nội dung trả lời').fill(seriesAnswer);
    await item().getByRole('button', { name: 'Gửi trả lời' }).click();
    await page.getByText('Đã gửi trả lời').waitFor();
    await item().locator('.directive-status', { hasText: 'Đã trả lời' }).waitFor();
    await item().locator('.directive-answer').getByText('Trả lời của Phường Ba Đình').waitFor();
    await item().locator('.directive-answer-text', { hasText: seriesAnswer }).waitFor();
    await item().getByRole('button', { name: 'Sửa câu trả lời', exact: true }).waitFor(); // revisable until closed
    const stored = (await apiCall('GET', `/indicators/${indicatorId}/directives?agency_id=${agencyId}`, await tokenOf('pheduyet.hn', DEMO_PASSWORD))).body.items.find((d) => d.text === seriesDirective);
    if (stored?.status !== 'answered' || stored.answer !== seriesAnswer) throw new Error(`the server has ${JSON.stringify(stored)}`);
    await noToasts();
    await card().scrollIntoViewIfNeeded();
    await page.mouse.move(1200, 10);
    await page.screenshot({ path: resolve(screenshots, 'indicator-directives.png') });
    await signOut();
  });

  // Splits (docs/reorganisation.md, "Splits"): three new, empty communes of the test, so that no demo agency the
  // other checks rely on changes.
  await check('admin splits a new, empty commune between two others: shares 0,5 + 0,4 are refused by the server with the sum, next to the shares, and nothing changes; 0,6 + 0,4 is previewed, confirmed and reads "Đã chia tách" with its successors and shares', async () => {
    if (!page.url().endsWith('/login')) await signOut();
    const adminToken = await tokenOf('admin', password);
    const rootId = (await apiCall('GET', '/me', adminToken)).body.agency_id;
    const units = [
      { code: `${code}-CT`, name: `Phường Chia Tách ${code}` },
      { code: `${code}-K1`, name: `Phường Kế Thừa Một ${code}` },
      { code: `${code}-K2`, name: `Phường Kế Thừa Hai ${code}` },
    ];
    const ids = [];
    for (const u of units) {
      const created = await apiCall('POST', '/agencies', adminToken, { code: u.code, name: u.name, kind: 'commune', parent_id: rootId });
      if (created.status !== 201 && created.status !== 200) throw new Error(`cannot create ${u.code} (${created.status})`);
      ids.push(created.body.id);
    }
    const [source, first, second] = units;
    await signIn('admin', password);
    await page.goto(`${baseUrl}/admin/agencies`);
    await selectAgency(source.code, source.name);
    await reorgButton('Chia tách').click();
    const dialog = page.locator('.split-dialog');
    await dialog.getByText(`Chia tách ${source.code} — ${source.name}`).waitFor();
    const pickSuccessor = async (row, unit) => {
      await dialog.locator(`.split-row[data-row="${row}"] .ant-select-selector`).click();
      await page.keyboard.type(unit.code);
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: unit.name }).click();
    };
    await pickSuccessor(0, first);
    await pickSuccessor(1, second);
    await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 1').fill('0,5');
    await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 2').fill('0,4');
    await dialog.getByText('Tổng các tỷ lệ: 0,9').waitFor();
    if ((await dialog.getByLabel('Ngày hiệu lực').inputValue()) !== vnDate(new Date())) throw new Error('the effective day is not today by default');
    await dialog.getByRole('button', { name: 'Xem trước' }).click();
    const refusal = dialog.locator('.split-refusal[data-field="successors"]');
    await refusal.getByText('Tổng các tỷ lệ là 0,9, phải bằng 1.').waitFor();
    if (!(await dialog.getByRole('button', { name: 'Xác nhận chia tách' }).isDisabled())) throw new Error('the split can be confirmed after a refusal');
    if ((await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 1').inputValue()) !== '0,5') throw new Error('the typed share was changed');
    // A share out of range goes next to its own row.
    await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 2').fill('1,4');
    await dialog.getByRole('button', { name: 'Xem trước' }).click();
    await dialog.locator('.split-row[data-row="1"]').getByText('Tỷ lệ nằm ngoài giới hạn cho phép.').waitFor();
    if ((await dialog.locator('.split-row[data-row="0"]').getByText('Tỷ lệ nằm ngoài giới hạn cho phép.').count()) > 0) throw new Error('the refusal is shown on the wrong row');
    const unchanged = (await apiCall('GET', `/agencies/${ids[0]}`, adminToken)).body;
    if (unchanged.status !== 'active') throw new Error(`the refused split changed the agency: ${unchanged.status}`);
    await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 1').fill('0,6');
    await dialog.getByLabel('Tỷ lệ của đơn vị kế thừa 2').fill('0,4');
    await dialog.getByRole('button', { name: 'Xem trước' }).click();
    await dialog.locator('.split-principal').getByText(`Đơn vị kế thừa chính: ${first.code} — ${first.name} (60 %)`, { exact: false }).waitFor();
    await dialog.locator('.split-preview').getByText('Nhiệm vụ đang chủ trì chuyển sang').waitFor();
    if ((await dialog.locator('.split-refusal').count()) > 0) throw new Error('the earlier refusal stays on screen');
    await page.mouse.move(1200, 10);
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(screenshots, 'agency-split.png') });
    await dialog.getByRole('button', { name: 'Xác nhận chia tách' }).click();
    await page.getByText(`Đã chia tách ${source.name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await until(`${source.code} in the tree`, () => nodeState(source.code), (st) => st.status === 'split');
    await agencyNode(source.code).locator('.ant-tag', { hasText: 'Đã chia tách' }).waitFor();
    const card = detailsCard();
    await card.locator('.ant-tag', { hasText: 'Đã chia tách' }).waitFor();
    const successors = card.locator('.lineage-successors');
    await successors.getByText(`${first.code} — ${first.name} (60 %)`).waitFor();
    await successors.getByText(`${second.code} — ${second.name} (40 %)`).waitFor();
    for (const label of ['Hợp nhất', 'Chia tách', 'Giải thể']) await absentButton(label);
    await noToasts();
    await selectAgency(second.code, second.name);
    await detailsCard().locator('.lineage-predecessors').getByText(`Chia tách từ ${source.code} — ${source.name} (40 %)`).waitFor();
    const stored = (await apiCall('GET', `/agencies/${ids[2]}/lineage`, adminToken)).body.predecessors;
    if (stored.length !== 1 || stored[0].kind !== 'split' || Math.abs(stored[0].share - 0.4) > 1e-9) throw new Error(`the lineage is ${JSON.stringify(stored)}`);
    await filterTree('');
  });

  await check('COMMUNE_ONLINE of Phường Hà Giang 2: "Bản đồ hiện nay" marks 2024-Q3…2025-Q2 as restated from Phường Nguyễn Trãi, "Như đã báo cáo" has none of them; the address keeps map=', async () => {
    if (page.url().endsWith('/login')) await signIn('admin', password);
    const adminToken = await tokenOf('admin', password);
    await openIndicator('COMMUNE_ONLINE');
    const indicatorId = new URL(page.url()).pathname.split('/').pop();
    const seriesCard = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: 'Diễn biến số liệu đã duyệt' }) });
    await seriesCard.locator('.ant-select-selector').click();
    await page.keyboard.type('HG-HAGIANG2');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: 'Phường Hà Giang 2' }).click();
    const agencyId = await until('the series in the address', () => new URL(page.url()).searchParams.get('agency_id'), (v) => Boolean(v));
    const oldQuarters = ['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2'];
    const restatedRows = () => seriesCard.locator('.series-table tr.series-restated').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')).sort());
    await seriesCard.getByText('Bản đồ hiện nay', { exact: true }).click();
    await until('map=today in the address', () => new URL(page.url()).searchParams.get('map'), (v) => v === 'today');
    const today = (await apiCall('GET', `/indicators/${indicatorId}/series?agency_id=${agencyId}&map=today`, adminToken)).body;
    const expected = today.points.filter((p) => p.restated).map((p) => p.period).sort();
    if (JSON.stringify(expected) !== JSON.stringify(oldQuarters)) throw new Error(`the server restates ${JSON.stringify(expected)}`);
    await until('the restated rows', restatedRows, (rows) => JSON.stringify(rows) === JSON.stringify(oldQuarters));
    await seriesCard.locator('tr.series-restated').first().locator('.restated-tag', { hasText: 'Số liệu quy đổi từ đơn vị cũ' }).waitFor();
    await seriesCard.locator('.restated-note').waitFor();
    await settle('.series-table');
    await seriesCard.scrollIntoViewIfNeeded();
    await seriesCard.screenshot({ path: resolve(screenshots, 'indicator-restated.png') });
    await seriesCard.getByText('Như đã báo cáo', { exact: true }).click();
    await until('map=recorded in the address', () => new URL(page.url()).searchParams.get('map'), (v) => v === 'recorded');
    await until('no restated rows', restatedRows, (rows) => rows.length === 0);
    await seriesCard.locator('.restated-note').waitFor({ state: 'detached' });
    const recorded = (await apiCall('GET', `/indicators/${indicatorId}/series?agency_id=${agencyId}&map=recorded`, adminToken)).body;
    const withValue = recorded.points.filter((p) => oldQuarters.includes(p.period) && p.value !== null && p.value !== undefined).map((p) => p.period);
    if (withValue.length > 0) throw new Error(`as recorded, Phường Hà Giang 2 has figures for ${withValue.join(', ')}`);
    for (const q of oldQuarters) {
      const row = seriesCard.locator(`.series-table tr[data-row-key="${q}"]`);
      if ((await row.count()) > 0 && (await row.locator('td').nth(1).innerText()).trim() !== '—') throw new Error(`as recorded, ${q} shows a value`);
    }
    await page.reload();
    await seriesCard.locator('.series-map-switch .ant-segmented-item-selected', { hasText: 'Như đã báo cáo' }).waitFor();
    await signOut();
  });

  await check('overview trend of Phường Hà Giang 2: "Bản đồ hiện nay" (map=today, kept when the agency is picked and on reload) marks exactly the quarters the server restates from Phường Nguyễn Trãi, "Như đã báo cáo" drops map= and marks none', async () => {
    if (page.url().endsWith('/login')) await signIn('admin', password);
    const adminToken = await tokenOf('admin', password);
    await page.getByRole('navigation').getByText('Tổng quan').click();
    await page.waitForURL(/\/overview$/);
    const trendCard = page.locator('.trend-card');
    // The periods the note under the chart names (the axis marks the same quarters); none without a note.
    const noted = () => trendCard.locator('.trend-restated-note').evaluateAll((els) => els.map((e) => e.getAttribute('data-periods')));
    await trendCard.locator('.series-map-switch .ant-segmented-item-selected', { hasText: 'Như đã báo cáo' }).waitFor();
    await trendCard.getByText('Bản đồ hiện nay', { exact: true }).click();
    await until('map=today in the address', () => new URL(page.url()).searchParams.get('map'), (v) => v === 'today');
    await page.locator('.overview-scope .ant-select-selector').first().click();
    await page.keyboard.type('HG-HAGIANG2');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: 'Phường Hà Giang 2' }).click();
    const agencyId = await until('the agency in the address', () => new URL(page.url()).searchParams.get('agency_id'), (v) => Boolean(v));
    if (new URL(page.url()).searchParams.get('map') !== 'today') throw new Error(`picking the agency dropped map=today: ${page.url()}`);
    const today = (await apiCall('GET', `/dashboard/trend?agency_id=${agencyId}&map=today`, adminToken)).body;
    const restated = today.filter((p) => p.restated).map((p) => p.period);
    // Phường Nguyễn Trãi's figures (2024-Q3…2025-Q2, split on 2025-07-01) that fall in the eight quarters.
    const oldQuarters = ['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2'].filter((q) => today.some((p) => p.period === q));
    if (JSON.stringify(restated) !== JSON.stringify(oldQuarters)) throw new Error(`the server restates ${JSON.stringify(restated)}, not ${JSON.stringify(oldQuarters)}`);
    const hasFigures = (points) => points.some((p) => (p.reported_progress ?? null) !== null || (p.kpi_achievement_pct ?? null) !== null);
    if (hasFigures(today)) {
      await until('the restated quarters under the chart', noted, (v) => JSON.stringify(v) === JSON.stringify(restated.length > 0 ? [restated.join(' ')] : []));
      if (restated.length > 0) {
        await trendCard.locator('.trend-restated-note', { hasText: 'Số liệu trước khi chia tách được quy đổi từ đơn vị cũ' }).waitFor();
        await settle('.trend-card');
        await trendCard.scrollIntoViewIfNeeded();
        await trendCard.screenshot({ path: resolve(screenshots, 'overview-trend-today.png') });
      }
    } else {
      // Nothing to draw: the card says so and marks nothing, whatever the server marks.
      await trendCard.getByText('Chưa có số liệu báo cáo trong 8 quý gần nhất').waitFor();
      if ((await noted()).length > 0) throw new Error('an empty trend has a restated note');
      if (restated.length > 0) console.log(`note: the server marks ${restated.join(', ')} of Phường Hà Giang 2 restated on today's map, but the trend has no figure (no KPI achievement: the old commune's figures have no targets), so the overview shows an empty trend`);
    }
    await page.reload();
    await trendCard.locator('.series-map-switch .ant-segmented-item-selected', { hasText: 'Bản đồ hiện nay' }).waitFor();
    const recorded = (await apiCall('GET', `/dashboard/trend?agency_id=${agencyId}&map=recorded`, adminToken)).body;
    if (recorded.some((p) => p.restated)) throw new Error(`as recorded, the server marks ${recorded.filter((p) => p.restated).map((p) => p.period).join(', ')}`);
    await trendCard.getByText('Như đã báo cáo', { exact: true }).click();
    await until('no map= in the address (as recorded is the default)', () => page.url(), (v) => !new URL(v).searchParams.has('map') && new URL(v).searchParams.get('agency_id') === agencyId);
    await trendCard.locator('.series-map-switch .ant-segmented-item-selected', { hasText: 'Như đã báo cáo' }).waitFor();
    await until('no restated quarter', noted, (v) => v.length === 0);
    if (!hasFigures(recorded)) await trendCard.getByText('Chưa có số liệu báo cáo trong 8 quý gần nhất').waitFor();
    await signOut();
  });

  // Supervision decisions, each on a demo task no other step changes, so the steps hold in any order:
  // Sở KH&CN Hà Nội's 57-NQ/TW.3.1 (an extension refused, then one granted), Phường Hoàn Kiếm's
  // 57-NQ/TW.3.2.2 (a completion returned), Xã Sóc Sơn's 57-NQ/TW.3.2.3 (its proposals answered). Hà Nội's
  // planner decides: Hà Nội leads their parent tasks. What the user sees is checked, then the state after a
  // reload or through the API with the user's token.
  // Signs out whoever is signed in (nobody on a blank page: these steps may run first).
  const signedOut = async () => {
    if (page.url().startsWith(baseUrl) && !page.url().endsWith('/login')) await signOut();
  };
  const planner = { username: 'kehoach.hn', name: 'Đỗ Quang Huy (kế hoạch, Hà Nội)' };
  const extTask = '57-NQ/TW.3.1';
  const extReporter = 'baocao.hn-skhcn'; // the reporter the demo makes for Sở KH&CN Hà Nội
  const addDays = (iso, n) => {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  };
  const taskByCode = async (token, taskCode) => {
    const found = (await apiCall('GET', `/tasks?q=${encodeURIComponent(taskCode)}`, token)).body.items.find((t) => t.code === taskCode);
    if (!found) throw new Error(`${taskCode} is not among the tasks this user sees`);
    return (await apiCall('GET', `/tasks/${found.id}`, token)).body;
  };
  const requestsOf = async (token, taskId) => (await apiCall('GET', `/tasks/${taskId}/requests`, token)).body.items;
  const requestsCard = () => page.getByTestId('task-requests');
  const requestItem = (reason) => requestsCard().locator('.request-item').filter({ hasText: reason });
  const decisionsRow = (taskCode) => page.locator('.decisions-table tbody tr').filter({ has: page.locator(`.task-code[data-code="${taskCode}"]`) });
  // Opens "Chờ quyết định" and waits until the list is loaded: rows, or the empty list's sentence, and no loading veil.
  const openDecisions = async () => {
    await page.getByRole('navigation').getByRole('link', { name: /Chờ quyết định/ }).click();
    await page.waitForURL(/\/decisions$/);
    await page.getByRole('heading', { name: 'Nhiệm vụ chờ quyết định' }).waitFor();
    await until(
      'the list of decisions',
      async () =>
        (await page.locator('.decisions-table .ant-spin-blur').count()) === 0 &&
        ((await page.locator('.decisions-table tbody tr.ant-table-row').count()) > 0 ||
          (await page.locator('.decisions-table').getByText('Không có nhiệm vụ nào đang chờ quyết định của đơn vị bạn').count()) > 0),
      (loaded) => loaded,
    );
  };
  // The task's due dates at the start (read from the API) and what is asked: both later than the due
  // date and not after the parent task's (the server's rule for an extension).
  const ext = {};
  const extReasons = {
    refused: `Chờ kết quả đấu thầu thiết bị số hóa (${code})`,
    granted: `Bổ sung thời gian chạy thử hệ thống (${code})`,
    refusal: `Nhiệm vụ cần hoàn thành đúng hạn để kịp tổng kết năm (${code})`,
  };
  // Files an extension as the lead agency's reporter on the open task page.
  const fileExtension = async (asked, reason) => {
    const form = page.locator('form[id="task-request"]');
    await form.waitFor();
    const picker = form.getByLabel('Hạn mới đề nghị');
    await picker.click();
    await picker.fill(vnIso(asked));
    await picker.press('Enter');
    await form.getByLabel('Lý do đề nghị').fill(reason);
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await page.getByText('Đã gửi đề nghị').waitFor();
    const item = requestItem(reason);
    await item.locator('.request-status', { hasText: 'Chờ quyết định' }).waitFor();
    await item.locator('.request-due', { hasText: `Hạn đề nghị: ${vnIso(asked)}` }).waitFor();
  };

  await check(`reporter ${extReporter} asks to extend ${extTask}: a date before the due date is refused with the reason and nothing is sent, then the request is filed and waits`, async () => {
    await signedOut();
    const token = await tokenOf(extReporter, DEMO_PASSWORD);
    const task = await taskByCode(token, extTask);
    const parent = (await apiCall('GET', `/tasks/${task.parent_id}`, token)).body;
    Object.assign(ext, { id: task.id, due: task.due_date, original: task.original_due_date, refusedAsk: addDays(task.due_date, 10), grantedAsk: addDays(task.due_date, 20) });
    if (ext.grantedAsk > parent.due_date) throw new Error(`${extTask} is due ${task.due_date}, its parent ${parent.due_date}: no room for an extension`);
    if ((await requestsOf(token, ext.id)).some((r) => r.status === 'pending')) throw new Error(`${extTask} already has a pending request`);
    await signIn(extReporter, DEMO_PASSWORD);
    await openTask(extTask);
    await requestsCard().locator(`.task-due[data-due="${ext.due}"]`).waitFor();
    const form = page.locator('form[id="task-request"]');
    const picker = form.getByLabel('Hạn mới đề nghị');
    await picker.click();
    await picker.fill(vnIso(addDays(ext.due, -1)));
    await picker.press('Enter');
    await form.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await form.getByText(`Hạn mới phải sau hạn hiện tại (${vnIso(ext.due)}).`).waitFor();
    await form.getByText('Vui lòng nhập lý do đề nghị').waitFor();
    if ((await requestsOf(token, ext.id)).length !== 0) throw new Error('a refused request reached the server');
    await fileExtension(ext.refusedAsk, extReasons.refused);
    const pending = (await requestsOf(token, ext.id)).filter((r) => r.status === 'pending');
    if (pending.length !== 1 || pending[0].kind !== 'extension' || pending[0].due_date !== ext.refusedAsk) throw new Error(`the server holds ${JSON.stringify(pending)}`);
    await noToasts();
    await signOut();
  });

  await check(`planner ${planner.username} finds the extension in "Chờ quyết định" with the date asked for, and refuses it: an empty reason is refused first; the due date stays and the request reads "Không đồng ý"`, async () => {
    await signedOut();
    const token = await tokenOf(planner.username, DEMO_PASSWORD);
    const listed = (await apiCall('GET', '/tasks?awaiting_decision=true&limit=100', token)).body.items.find((t) => t.id === ext.id);
    const waiting = listed?.waiting ?? [];
    if (waiting.length !== 1 || waiting[0].kind !== 'extension' || waiting[0].due_date !== ext.refusedAsk) throw new Error(`the list says ${extTask} waits for ${JSON.stringify(waiting)}`);
    await signIn(planner.username, DEMO_PASSWORD);
    await openDecisions();
    const row = decisionsRow(extTask);
    const hint = row.locator('.decision-waiting[data-kind="extension"]');
    await hint.getByText('Đề nghị gia hạn', { exact: true }).waitFor();
    await hint.locator('.decision-hint').getByText(new RegExp(`^Xin gia hạn đến ${vnIso(ext.refusedAsk)} · Gửi lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$`)).waitFor();
    await row.getByText('Sở Khoa học và Công nghệ Hà Nội', { exact: true }).waitFor();
    await page.locator('.decisions-table .ant-spin-blur').waitFor({ state: 'detached' });
    await page.mouse.move(1200, 10);
    await page.screenshot({ path: resolve(screenshots, 'decisions-extension.png') });
    await row.getByRole('button', { name: 'Xem và quyết định' }).click();
    await page.getByTestId('task-code').filter({ hasText: extTask }).waitFor();
    const item = requestItem(extReasons.refused);
    await item.getByRole('button', { name: 'Không đồng ý', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Không đồng ý với đề nghị').waitFor();
    await dialog.getByRole('button', { name: 'Không đồng ý' }).click();
    await dialog.getByText('Vui lòng nhập lý do không đồng ý').waitFor();
    if ((await requestsOf(token, ext.id)).some((r) => r.status !== 'pending')) throw new Error('a refusal without a reason reached the server');
    await dialog.getByLabel('Lý do không đồng ý').fill(extReasons.refusal);
    await dialog.getByRole('button', { name: 'Không đồng ý' }).click();
    await page.getByText('Đã trả lời không đồng ý').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    const refused = requestItem(extReasons.refused);
    await refused.locator('.request-status[data-status="refused"]', { hasText: 'Không đồng ý' }).waitFor();
    await refused.locator('.request-decision-reason').getByText(extReasons.refusal).waitFor();
    await refused.locator('.request-decided').getByText(`Không đồng ý bởi ${planner.name} lúc`, { exact: false }).waitFor();
    await notOffered(refused, 'Đồng ý');
    await requestsCard().locator(`.task-due[data-due="${ext.due}"]`).waitFor();
    if ((await requestsCard().locator('.task-original-due').count()) > 0) throw new Error('a refused extension shows an original due date');
    const after = await taskByCode(token, extTask);
    const request = (await requestsOf(token, ext.id)).find((r) => r.reason === extReasons.refused);
    if (after.due_date !== ext.due || request?.status !== 'refused' || request.decision_reason !== extReasons.refusal) {
      throw new Error(`after the refusal the task is due ${after.due_date} and the request reads ${JSON.stringify(request)}`);
    }
    await noToasts();
    await signOut();
  });

  await check(`a second extension of ${extTask} is granted: the task shows the new due date with the original kept, and the due-date history names who changed it`, async () => {
    await signedOut();
    await signIn(extReporter, DEMO_PASSWORD);
    await openTask(extTask);
    await fileExtension(ext.grantedAsk, extReasons.granted);
    await noToasts();
    await signOut();
    await signIn(planner.username, DEMO_PASSWORD);
    await openDecisions();
    const row = decisionsRow(extTask);
    await row.locator('.decision-waiting[data-kind="extension"] .decision-hint').getByText(`Xin gia hạn đến ${vnIso(ext.grantedAsk)}`, { exact: false }).waitFor();
    await row.getByRole('button', { name: 'Xem và quyết định' }).click();
    await page.getByTestId('task-code').filter({ hasText: extTask }).waitFor();
    const item = requestItem(extReasons.granted);
    await item.getByRole('button', { name: 'Đồng ý', exact: true }).click();
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await confirm.getByText(`Đồng ý gia hạn đến ${vnIso(ext.grantedAsk)}?`).waitFor();
    await until('the confirmation to finish opening', () => confirm.getAttribute('class'), (c) => !/-(appear|enter)\b/.test(c ?? ''));
    await confirm.getByRole('button', { name: 'Đồng ý' }).click();
    await page.getByText('Đã đồng ý đề nghị').waitFor();
    await page.reload();
    const due = requestsCard().locator(`.task-due[data-due="${ext.grantedAsk}"]`);
    await due.waitFor();
    const shown = (await due.innerText()).trim();
    if (shown !== `${vnIso(ext.grantedAsk)} (hạn ban đầu: ${vnIso(ext.original)})`) throw new Error(`the due date reads "${shown}"`);
    await requestItem(extReasons.granted).locator('.request-status[data-status="granted"]', { hasText: 'Đã đồng ý' }).waitFor();
    await requestItem(extReasons.granted).locator('.request-decided').getByText(`Đồng ý bởi ${planner.name} lúc`, { exact: false }).waitFor();
    const change = requestsCard().locator(`.due-date-change[data-after="${ext.grantedAsk}"]`);
    await change.getByText(`${vnIso(ext.due)} → ${vnIso(ext.grantedAsk)}`).waitFor();
    await change.locator('.due-date-changed-by', { hasText: `bởi ${planner.name}` }).waitFor();
    await change.getByText('theo đề nghị gia hạn', { exact: false }).waitFor();
    await noToasts();
    await requestsCard().scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'task-extension-granted.png'), fullPage: true });
    // Nothing of this task waits any more, and the reporter reads the same through the API.
    await openDecisions();
    if ((await decisionsRow(extTask).count()) > 0) throw new Error(`${extTask} still waits for a decision`);
    const after = await taskByCode(await tokenOf(extReporter, DEMO_PASSWORD), extTask);
    if (after.due_date !== ext.grantedAsk || after.original_due_date !== ext.original) throw new Error(`the task is due ${after.due_date}, originally ${after.original_due_date}`);
    const changes = (await apiCall('GET', `/tasks/${ext.id}/due-dates`, await tokenOf(extReporter, DEMO_PASSWORD))).body.items;
    if (!changes.some((c) => c.due_date_before === ext.due && c.due_date_after === ext.grantedAsk && c.changed_by_name === planner.name && c.request_id)) {
      throw new Error(`the due-date history reads ${JSON.stringify(changes)}`);
    }
    await signOut();
  });

  const returnTask = '57-NQ/TW.3.2.2';
  const returnReporter = 'baocao.hn-hoankiem';
  const returnSummary = `Đã triển khai trợ lý ảo cho toàn bộ cán bộ phường (${code})`;
  const returnReason = `Chưa có báo cáo đánh giá hiệu quả sử dụng trợ lý ảo của cán bộ (${code})`;

  await check(`${returnTask}'s completion, proposed by ${returnReporter}, is returned by ${planner.username} with a reason (an empty one refused first): the task is "Đang thực hiện" again and the proposal history shows the reason`, async () => {
    await signedOut();
    const reporterToken = await tokenOf(returnReporter, DEMO_PASSWORD);
    const task = await taskByCode(reporterToken, returnTask);
    if (task.status !== 'in_progress') throw new Error(`${returnTask} is ${task.status}`);
    await signIn(returnReporter, DEMO_PASSWORD);
    await openTask(returnTask);
    const form = page.locator('form[id="propose-completion"]');
    await form.getByLabel('Kết quả đạt được').fill(returnSummary);
    await form.getByRole('button', { name: 'Gửi đề nghị xác nhận' }).click();
    await page.getByText('Đã gửi đề nghị xác nhận hoàn thành').waitFor();
    await completionPanel().locator('.completion-pending').getByText(returnSummary).waitFor();
    await page.locator('.page-header').getByText('Chờ xác nhận hoàn thành').waitFor();
    await noToasts();
    await signOut();

    const token = await tokenOf(planner.username, DEMO_PASSWORD);
    await signIn(planner.username, DEMO_PASSWORD);
    await openDecisions();
    const row = decisionsRow(returnTask);
    await row.locator('.decision-waiting[data-kind="completion"]').getByText('Đề nghị công nhận hoàn thành').waitFor();
    await row.getByRole('button', { name: 'Xem và quyết định' }).click();
    await page.getByTestId('task-code').filter({ hasText: returnTask }).waitFor();
    const pending = completionPanel().locator('.completion-pending');
    await pending.getByText(returnSummary).waitFor();
    await pending.getByRole('button', { name: 'Trả lại', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Trả lại đề nghị xác nhận hoàn thành').waitFor();
    await dialog.getByText('Lý do được gửi tới đơn vị chủ trì; nhiệm vụ trở lại “Đang thực hiện”.').waitFor();
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.getByText('Vui lòng nhập lý do trả lại').waitFor();
    if ((await taskByCode(token, returnTask)).status !== 'awaiting_acceptance') throw new Error('a return without a reason reached the server');
    await dialog.getByLabel('Lý do trả lại').fill(returnReason);
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Đã trả lại đề nghị').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await page.locator('.page-header').getByText('Đang thực hiện', { exact: true }).waitFor();
    const returned = completionPanel().locator('.completion-item[data-status="returned"]').filter({ hasText: returnSummary });
    await returned.locator('.completion-status', { hasText: 'Đã trả lại' }).waitFor();
    await returned.locator('.completion-reason').getByText(returnReason).waitFor();
    await returned.locator('.completion-decided').getByText(`Trả lại bởi ${planner.name} lúc`, { exact: false }).waitFor();
    if ((await completionPanel().locator('.completion-pending').count()) > 0) throw new Error('a proposal still waits');
    const after = await taskByCode(token, returnTask);
    const completions = (await apiCall('GET', `/tasks/${after.id}/completions`, token)).body.items;
    const proposal = completions.find((c) => c.summary === returnSummary);
    if (after.status !== 'in_progress' || proposal?.status !== 'returned' || proposal.reason !== returnReason) {
      throw new Error(`after the return the task is ${after.status} and the proposal reads ${JSON.stringify(proposal)}`);
    }
    await noToasts();
    await completionPanel().scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'task-completion-returned.png'), fullPage: true });
    await signOut();
    // The lead agency reads the reason and may propose again.
    await signIn(returnReporter, DEMO_PASSWORD);
    await openTask(returnTask);
    await completionPanel().locator('.completion-item[data-status="returned"]').filter({ hasText: returnSummary }).locator('.completion-reason').getByText(returnReason).waitFor();
    await page.locator('form[id="propose-completion"]').waitFor();
    await signOut();
  });

  const answerTask = '57-NQ/TW.3.2.3';
  const answerReporter = 'baocao.hn-socson';
  const proposalsAnswer = `Thành phố bổ sung kinh phí phủ sóng trong quý 1 năm sau; xã lập dự toán chi tiết (${code})`;

  await check(`planner ${planner.username} answers the proposals (kiến nghị) of ${answerTask}'s latest report ("Trả lời kiến nghị", an empty answer refused first), and reporter ${answerReporter} reads the answer with who answered`, async () => {
    await signedOut();
    const token = await tokenOf(planner.username, DEMO_PASSWORD);
    const task = await taskByCode(token, answerTask);
    const reports = (await apiCall('GET', `/tasks/${task.id}/reports`, token)).body.items;
    const report = reports.find((r) => r.current && r.proposals && r.actions.answer_proposals && !r.proposals_answer);
    if (!report) throw new Error(`${answerTask} has no report with unanswered proposals`);
    await signIn(planner.username, DEMO_PASSWORD);
    await openTask(answerTask);
    const item = page.locator(`.reports-timeline .report-item[data-id="${report.id}"]`);
    await item.getByText(report.proposals).waitFor();
    await item.getByRole('button', { name: 'Trả lời kiến nghị' }).click();
    const form = item.locator('form.proposals-answer-form');
    await form.getByRole('button', { name: 'Gửi trả lời' }).click();
    await form.getByText('Vui lòng nhập nội dung trả lời kiến nghị').waitFor();
    if ((await apiCall('GET', `/tasks/${task.id}/reports`, token)).body.items.some((r) => r.proposals_answer)) throw new Error('an empty answer reached the server');
    await form.getByLabel('Nội dung trả lời kiến nghị').fill(proposalsAnswer);
    await form.getByRole('button', { name: 'Gửi trả lời' }).click();
    await page.getByText('Đã gửi trả lời kiến nghị').waitFor();
    await item.locator('.proposals-answer-text').getByText(proposalsAnswer).waitFor();
    await item.getByRole('button', { name: 'Sửa trả lời kiến nghị' }).waitFor(); // a later answer replaces it
    await noToasts();
    await signOut();

    await signIn(answerReporter, DEMO_PASSWORD);
    await openTask(answerTask);
    const seen = page.locator(`.reports-timeline .report-item[data-id="${report.id}"]`);
    await seen.locator('.proposals-answer-text').getByText(proposalsAnswer).waitFor();
    const meta = (await seen.locator('.proposals-answer-meta').innerText()).replace(/^\s*·\s*/, '').trim();
    if (!new RegExp(`^Trả lời lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}, bởi ${planner.name.replace(/[()]/g, '\\$&')}$`).test(meta)) throw new Error(`the answer's line reads "${meta}"`);
    await notOffered(seen, 'Trả lời kiến nghị');
    await notOffered(seen, 'Sửa trả lời kiến nghị');
    const answered = (await apiCall('GET', `/tasks/${task.id}/reports`, await tokenOf(answerReporter, DEMO_PASSWORD))).body.items.find((r) => r.id === report.id);
    if (answered?.proposals_answer !== proposalsAnswer || answered.proposals_answered_by_name !== planner.name) throw new Error(`the report reads ${JSON.stringify(answered)}`);
    await seen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'task-proposals-answered.png'), fullPage: true });
    await signOut();
  });

  await check('admin clicks the overview evaluation\'s "Chưa hoàn thành quá hạn" count: the tasks list opens filtered to that class and this year, with as many tasks as the count; so does Hà Nội\'s count in the ranking', async () => {
    await signedOut();
    const token = await tokenOf('admin', password);
    const root = (await apiCall('GET', '/me', token)).body.agency_id;
    await signIn('admin', password);
    await page.goto(`${baseUrl}/overview`);
    const card = page.getByTestId('evaluation-card');
    await card.getByText(`Nhiệm vụ có hạn hoàn thành từ 01/01/${thisYear} đến 31/12/${thisYear}`, { exact: false }).waitFor();
    const link = card.locator('.evaluation-class[data-evaluation="not_completed_overdue"] a.evaluation-count');
    const count = Number(await link.getAttribute('data-count'));
    if (!(count >= 1)) throw new Error(`the card counts ${count} tasks not completed and overdue`);
    if ((await link.innerText()).trim() !== String(count)) throw new Error(`the count reads "${await link.innerText()}"`);
    // The list behind a figure must be as long as the figure; then the same for a ranking row.
    const followed = async (expected, agencyId) => {
      await page.waitForURL(/\/tasks\?/);
      const url = new URL(page.url());
      const params = Object.fromEntries(url.searchParams);
      const want = { lead_agency_subtree: agencyId, evaluation: 'not_completed_overdue', evaluation_from: `${thisYear}-01-01`, evaluation_to: `${thisYear}-12-31` };
      for (const [key, value] of Object.entries(want)) if (params[key] !== value) throw new Error(`the link sets ${key}=${params[key]}, not ${value}: ${page.url()}`);
      for (let round = 0; round < 2; round += 1) {
        // What the user sees: the class by name, the period in dd/mm/yyyy, and as many tasks as the count.
        await page.locator('.task-evaluation-filter .ant-select-selection-item', { hasText: 'Chưa hoàn thành quá hạn' }).waitFor();
        const period = page.locator('.task-evaluation-period input');
        await until('the period shown', () => period.evaluateAll((els) => els.map((e) => e.value)), (v) => v[0] === `01/01/${thisYear}` && v[1] === `31/12/${thisYear}`);
        await page.locator('.ant-pagination-total-text', { hasText: `Tổng ${expected}` }).waitFor();
        await until(`the rows (the count said ${expected})`, () => page.locator('.task-code').count(), (n) => n === Math.min(expected, 20));
        if (round === 0) await page.reload(); // the filters live in the address
      }
      const listed = (await apiCall('GET', `/tasks?${url.searchParams}`, token)).body;
      if (listed.total !== expected) throw new Error(`GET /tasks with the link's filters counts ${listed.total}, the overview said ${expected}`);
      const other = listed.items.filter((t) => t.evaluation !== 'not_completed_overdue');
      if (other.length > 0) throw new Error(`listed but not "not completed, overdue": ${other.map((t) => `${t.code} (${t.evaluation})`).join(', ')}`);
    };
    await link.click();
    await followed(count, root);
    await page.screenshot({ path: resolve(screenshots, 'tasks-evaluation.png') });
    await page.goBack();
    await page.waitForURL(/\/overview/);
    const hn = page.locator('.ranking-table tbody tr').filter({ has: page.locator('.ranking-agency[data-code="HN"]') }).locator('a.evaluation-num[data-evaluation="not_completed_overdue"]');
    await hn.waitFor();
    const hnCount = Number(await hn.getAttribute('data-count'));
    if (!(hnCount >= 1)) throw new Error(`Hà Nội's cell counts ${hnCount} tasks not completed and overdue (the demo's Xã Sóc Sơn task is one)`);
    const hnId = new URL(await hn.getAttribute('href'), baseUrl).searchParams.get('lead_agency_subtree');
    await hn.click();
    await followed(hnCount, hnId);
    const summary = (await apiCall('GET', `/dashboard/summary?agency_id=${hnId}`, token)).body.evaluation;
    if (summary.not_completed_overdue !== hnCount) throw new Error(`Hà Nội's summary counts ${summary.not_completed_overdue}, its ranking cell ${hnCount}`);
    await signOut();
  });


  // The leader's overview reads against the schedule: colours follow the health the server decided.
  const HEALTH_VI = { on_track: 'Đúng tiến độ', at_risk: 'Có nguy cơ chậm', off_track: 'Chậm tiến độ', overdue: 'Quá hạn', done: 'Hoàn thành' };
  // The heat map's cell colours (heatmap-data.ts HEAT_COLORS) as the browser computes them.
  const HEAT_RGB = { on_track: 'rgb(217, 247, 190)', at_risk: 'rgb(255, 229, 143)', off_track: 'rgb(255, 187, 150)', overdue: 'rgb(255, 120, 117)', done: 'rgb(186, 224, 255)' };
  const SEVERITY = { overdue: 0, off_track: 1, at_risk: 2, on_track: 3, done: 4 };
  const severity = (health) => (health ? SEVERITY[health] : 5);
  const oneDecimal = (v) => Math.round(v * 10) / 10;
  const viPercent = (v) => `${String(oneDecimal(v)).replace('.', ',')}%`;
  const laggardOrder = (rows) =>
    [...rows].sort((a, b) => severity(a.health) - severity(b.health) || a.weighted_progress - b.weighted_progress || a.code.localeCompare(b.code)).map((r) => r.code);
  const rankingCodes = () => page.locator('.ranking-table tbody .ranking-agency').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));

  await check('leader\'s overview: each heat map cell is coloured by its agency\'s health from GET /dashboard/agencies, not by its progress, and each resolution bar carries the health and expected progress of GET /resolutions', async () => {
    await signedOut();
    const token = await tokenOf('admin', password);
    const root = (await apiCall('GET', '/me', token)).body.agency_id;
    await signIn('admin', password);
    await page.goto(`${baseUrl}/overview`);
    await page.locator('.heatmap a.heat-cell').first().waitFor();
    const resolutions = (await apiCall('GET', '/resolutions?limit=500', token)).body.items.filter((r) => r.status !== 'draft');
    const cells = await page.locator('.heatmap a.heat-cell').evaluateAll((els) =>
      els.map((e) => ({
        agency: e.getAttribute('data-agency'),
        resolution: e.getAttribute('data-resolution'),
        health: e.getAttribute('data-health'),
        progress: Number(e.getAttribute('data-progress')),
        background: e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor,
        text: e.textContent ?? '',
        href: e.getAttribute('href'),
      })),
    );
    if (cells.length < 5) throw new Error(`only ${cells.length} heat map cells`);
    const byResolution = new Map();
    for (const r of resolutions) {
      const rows = (await apiCall('GET', `/dashboard/agencies?parent_id=${root}&resolution_id=${r.id}`, token)).body;
      byResolution.set(r.code, new Map(rows.map((row) => [row.code, row])));
    }
    for (const cell of cells) {
      const row = byResolution.get(cell.resolution)?.get(cell.agency);
      if (!row) throw new Error(`no scorecard row for ${cell.agency} in ${cell.resolution}`);
      const where = `${cell.agency} × ${cell.resolution}`;
      if (cell.health !== row.health) throw new Error(`${where}: the cell says ${cell.health}, the server ${row.health}`);
      if (cell.background !== HEAT_RGB[row.health]) throw new Error(`${where} (${row.health}) is coloured ${cell.background}, not ${HEAT_RGB[row.health]}`);
      if (!cell.text.includes(HEALTH_VI[row.health])) throw new Error(`${where}: the cell does not say "${HEALTH_VI[row.health]}" (${cell.text})`);
      if (cell.progress !== oneDecimal(row.weighted_progress)) throw new Error(`${where}: ${cell.progress}%, the server ${row.weighted_progress}%`);
      const drill = new URL(cell.href, baseUrl).searchParams.get('health');
      const red = row.health === 'off_track' || row.health === 'overdue' ? row.health : null;
      if (drill !== red) throw new Error(`${where} (${row.health}) links to health=${drill}`);
    }
    // Not by progress: some cell with less progress is healthier than one with more.
    const calmer = cells.some((a) => cells.some((b) => a.progress < b.progress && severity(a.health) > severity(b.health)));
    if (!calmer) throw new Error('every cell\'s colour follows its progress');
    const bars = JSON.parse((await page.getByTestId('resolution-bars').getAttribute('data-bars')) ?? '[]');
    const want = [...resolutions].sort((a, b) => a.code.localeCompare(b.code)).map((r) => [r.code, r.health ?? null, oneDecimal(r.progress), r.expected_progress === null || r.expected_progress === undefined ? null : oneDecimal(r.expected_progress)]);
    if (JSON.stringify(bars) !== JSON.stringify(want)) throw new Error(`the resolution bars are ${JSON.stringify(bars)}, the server says ${JSON.stringify(want)}`);
    const chartLabel = (await page.locator('.resolution-bars .echart').getAttribute('aria-label')) ?? '';
    const first = resolutions.find((r) => r.expected_progress !== null && r.expected_progress !== undefined);
    if (first && !chartLabel.includes(`${first.code}: Đạt ${viPercent(first.progress)} — kỳ vọng ${viPercent(first.expected_progress)}`)) throw new Error(`the chart is named "${chartLabel}"`);
    await page.getByText('Tình trạng:', { exact: true }).waitFor();
    for (const word of Object.values(HEALTH_VI)) await page.locator('.heatmap-card .heatmap-legend-item').filter({ hasText: word }).first().waitFor();
    await page.locator('.heatmap-card').screenshot({ path: resolve(screenshots, 'overview-heatmap.png') });
  });

  await check('leader\'s overview: the ranking opens with the laggards first (worst health, then lowest progress, as GET /dashboard/agencies says), each with its health tag, and re-sorts on a header click', async () => {
    await signedOut();
    const token = await tokenOf('admin', password);
    const root = (await apiCall('GET', '/me', token)).body.agency_id;
    await signIn('admin', password);
    await page.goto(`${baseUrl}/overview`);
    await page.locator('.ranking-table .ranking-agency').first().waitFor();
    const rows = (await apiCall('GET', `/dashboard/agencies?parent_id=${root}`, token)).body;
    const want = laggardOrder(rows);
    await until('the ranking, laggards first', rankingCodes, (codes) => JSON.stringify(codes) === JSON.stringify(want));
    const worst = rows.find((r) => r.code === want[0]);
    await page.locator('.ranking-table tbody tr.ant-table-row').first().locator('.health-tag').filter({ hasText: HEALTH_VI[worst.health] }).waitFor();
    // Each agency is compared with its peers: its group in words and its data-quality mark as the server says, the method below.
    const QUALITY_VI = { good: 'Tốt', fair: 'Khá', insufficient: 'Chưa đủ', not_expected: 'Không áp dụng' };
    const GROUP_VI = { central: 'Cơ quan Trung ương', ministry: 'Bộ, ngành', province: 'Tỉnh, thành phố', department: 'Sở, ngành', commune: 'Xã, phường', other: 'Khác' };
    for (const r of rows) {
      const tr = page.locator('.ranking-table tbody tr.ant-table-row').filter({ has: page.locator(`.ranking-agency[data-code="${r.code}"]`) });
      await tr.locator(`.data-quality-tag[data-quality="${r.data_quality}"]`).filter({ hasText: QUALITY_VI[r.data_quality] }).waitFor();
      await tr.locator('.peer-group').filter({ hasText: GROUP_VI[r.peer_group] }).waitFor();
    }
    await page.getByTestId('ranking-method').filter({ hasText: 'xếp sau mọi đơn vị cùng nhóm' }).waitFor();
    const header = (name) => page.locator('.ranking-table thead th').filter({ hasText: new RegExp(`^${name}$`) });
    await header('Hạng').click();
    // The rank is a place within the peer group (ministries with ministries …): sorted by it, the groups stay together.
    const PEER_ORDER = ['central', 'ministry', 'province', 'department', 'commune', 'other'];
    const byRank = [...rows].sort((a, b) => PEER_ORDER.indexOf(a.peer_group) - PEER_ORDER.indexOf(b.peer_group) || a.rank - b.rank).map((r) => r.code);
    await until('the ranking by rank', rankingCodes, (codes) => JSON.stringify(codes) === JSON.stringify(byRank));
    await header('Hạng').click();
    await until('the ranking by rank, descending', rankingCodes, (codes) => JSON.stringify(codes) === JSON.stringify([...byRank].reverse()));
    await header('Tiến độ').click();
    const progressOf = new Map(rows.map((r) => [r.code, r.weighted_progress]));
    await until('the ranking by progress', rankingCodes, (codes) => codes.length === rows.length && codes.every((c, i) => i === 0 || progressOf.get(codes[i - 1]) <= progressOf.get(c)) && JSON.stringify(codes) !== JSON.stringify(byRank));
    await header('Tình trạng').click();
    await until('the ranking back to laggards first', rankingCodes, (codes) => JSON.stringify(codes) === JSON.stringify(want));
  });

  await check('leader\'s overview: a red heat map cell opens, in one click, the tasks that make it red with their days overdue and obstacles; the task page shows the expected progress', async () => {
    await signedOut();
    const token = await tokenOf('admin', password);
    await signIn('admin', password);
    for (const health of ['overdue', 'off_track']) {
      await page.goto(`${baseUrl}/overview`);
      const cell = page.locator(`.heatmap a.heat-cell[data-health="${health}"]`).first();
      await cell.waitFor();
      const label = (await cell.textContent()) ?? '';
      if (!label.includes(HEALTH_VI[health]) || !label.includes('vướng mắc')) throw new Error(`the red cell is labelled "${label}"`);
      await cell.click();
      await page.waitForURL(new RegExp(`/tasks\\?.*health=${health}`));
      const url = new URL(page.url());
      if (!url.searchParams.get('lead_agency_subtree') || !url.searchParams.get('resolution_id')) throw new Error(`the drill-down lost a filter: ${page.url()}`);
      await page.locator('.ant-select-selection-item', { hasText: HEALTH_VI[health] }).first().waitFor();
      const listed = (await apiCall('GET', `/tasks?${url.searchParams}`, token)).body;
      if (listed.total < 1) throw new Error(`the red cell opens no task: ${page.url()}`);
      await page.locator('.ant-pagination-total-text', { hasText: `Tổng ${listed.total}` }).waitFor();
      for (const task of listed.items) {
        const row = page.locator('.ant-table-row').filter({ has: page.locator(`.task-code[data-code="${task.code}"]`) });
        await row.waitFor();
        if (task.days_overdue) await row.locator('.task-days-overdue').filter({ hasText: `Quá hạn ${task.days_overdue} ngày` }).waitFor();
        else if ((await row.locator('.task-days-overdue').count()) > 0) throw new Error(`${task.code} is not overdue but its row says so`);
        if (task.latest_obstacles) await row.locator('.task-obstacles').filter({ hasText: `Vướng mắc: ${task.latest_obstacles}` }).waitFor();
        if (task.expected_progress !== null && task.expected_progress !== undefined) await row.locator('.task-expected').filter({ hasText: `Kỳ vọng ${viPercent(task.expected_progress)}` }).waitFor();
      }
      if (health === 'overdue' && !listed.items.some((t) => t.days_overdue > 0)) throw new Error('an overdue cell lists no task overdue');
      if (!listed.items.some((t) => t.latest_obstacles)) console.log(`note: none of the ${health} tasks behind the cell names an obstacle`);
      if (health === 'overdue') await page.screenshot({ path: resolve(screenshots, 'tasks-behind.png') });
      else {
        const task = listed.items[0];
        await page.locator(`.task-code[data-code="${task.code}"]`).click();
        await page.getByTestId('task-code').filter({ hasText: task.code }).waitFor();
        await page.locator('.task-expected').filter({ hasText: `Kỳ vọng ${viPercent(task.expected_progress)}` }).waitFor();
        if (task.latest_obstacles) await page.locator('.task-latest-obstacles').filter({ hasText: task.latest_obstacles }).waitFor();
      }
    }
    await signOut();
  });

  // RFC 6238 (SHA-1, 30 s, 6 digits) over a base32 secret, for a given time step.
  const base32Bytes = (secret) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const c of secret.replace(/=+$/, '').toUpperCase()) {
      const v = alphabet.indexOf(c);
      if (v < 0) throw new Error(`not base32: ${secret}`);
      bits += v.toString(2).padStart(5, '0');
    }
    const bytes = [];
    for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
    return Buffer.from(bytes);
  };
  const totpAt = (secret, step) => {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    const n = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
    return String(n % 1_000_000).padStart(6, '0');
  };
  // The server takes a code of the current step or one either side, each step once and in order:
  // every use takes the earliest step after the last one used that is still accepted.
  const totpLastStep = new Map();
  const nextTotp = (secret) => {
    const now = Math.floor(Date.now() / 1000 / 30);
    const step = Math.max(now - 1, (totpLastStep.get(secret) ?? -Infinity) + 1);
    if (step > now + 1) throw new Error('no unused TOTP step left in the accepted window');
    totpLastStep.set(secret, step);
    return totpAt(secret, step);
  };

  await check('a new user turns on two-step verification on the account page (QR code, secret, ten recovery codes), then logs in with password and code — a wrong code refused in Vietnamese first — and ends another of its sessions from the list: that session\'s token gets 401', async () => {
    await signedOut();
    const adminToken = await tokenOf('admin', password);
    const root = (await apiCall('GET', '/me', adminToken)).body.agency_id;
    const username = `totp.${Date.now().toString(36)}`;
    const userPassword = 'Hai-lop@2026!';
    const created = await apiCall('POST', '/users', adminToken, { username, display_name: `Kiểm thử hai lớp ${username}`, agency_id: root, roles: ['viewer'], password: userPassword });
    if (created.status !== 201 && created.status !== 200) throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);

    await signIn(username, userPassword);
    await page.goto(`${baseUrl}/account`);
    const card = page.getByTestId('totp-card');
    await card.getByText('Chưa bật').waitFor();
    await card.getByRole('button', { name: 'Bật', exact: true }).click();
    // Enrolment starts with the current password (a stolen token cannot put its own second factor on).
    await card.getByLabel('Mật khẩu hiện tại').fill(userPassword);
    await card.getByRole('button', { name: 'Tiếp tục' }).click();
    const secret = (await card.getByTestId('totp-secret').innerText()).trim();
    if (!/^[A-Z2-7]+=*$/.test(secret)) throw new Error(`the secret reads "${secret}"`);
    const qr = await card.locator('img.totp-qr').getAttribute('src');
    if (!qr?.startsWith('data:image/svg+xml;base64,')) throw new Error(`the QR code's source is ${qr?.slice(0, 40)}`);
    if (!(await card.locator('img.totp-qr').evaluate((img) => img.complete && img.naturalWidth > 0))) throw new Error('the QR code is not drawn');
    await page.screenshot({ path: resolve(screenshots, 'totp-enrolment.png'), fullPage: true });
    await card.getByLabel('Mã xác thực').fill(nextTotp(secret));
    await card.getByRole('button', { name: 'Xác nhận' }).click();
    const codes = card.getByTestId('recovery-codes');
    await codes.getByText('chỉ hiển thị một lần').waitFor();
    const recovery = await codes.locator('.recovery-code').allInnerTexts();
    if (recovery.length !== 10 || new Set(recovery).size !== 10) throw new Error(`${recovery.length} recovery codes shown: ${recovery.join(', ')}`);
    await codes.getByRole('button', { name: 'Tải về (.txt)' }).waitFor();
    await codes.getByRole('button', { name: 'Sao chép' }).waitFor();
    await page.screenshot({ path: resolve(screenshots, 'totp-recovery-codes.png'), fullPage: true });
    await codes.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
    await card.getByText('Đang bật').waitFor();
    await card.getByText('Còn 10 mã khôi phục chưa dùng.', { exact: false }).waitFor();

    await signOut();
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(userPassword);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const codeField = page.getByLabel('Mã xác thực');
    await codeField.waitFor();
    await page.getByRole('button', { name: 'Dùng mã khôi phục' }).waitFor();
    // A code no accepted step has.
    const now = Math.floor(Date.now() / 1000 / 30);
    const valid = new Set([-1, 0, 1, 2].map((d) => totpAt(secret, now + d)));
    let wrong = 123456;
    while (valid.has(String(wrong))) wrong += 1;
    await codeField.fill(String(wrong));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.locator('.ant-form-item').filter({ has: codeField }).getByText('Mã xác thực không đúng, đã hết hạn hoặc đã được dùng.').waitFor();
    await page.screenshot({ path: resolve(screenshots, 'login-second-factor.png') });
    if (!page.url().endsWith('/login')) throw new Error(`a wrong code left the login page: ${page.url()}`);
    await codeField.fill(nextTotp(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('current-user').waitFor();

    // Another session of the same user, through the API (with the next code); ended from the list.
    const other = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'e2e-other-device' },
      body: JSON.stringify({ username, password: userPassword, totp_code: nextTotp(secret) }),
    });
    if (!other.ok) throw new Error(`the second login answered ${other.status}`);
    const otherToken = (await other.json()).access_token;
    const otherId = (await apiCall('GET', '/me/sessions', otherToken)).body.find((x) => x.current)?.id;
    if (!otherId) throw new Error('the second session is not listed as its own current one');
    await page.goto(`${baseUrl}/account`);
    const sessions = page.getByTestId('sessions-card');
    const otherRow = sessions.locator(`tr[data-session-id="${otherId}"]`);
    await otherRow.waitFor();
    await sessions.locator('tr[data-current="true"]').getByText('Phiên này').waitFor();
    const times = await otherRow.locator('td').allInnerTexts();
    if (!times.some((c) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(c.trim()))) throw new Error(`the row's times are not dd/mm/yyyy HH:mm: ${times.join(' | ')}`);
    await page.screenshot({ path: resolve(screenshots, 'account-sessions.png'), fullPage: true });
    await otherRow.getByRole('button', { name: 'Kết thúc' }).click();
    await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: 'Kết thúc' }).click();
    await otherRow.waitFor({ state: 'detached' });
    const after = await apiCall('GET', '/me', otherToken);
    if (after.status !== 401) throw new Error(`the ended session's token still gets ${after.status}`);
    await sessions.locator('tr[data-current="true"]').waitFor();
    await signOut();
  });


  await check('when the settings require two-step verification of a role, a new user of that role is sent to the enrolment page and reaches nothing else (no menu, other addresses, the API answers 403); after enrolling, the app opens without a new login', async () => {
    await signedOut();
    const adminToken = await tokenOf('admin', password);
    const root = (await apiCall('GET', '/me', adminToken)).body.agency_id;
    const original = (await apiCall('GET', '/settings/totp', adminToken)).body.required_roles;
    const username = `enrol.${Date.now().toString(36)}`;
    const userPassword = 'Bat-buoc@2026!';
    const created = await apiCall('POST', '/users', adminToken, { username, display_name: `Kiểm thử bắt buộc ${username}`, agency_id: root, roles: ['viewer'], password: userPassword });
    if (created.status >= 300) throw new Error(`creating ${username}: ${created.status}`);
    const put = await apiCall('PUT', '/settings/totp', adminToken, { required_roles: [...new Set([...original, 'viewer'])] });
    if (put.status >= 300) throw new Error(`PUT /settings/totp answered ${put.status}`);
    try {
      const viaApi = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: userPassword }) });
      const pair = await viaApi.json();
      if (pair.second_factor_enrolment_required !== true) throw new Error(`the token pair says second_factor_enrolment_required=${pair.second_factor_enrolment_required}`);
      const refused = await apiCall('GET', '/tasks', pair.access_token);
      if (refused.status !== 403 || refused.body?.code !== 'second_factor_enrolment_required') throw new Error(`GET /tasks of an enrol-only session: ${refused.status} ${refused.body?.code}`);

      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(userPassword);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      const enrolment = page.getByTestId('enrolment-page');
      await enrolment.getByRole('heading', { name: 'Cần bật xác thực hai lớp' }).waitFor();
      await enrolment.getByText('Vai trò của bạn bắt buộc dùng xác thực hai lớp', { exact: false }).waitFor();
      if ((await page.getByRole('navigation').count()) !== 0) throw new Error('an enrol-only session shows the menu');
      await page.screenshot({ path: resolve(screenshots, 'totp-enrolment-required.png'), fullPage: true });
      await page.goto(`${baseUrl}/tasks`);
      await enrolment.getByRole('heading', { name: 'Cần bật xác thực hai lớp' }).waitFor(); // after a reload, from the refresh
      if ((await page.getByRole('navigation').count()) !== 0) throw new Error('an enrol-only session shows the menu after a reload');
      const card = page.getByTestId('totp-card');
      await card.getByRole('button', { name: 'Bật', exact: true }).click();
      await card.getByLabel('Mật khẩu hiện tại').fill(userPassword);
      await card.getByRole('button', { name: 'Tiếp tục' }).click();
      const secret = (await card.getByTestId('totp-secret').innerText()).trim();
      await card.getByLabel('Mã xác thực').fill(nextTotp(secret));
      await card.getByRole('button', { name: 'Xác nhận' }).click();
      const codes = card.getByTestId('recovery-codes');
      await codes.locator('.recovery-code').nth(9).waitFor();
      await codes.getByRole('button', { name: 'Vào hệ thống' }).click();
      await page.getByTestId('current-user').waitFor();
      await page.getByRole('navigation').getByText('Nhiệm vụ', { exact: true }).waitFor();
      await page.reload();
      await page.getByTestId('current-user').waitFor();
      if ((await page.getByTestId('enrolment-page').count()) !== 0) throw new Error('the enrolment page is back after a reload');
      await signOut();
    } finally {
      await apiCall('PUT', '/settings/totp', adminToken, { required_roles: original });
    }
  });

  // Reports: a report of any scope and period in every format, and scheduled reports.
  const ROMAN = ['I', 'II', 'III', 'IV'];
  // The quarter that closed last (the page's default), with its days.
  const lastQuarter = (() => {
    const now = new Date();
    const current = Math.floor(now.getMonth() / 3) + 1;
    const [year, q] = current === 1 ? [now.getFullYear() - 1, 4] : [now.getFullYear(), current - 1];
    const pad = (n) => String(n).padStart(2, '0');
    const lastDay = new Date(Date.UTC(year, q * 3, 0)).getUTCDate();
    return { year, q, from: `${year}-${pad(q * 3 - 2)}-01`, to: `${year}-${pad(q * 3)}-${pad(lastDay)}` };
  })();
  const quarterWords = (q, year, from, to) => `Quý ${ROMAN[q - 1]} năm ${year}: ${vnIso(from)} – ${vnIso(to)}`;
  // antd's Select by its field's label: open it, then pick the option from the open dropdown.
  const pickOption = async (scope, fieldLabel, option) => {
    await scope.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: new RegExp(`^${fieldLabel}$`) }) }).locator('.ant-select-selector').click();
    // The list once it has finished sliding in: CI once clicked an option mid-animation, and the
    // click chose nothing.
    await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="slide-up"]) .ant-select-item-option[title="${option}"]`).click();
  };
  const openReports = async () => {
    await page.getByRole('navigation').getByText('Báo cáo', { exact: true }).click();
    await page.waitForURL(/\/reports$/);
    await page.getByRole('heading', { name: 'Báo cáo', level: 1 }).waitFor();
  };

  await check('admin opens "Báo cáo": the last closed quarter is chosen and named in words; a range ending before it starts is refused next to "Đến ngày", kept as typed, and nothing is sent', async () => {
    await signedOut();
    await signIn('admin', password);
    await openReports();
    const words = page.getByTestId('report-period-words');
    await words.filter({ hasText: quarterWords(lastQuarter.q, lastQuarter.year, lastQuarter.from, lastQuarter.to) }).waitFor();
    const sent = [];
    const onRequest = (r) => r.url().includes('/api/v1/reports/periodic') && sent.push(r.url());
    page.on('request', onRequest);
    try {
      await pickOption(page, 'Kỳ báo cáo', 'Khoảng thời gian');
      for (const [label, value] of [['Từ ngày', '15/03/2026'], ['Đến ngày', '10/03/2026']]) {
        const input = page.getByLabel(label, { exact: true });
        await input.click();
        await input.fill(value);
        await input.press('Enter');
      }
      const toField = page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: /^Đến ngày$/ }) });
      await toField.locator('.ant-form-item-explain-error').filter({ hasText: 'Ngày kết thúc không được trước ngày bắt đầu.' }).waitFor();
      await page.getByRole('button', { name: buttonName('Tải PDF') }).click();
      await page.getByRole('button', { name: buttonName('Xem bản in') }).click();
      await page.waitForTimeout(500);
      if (sent.length > 0) throw new Error(`a report was asked for: ${sent.join(', ')}`);
      const typed = [await page.getByLabel('Từ ngày', { exact: true }).inputValue(), await page.getByLabel('Đến ngày', { exact: true }).inputValue()];
      if (typed.join(' ') !== '15/03/2026 10/03/2026') throw new Error(`the range was changed to ${typed.join(' – ')}`);
    } finally {
      page.off('request', onRequest);
    }
  });

  await check('admin downloads the Word, PDF and Excel report of the last closed quarter: each file is named after the scope and the period and is a real .docx (PK), .pdf (%PDF-) or .xlsx (PK); the print preview shows the report in a sandboxed frame', async () => {
    await signedOut();
    await signIn('admin', password);
    await openReports();
    const compact = (iso) => iso.replaceAll('-', '');
    for (const [label, ext, magic] of [['Tải Word (.docx)', 'docx', 'PK'], ['Tải PDF', 'pdf', '%PDF-'], ['Tải Excel (.xlsx)', 'xlsx', 'PK']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName(label) }).click()]);
      const file = download.suggestedFilename();
      const named = [`-${lastQuarter.from}-${lastQuarter.to}.${ext}`, `-${compact(lastQuarter.from)}-${compact(lastQuarter.to)}.${ext}`];
      if (!file.startsWith('bao-cao-') || !named.some((end) => file.endsWith(end))) throw new Error(`the ${ext} file is named "${file}"`);
      const head = readFileSync(await download.path()).subarray(0, magic.length).toString('latin1');
      if (head !== magic) throw new Error(`${file} starts with ${JSON.stringify(head)}, not ${magic}`);
    }
    await page.getByRole('button', { name: buttonName('Xem bản in') }).click();
    const dialog = page.getByRole('dialog');
    const frame = dialog.locator('iframe[title="Nội dung báo cáo"]');
    await frame.waitFor();
    if ((await frame.getAttribute('sandbox')) !== '') throw new Error('the preview frame is not sandboxed');
    await page.frameLocator('iframe[title="Nội dung báo cáo"]').getByText('BÁO CÁO', { exact: false }).first().waitFor();
    await dialog.getByRole('button', { name: 'Đóng', exact: true }).first().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await check('admin schedules a quarterly Word report with themselves as recipient: it is listed with its next period in words, ?schedule= opens its runs, and it is deleted after a confirmation naming it', async () => {
    await signedOut();
    const token = await tokenOf('admin', password);
    await signIn('admin', password);
    await openReports();
    const before = new Set((await apiCall('GET', '/report-schedules', token)).body.items.map((s) => s.id));
    await page.getByRole('button', { name: buttonName('Lập lịch báo cáo') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Người nhận', { exact: true }).waitFor();
    const recipients = dialog.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: /^Người nhận$/ }) });
    const chosen = recipients.locator('.ant-select-selection-item').filter({ hasText: 'Quản trị hệ thống (admin)' });
    // The people load with the dialog: pick once the option is there, and see it chosen before saving.
    for (let attempt = 0; (await chosen.count()) === 0; attempt += 1) {
      if (attempt === 3) throw new Error('the admin could not be chosen as recipient');
      await recipients.locator('.ant-select-selector').click();
      await recipients.locator('input').fill('admin');
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="Quản trị hệ thống (admin)"]').click();
      await chosen.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    await dialog.locator('.ant-modal-title').click(); // closes the people's dropdown
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = (await apiCall('GET', '/report-schedules', token)).body.items.find((s) => !before.has(s.id));
    if (!created) throw new Error('no schedule was created');
    if (created.period_kind !== 'quarter' || created.format !== 'docx' || created.recipient_ids.length !== 1) throw new Error(`created ${JSON.stringify(created)}`);
    const { from, to } = created.next_period;
    const q = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
    const row = page.locator('.schedules-table tbody tr.ant-table-row').filter({ hasText: quarterWords(q, Number(from.slice(0, 4)), from, to) });
    await row.filter({ hasText: 'Hằng quý' }).filter({ hasText: 'Word (.docx)' }).filter({ hasText: '1 người' }).waitFor();
    await noToasts();
    await page.mouse.move(1200, 10);
    await page.screenshot({ path: resolve(screenshots, 'reports.png') });

    await page.goto(`${baseUrl}/reports?schedule=${created.id}`);
    const runs = page.getByRole('dialog');
    await runs.getByText(`Các báo cáo đã lập: ${created.agency_name} — Hằng quý, Word (.docx)`).waitFor();
    await runs.getByText('Lịch này chưa lập báo cáo nào', { exact: false }).waitFor();
    await runs.getByRole('button', { name: 'Đóng', exact: true }).first().click();
    await runs.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: buttonName('Xóa') }).click();
    const confirm = page.locator('.ant-popover:not(.ant-popover-hidden)');
    await confirm.getByText(`Xóa lịch “${created.agency_name} — Hằng quý, Word (.docx)”?`, { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Xóa', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    const after = (await apiCall('GET', '/report-schedules', token)).body.items;
    if (after.some((s) => s.id === created.id)) throw new Error('the schedule is still listed by the API');
  });

  await check('tabs: a task link opened in a second tab of the same browser is signed in; both tabs renewing at once send each refresh token once and stay signed in; signing out in one tab signs out the other', async () => {
    await signedOut();
    await signIn('kehoach.hn', DEMO_PASSWORD);
    const task = (await apiCall('GET', '/tasks?limit=1', await tokenOf('kehoach.hn', DEMO_PASSWORD))).body.items[0];
    if (!task) throw new Error('kehoach.hn sees no task');
    const context = page.context();
    const refreshTokens = [];
    const onRequest = (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/auth/refresh')) refreshTokens.push(r.postDataJSON()?.refresh_token);
    };
    context.on('request', onRequest);
    const second = await context.newPage();
    second.setDefaultTimeout(TIMEOUT);
    try {
      const secondAddresses = [];
      second.on('framenavigated', (frame) => frame === second.mainFrame() && secondAddresses.push(frame.url()));
      await second.goto(`${baseUrl}/tasks/${task.id}`);
      await second.getByTestId('task-code').filter({ hasText: task.code }).waitFor();
      if (secondAddresses.some((u) => u.endsWith('/login'))) throw new Error(`the new tab went through the login page: ${secondAddresses.join(' → ')}`);
      if (refreshTokens.length > 0) throw new Error('the new tab renewed the session instead of taking the first tab\'s pair');

      // Both tabs' next task list request is refused as if their access token had expired, at the same moment.
      const refuse = (route) => route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }) });
      await Promise.all([page, second].map((p) => p.route(/\/api\/v1\/tasks(\?|$)/, refuse, { times: 1 })));
      await Promise.all([page, second].map((p) => p.getByRole('navigation').getByText('Nhiệm vụ', { exact: true }).click()));
      await Promise.all([page, second].map((p) => p.locator('.ant-table-row').first().waitFor()));
      if (refreshTokens.length === 0) throw new Error('the refused requests caused no refresh');
      if (new Set(refreshTokens).size !== refreshTokens.length) throw new Error(`a refresh token was sent twice (${refreshTokens.length} refreshes)`);
      for (const p of [page, second]) if (p.url().endsWith('/login')) throw new Error('a tab was sent to the login page');
      // The session survived (a replayed refresh token would have revoked it): the second tab reloads and reads the task.
      await second.goto(`${baseUrl}/tasks/${task.id}`);
      await second.getByTestId('task-code').filter({ hasText: task.code }).waitFor();

      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL(/\/login$/);
      await second.waitForURL(/\/login$/);
      await second.getByText('Bạn đã đăng xuất.').waitFor();
    } finally {
      context.off('request', onRequest);
      await second.close();
    }
  });

  if (failedRequests.length > 0) console.log(`note: failed requests: ${failedRequests.join(', ')}`);
} finally {
  await browser.close();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`axe: ${axeChecked.size} distinct page(s) checked (${[...axeChecked].join(', ')})`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
