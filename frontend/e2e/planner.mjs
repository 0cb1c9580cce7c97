// Browser test of the planners' screens against a running restrack server (API + this SPA):
// resolutions, indicators, targets per agency and period, linking a KPI to a task, indicator sets.
//   RESTRACK_E2E_URL=http://127.0.0.1:18110 RESTRACK_E2E_ADMIN_PASSWORD=… npm run e2e:planner
// It signs in as the demo planner of Hà Nội (kehoach.hn, the demo password; RESTRACK_E2E_PLANNER_PASSWORD
// overrides it). After each step it reloads the page and reads the API to check the state really changed.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations, describeViolation, routePattern } from './axe.mjs';
import { launchChromium } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.RESTRACK_E2E_URL ?? '').replace(/\/$/, '');
const plannerPassword = process.env.RESTRACK_E2E_PLANNER_PASSWORD ?? 'Demo@2026!';
const screenshots = resolve(here, process.env.RESTRACK_E2E_SCREENSHOTS ?? '../../docs/screenshots');
const PLANNER = 'kehoach.hn';
const VIEWER = 'lanhdao.tw';

if (!baseUrl) {
  console.error('planner e2e: set RESTRACK_E2E_URL');
  console.log('planner e2e: 0 passed, 1 failed');
  process.exit(2);
}
mkdirSync(screenshots, { recursive: true });

const TIMEOUT = 15_000;
const results = [];
let page;
const only = process.env.RESTRACK_E2E_ONLY ?? '';

// axe-core checks the page each check ends on (its open dialog or drawer included), once per distinct
// page: a critical or serious violation fails the check.
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
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    const shot = resolve(screenshots, `planner-failure-${results.length}.png`);
    await page?.screenshot({ path: shot, fullPage: true }).then(() => console.log(`     screenshot: ${shot}`), () => undefined);
  }
}

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
const expectEqual = (what, actual, expected) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
};

const browser = await launchChromium();

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // Every write the page sends, to prove that a refused form sent nothing.
  const writes = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.url().includes('/api/v1/') && !r.url().includes('/auth/')) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  const writesTo = (prefix) => writes.filter((w) => w.startsWith(prefix)).length;

  const stamp = Date.now().toString(36).toUpperCase();
  const resolutionCode = `NQ-E2E-${stamp}`;
  const indicatorCode = `CT-E2E-${stamp}`;
  const setCode = `BO-E2E-${stamp}`;
  const state = {};
  const token = () => state.token;

  /** The form item (label + control + its messages) whose label is exactly `label`. */
  const field = (label) => page.locator('.ant-form-item').filter({ has: page.getByText(label, { exact: true }) }).last();
  const fieldError = (label) => field(label).locator('.ant-form-item-explain-error');
  const expectFieldError = async (label, text) => {
    await fieldError(label).filter({ hasText: text }).first().waitFor();
  };
  /** Picks an option of an antd Select or TreeSelect by the text the option shows. */
  const pick = async (label, search, optionText) => {
    await field(label).locator('.ant-select-selector').click();
    if (search) await page.keyboard.type(search);
    // The list once it has finished sliding in (a click mid-animation may choose nothing).
    const dropdown = page.locator('.ant-select-dropdown:visible:not([class*="slide-up"]), .ant-tree-select-dropdown:visible:not([class*="slide-up"])').last();
    await dropdown.getByText(optionText, { exact: false }).first().click();
  };
  const signIn = async (username, pw) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(pw);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByTestId('current-user').waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login$/);
  };

  await check('a viewer sees no create buttons (me.actions decides)', async () => {
    await signIn(VIEWER, plannerPassword);
    await page.goto(`${baseUrl}/resolutions`);
    await page.getByRole('heading', { name: 'Nghị quyết' }).waitFor();
    await page.locator('.resolution-link').first().waitFor();
    if ((await page.getByRole('button', { name: /Thêm nghị quyết$/ }).count()) > 0) throw new Error('a viewer is offered "Thêm nghị quyết"');
    await page.goto(`${baseUrl}/indicators`);
    await page.locator('.indicator-link').first().waitFor();
    if ((await page.getByRole('button', { name: /Thêm chỉ tiêu$/ }).count()) > 0) throw new Error('a viewer is offered "Thêm chỉ tiêu"');
    await page.locator('.indicator-link').first().click();
    await page.getByTestId('indicator-code').waitFor();
    await page.getByTestId('targets-card').waitFor();
    if ((await page.getByRole('button', { name: /Sửa chỉ tiêu$|Sửa mục tiêu theo kỳ$/ }).count()) > 0) throw new Error('a viewer is offered an edit button');
    await signOut();
  });

  await check('the planner signs in and is offered "Thêm nghị quyết"', async () => {
    await signIn(PLANNER, plannerPassword);
    state.token = await tokenOf(PLANNER, plannerPassword);
    state.me = (await apiCall('GET', '/me', token())).body;
    if (!state.me.actions.plan_resolutions || !state.me.actions.plan_indicators) throw new Error('the demo planner may not plan');
    await page.goto(`${baseUrl}/resolutions`);
    await page.getByRole('button', { name: /Thêm nghị quyết$/ }).waitFor();
  });

  await check('an empty or malformed resolution is refused next to its fields and nothing is sent', async () => {
    await page.getByRole('button', { name: /Thêm nghị quyết$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await expectFieldError('Số hiệu', 'Vui lòng nhập số hiệu');
    await expectFieldError('Trích yếu', 'Vui lòng nhập trích yếu');
    await field('Số hiệu').locator('input').fill('NQ 01 sai');
    await expectFieldError('Số hiệu', 'Mã chỉ gồm chữ cái không dấu');
    await page.screenshot({ path: resolve(screenshots, 'planner-resolution-refused.png') });
    expectEqual('writes sent', writesTo('POST /api/v1/resolutions'), 0);
  });

  await check('the planner creates a resolution; after a reload it is there, as the API says', async () => {
    await field('Số hiệu').locator('input').fill(resolutionCode);
    await field('Trích yếu').locator('textarea').fill('Nghị quyết kiểm thử của kế hoạch viên');
    await field('Tóm tắt nội dung').locator('textarea').fill('Tóm tắt: đẩy mạnh chuyển đổi số.');
    await field('Ngày ban hành').locator('input').fill('05/01/2026');
    await page.keyboard.press('Tab');
    await page.getByRole('dialog').getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await page.waitForURL(/\/resolutions\/[^/]+$/);
    state.resolutionId = page.url().split('/').pop();
    await page.reload();
    await page.getByTestId('resolution-code').filter({ hasText: resolutionCode }).waitFor();
    await page.getByText('05/01/2026').first().waitFor();
    const r = (await apiCall('GET', `/resolutions/${state.resolutionId}`, token())).body;
    expectEqual('resolution', [r.code, r.title, r.summary, r.issued_on, r.status], [resolutionCode, 'Nghị quyết kiểm thử của kế hoạch viên', 'Tóm tắt: đẩy mạnh chuyển đổi số.', '2026-01-05', 'draft']);
  });

  await check('the planner edits the resolution (title, status); the reloaded page and the API show it', async () => {
    await page.getByRole('button', { name: /Sửa nghị quyết$/ }).click();
    await field('Trích yếu').locator('textarea').fill('Nghị quyết kiểm thử (đã sửa)');
    await pick('Trạng thái', null, 'Đang thực hiện');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Nghị quyết kiểm thử (đã sửa)' }).waitFor();
    const r = (await apiCall('GET', `/resolutions/${state.resolutionId}`, token())).body;
    expectEqual('resolution', [r.title, r.status], ['Nghị quyết kiểm thử (đã sửa)', 'active']);
    await page.screenshot({ path: resolve(screenshots, 'planner-resolution.png') });
  });

  await check('an indicator with a baseline "abc" or no group is refused next to the fields and nothing is sent', async () => {
    await page.goto(`${baseUrl}/indicators`);
    await page.getByRole('button', { name: /Thêm chỉ tiêu$/ }).click();
    await field('Mã').locator('input').fill(indicatorCode);
    await field('Tên chỉ tiêu').locator('textarea').fill('Tỷ lệ hồ sơ xử lý trực tuyến (kiểm thử)');
    await field('Giá trị cơ sở').locator('input').fill('abc');
    await page.getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await expectFieldError('Giá trị cơ sở', 'Phải là một số');
    await expectFieldError('Nhóm', 'Vui lòng nhập nhóm');
    await page.screenshot({ path: resolve(screenshots, 'planner-indicator-refused.png') });
    expectEqual('writes sent', writesTo('POST /api/v1/indicators'), 0);
  });

  await check('the planner creates the indicator with its reference sheet; the API has every attribute', async () => {
    await pick('Nhóm', null, 'Đầu ra');
    await field('Đơn vị tính').locator('input').fill('hồ sơ');
    await field('Giá trị cơ sở').locator('input').fill('12,5');
    await field('Kỳ của giá trị cơ sở').locator('input').fill('2025');
    await field('Mục tiêu cuối kỳ').locator('input').fill('40');
    await field('Kỳ đạt mục tiêu cuối kỳ').locator('input').fill('2030');
    await field('Định nghĩa').locator('textarea').fill('Số hồ sơ xử lý trực tuyến toàn trình.');
    await field('Nguồn số liệu').locator('textarea').fill('Hệ thống một cửa điện tử.');
    await field('Phương pháp tính').locator('textarea').fill('Đếm theo năm.');
    await field('Cách kiểm chứng').locator('textarea').fill('Đối chiếu nhật ký hệ thống.');
    await page.getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await page.waitForURL(/\/indicators\/[^/]+$/);
    state.indicatorId = page.url().split('/').pop();
    await page.reload();
    await page.getByTestId('indicator-code').filter({ hasText: indicatorCode }).waitFor();
    await page.getByText('12,5 hồ sơ').first().waitFor();
    const i = (await apiCall('GET', `/indicators/${state.indicatorId}`, token())).body;
    expectEqual('indicator', [i.group, i.unit, i.baseline_value, i.baseline_period, i.target_value, i.target_period, i.definition, i.method], ['output', 'hồ sơ', 12.5, '2025', 40, '2030', 'Số hồ sơ xử lý trực tuyến toàn trình.', 'Đếm theo năm.']);
  });

  await check('a target "abc" is refused next to the field and nothing is sent', async () => {
    await page.getByRole('button', { name: /Sửa mục tiêu theo kỳ$/ }).click();
    await page.getByRole('button', { name: /Thêm mục tiêu$/ }).click();
    await field('Kỳ (dòng 1)').locator('input').fill('2027');
    await field('Mục tiêu (dòng 1)').locator('input').fill('abc');
    await page.getByRole('button', { name: /Lưu mục tiêu$/ }).click();
    await expectFieldError('Mục tiêu (dòng 1)', 'Phải là một số');
    await field('Kỳ (dòng 1)').locator('input').fill('2027-Q1');
    await page.getByRole('button', { name: /Lưu mục tiêu$/ }).click();
    await expectFieldError('Kỳ (dòng 1)', 'không khớp với kỳ báo cáo');
    await page.screenshot({ path: resolve(screenshots, 'planner-targets-refused.png') });
    expectEqual('writes sent', writesTo('PUT /api/v1/indicators'), 0);
  });

  await check('the planner sets a target for an agency and a period; the reloaded page and the API show it', async () => {
    await pick('Đơn vị (dòng 1)', 'HN', `HN — ${state.me.agency.name}`);
    await field('Kỳ (dòng 1)').locator('input').fill('2027');
    await field('Mục tiêu (dòng 1)').locator('input').fill('25,5');
    await page.getByRole('button', { name: /Lưu mục tiêu$/ }).click();
    await page.getByRole('button', { name: /Sửa mục tiêu theo kỳ$/ }).waitFor();
    await page.reload();
    const card = page.getByTestId('targets-card');
    await card.getByText('Năm 2027').waitFor();
    await card.getByText('25,5 hồ sơ').waitFor();
    await card.getByText(state.me.agency.name).waitFor();
    const targets = (await apiCall('GET', `/indicators/${state.indicatorId}/targets`, token())).body;
    const interim = targets.interim.map((t) => [t.agency_id, t.period, t.value]);
    expectEqual('interim targets', interim, [[state.me.agency_id, '2027', 25.5]]);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'planner-indicator.png'), fullPage: true });
  });

  await check('the planner links the indicator to a task; the task page lists it as a KPI', async () => {
    const tasks = (await apiCall('GET', `/tasks?limit=1&sort=code&lead_agency_id=${state.me.agency_id}`, token())).body;
    const task = tasks.items[0] ?? (await apiCall('GET', '/tasks?limit=1&sort=code', token())).body.items[0];
    if (!task) throw new Error('no task in reach of the planner');
    await page.getByRole('button', { name: /Sửa chỉ tiêu$/ }).click();
    await pick('Nhiệm vụ liên kết (KPI của nhiệm vụ)', task.code, task.code);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.locator('.ant-drawer').waitFor({ state: 'detached' });
    const i = (await apiCall('GET', `/indicators/${state.indicatorId}`, token())).body;
    expectEqual('task_id', i.task_id, task.id);
    await page.goto(`${baseUrl}/tasks/${task.id}`);
    await page.getByTestId('task-kpis').locator(`.task-kpi-link[data-code="${indicatorCode}"]`).waitFor();
    state.task = task;
  });

  await check('on the task page the planner links another indicator as a KPI; a link needs a choice', async () => {
    // A second indicator made through the API, to be linked from the task page.
    const other = await apiCall('POST', '/indicators', token(), {
      code: `${indicatorCode}-B`, name: 'Chỉ tiêu liên kết từ nhiệm vụ (kiểm thử)', group: 'process', value_type: 'number',
      direction: 'increase', aggregation: 'sum', frequency: 'yearly', owner_agency_id: state.me.agency_id,
    });
    if (other.status !== 201) throw new Error(`cannot create the second indicator (${other.status})`);
    const kpis = page.getByTestId('task-kpis');
    await kpis.getByRole('button', { name: /Liên kết chỉ tiêu$/ }).click();
    await kpis.getByRole('button', { name: 'Liên kết', exact: true }).click();
    await kpis.getByText('Vui lòng chọn chỉ tiêu').waitFor();
    await pick('Chỉ tiêu cần liên kết', `${indicatorCode}-B`, `${indicatorCode}-B`);
    await kpis.getByRole('button', { name: 'Liên kết', exact: true }).click();
    await kpis.locator(`.task-kpi-link[data-code="${indicatorCode}-B"]`).waitFor();
    await page.reload();
    await page.getByTestId('task-kpis').locator(`.task-kpi-link[data-code="${indicatorCode}-B"]`).waitFor();
    await page.getByTestId('task-kpis').locator(`.task-kpi-link[data-code="${indicatorCode}"]`).waitFor();
    expectEqual('task_id after linking', (await apiCall('GET', `/indicators/${other.body.id}`, token())).body.task_id, state.task.id);
    await page.getByTestId('task-kpis').scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(screenshots, 'planner-task-kpis.png') });
  });

  await check('the planner unlinks the second KPI from the task page after a confirmation naming it; the API shows no link', async () => {
    const kpis = page.getByTestId('task-kpis');
    const card = kpis.locator(`.task-kpi[data-code="${indicatorCode}-B"]`);
    await card.getByRole('button', { name: `Bỏ liên kết chỉ tiêu ${indicatorCode}-B khỏi nhiệm vụ` }).click();
    // The confirmation once it has finished zooming in: CI once clicked its button mid-animation,
    // and the click confirmed nothing.
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden):not([class*="zoom"])');
    await confirm.getByText(`Bỏ liên kết chỉ tiêu ${indicatorCode}-B khỏi nhiệm vụ này?`).waitFor();
    const before = writesTo('PATCH /api/v1/indicators/');
    await confirm.getByRole('button', { name: 'Bỏ liên kết', exact: true }).click();
    await card.waitFor({ state: 'detached' });
    expectEqual('unlinks sent', writesTo('PATCH /api/v1/indicators/') - before, 1);
    await page.reload();
    await page.getByTestId('task-kpis').locator(`.task-kpi-link[data-code="${indicatorCode}"]`).waitFor();
    expectEqual('KPIs of the task', (await page.getByTestId('task-kpis').locator(`.task-kpi-link[data-code="${indicatorCode}-B"]`).count()), 0);
    const listed = (await apiCall('GET', `/indicators?task_id=${state.task.id}`, token())).body.items.map((i) => i.code);
    expectEqual('linked indicators', listed, [indicatorCode]);
  });

  await check('emptying a final target on edit is refused next to the field (the API cannot clear it)', async () => {
    await page.goto(`${baseUrl}/indicators/${state.indicatorId}`);
    await page.getByRole('button', { name: /Sửa chỉ tiêu$/ }).click();
    await field('Mục tiêu cuối kỳ').locator('input').fill('');
    await field('Kỳ đạt mục tiêu cuối kỳ').locator('input').fill('');
    const before = writesTo('PATCH /api/v1/indicators');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectFieldError('Mục tiêu cuối kỳ', 'chưa cho phép xóa');
    expectEqual('writes sent', writesTo('PATCH /api/v1/indicators') - before, 0);
    await page.getByRole('button', { name: 'Hủy', exact: true }).click();
  });

  await check('an indicator set with a weight of 0 is refused next to the field and nothing is sent', async () => {
    await page.goto(`${baseUrl}/indicator-sets`);
    await page.getByRole('heading', { name: 'Bộ chỉ tiêu' }).waitFor();
    await page.getByRole('button', { name: /Thêm bộ chỉ tiêu$/ }).click();
    await field('Mã bộ chỉ tiêu').locator('input').fill(setCode);
    await field('Tên bộ chỉ tiêu').locator('textarea').fill('Bộ chỉ tiêu kiểm thử');
    await page.getByRole('button', { name: /Thêm chỉ tiêu vào bộ$/ }).click();
    await pick('Chỉ tiêu (dòng 1)', indicatorCode, indicatorCode);
    await field('Trọng số (dòng 1)').locator('input').fill('0');
    await page.getByRole('dialog').getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await expectFieldError('Trọng số (dòng 1)', 'Trọng số phải lớn hơn 0');
    expectEqual('writes sent', writesTo('POST /api/v1/indicator-sets'), 0);
  });

  await check('the planner creates a draft set; after a reload it holds the indicator', async () => {
    await field('Trọng số (dòng 1)').locator('input').fill('2');
    await page.getByRole('dialog').getByRole('button', { name: 'Thêm mới', exact: true }).click();
    await page.waitForURL(/\/indicator-sets\/[^/]+$/);
    state.setId = page.url().split('/').pop();
    await page.reload();
    await page.getByTestId('set-code').filter({ hasText: setCode }).waitFor();
    await page.getByText('Dự thảo').first().waitFor();
    const s = (await apiCall('GET', `/indicator-sets/${state.setId}`, token())).body;
    expectEqual('set', [s.status, s.set_version, s.items], ['draft', 1, [{ indicator_id: state.indicatorId, weight: 2 }]]);
  });

  await check('the planner publishes the set after a confirmation naming it; a new version lists both', async () => {
    await page.getByRole('button', { name: /Công bố$/ }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText(`Công bố ${setCode}, phiên bản 1 gồm 1 chỉ tiêu`).waitFor();
    await confirm.getByRole('button', { name: 'Công bố' }).click();
    await page.reload();
    await page.getByTestId('set-code').waitFor();
    await page.locator('[data-status="published"]').first().waitFor();
    expectEqual('status', (await apiCall('GET', `/indicator-sets/${state.setId}`, token())).body.status, 'published');
    await page.getByRole('button', { name: /Tạo phiên bản mới$/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(state.setId));
    await page.reload();
    const versions = page.getByTestId('set-versions');
    await versions.getByText('Phiên bản 2').waitFor();
    await versions.getByText('Phiên bản 1').waitFor();
    const all = (await apiCall('GET', `/indicator-sets?code=${encodeURIComponent(setCode)}`, token())).body.items;
    expectEqual('versions', all.map((v) => `${v.set_version}:${v.status}`).sort(), ['1:published', '2:draft']);
    await page.screenshot({ path: resolve(screenshots, 'planner-set.png'), fullPage: true });
  });

  await check('the Ministry of Education\'s planner opens "Theo dõi ngành": the provinces compared on its indicator, as the API ranks them', async () => {
    await signOut();
    await signIn('kehoach.bgddt', plannerPassword);
    const ministry = await tokenOf('kehoach.bgddt', plannerPassword);
    await page.getByRole('menuitem', { name: 'Theo dõi ngành' }).click();
    await page.waitForURL((url) => url.pathname === '/sector');
    await page.getByRole('heading', { name: 'Theo dõi ngành' }).waitFor();
    const indicator = (await apiCall('GET', '/indicators?q=GD_MN5', ministry)).body.items[0];
    const compared = (await apiCall('GET', `/indicators/${indicator.id}/provinces`, ministry)).body;
    const ranked = compared.items.filter((r) => r.rank !== null);
    if (ranked.length < 3) throw new Error(`expected at least three ranked provinces, got ${ranked.length}`);
    await page.getByText(indicator.name).first().waitFor();
    const rows = page.locator('.sector-page .ant-table-tbody tr');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim())));
    expectEqual('provinces in order', shown.map((r) => r[1]), compared.items.map((r) => r.name));
    // Ranks and values as the API gives them, the value with a decimal comma.
    const first = ranked[0];
    expectEqual('first row', shown[0].slice(0, 2), [String(first.rank), first.name]);
    if (!shown[0][2].startsWith(String(first.value).replace('.', ','))) throw new Error(`value ${shown[0][2]} is not ${first.value} in Vietnamese`);
    // A province that has not reported (or whose figure waits for approval) is last, without a rank.
    const unranked = compared.items.length - ranked.length;
    if (unranked > 0) expectEqual('last rank', shown[shown.length - 1][0], '—');
    await page.screenshot({ path: resolve(screenshots, 'sector.png'), fullPage: true });
  });

  await check('a province\'s planner has no sector view in the menu, and its address answers that it is not for them', async () => {
    await signOut();
    await signIn(PLANNER, plannerPassword);
    const items = await page.getByRole('menuitem').allTextContents();
    if (items.some((t) => t.includes('Theo dõi ngành'))) throw new Error('the menu offers the sector view to Hà Nội');
    await page.goto(`${baseUrl}/sector`);
    await page.getByRole('heading', { name: 'Theo dõi ngành' }).waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
    if (await page.locator('.sector-page').count()) throw new Error('the sector page opened for Hà Nội');
  });
  // The steering committee and the sector line, as the administrator (who may set both). Things are
  // found by code and name (the demo hierarchy may be reshaped), never by their place in the tree.
  const adminPassword = process.env.RESTRACK_E2E_ADMIN_PASSWORD ?? '';
  /** axe on the page as it is now (a dialog included), whether or not its route was checked before. */
  const axeNow = async (what) => {
    await page.waitForTimeout(400);
    const violations = await axeViolations(page);
    for (const v of violations) console.log(`     axe ${what}: ${describeViolation(v)}`);
    if (violations.length > 0) throw new Error(`axe: ${violations.length} critical/serious violation(s) on ${what}`);
  };
  /** Signs the previous user out (when one is signed in: these checks also run alone) and the admin in. */
  const signInAdmin = async () => {
    if (!adminPassword) throw new Error('set RESTRACK_E2E_ADMIN_PASSWORD');
    // The login page sends a signed-in user on to the app, so wait until the page says which it is:
    // a page still loading its chunk shows neither (CI once read it as "nobody is signed in").
    await page.goto(`${baseUrl}/login`);
    const form = page.getByLabel('Tên đăng nhập');
    const current = page.getByTestId('current-user');
    await form.or(current).first().waitFor();
    if ((await current.count()) > 0) {
      if ((await current.textContent())?.includes('admin')) return;
      await signOut();
    }
    await signIn('admin', adminPassword);
  };
  /** Picks, in an open dialog's antd Select, the option named exactly `name` after typing `search`. */
  const pickAgency = async (label, search, name) => {
    await field(label).locator('.ant-select-selector').click();
    await page.keyboard.type(search);
    await page.locator(`.ant-select-dropdown:visible:not([class*="slide-up"]) .ant-select-item-option[title="${name}"]`).click();
  };

  await check('admin sets the steering committee of 71-NQ/TW with the pickers, sees it listed, and clears it again', async () => {
    await signInAdmin();
    const admin = await tokenOf('admin', adminPassword);
    const resolution = (await apiCall('GET', `/resolutions?q=${encodeURIComponent('71-NQ/TW')}`, admin)).body.items.find((r) => r.code === '71-NQ/TW');
    if (!resolution) throw new Error('no resolution 71-NQ/TW in the demo');
    const before = (await apiCall('GET', `/resolutions/${resolution.id}/committee`, admin)).body;
    expectEqual('committee before', [before.standing_agency_id ?? null, before.member_agency_ids, before.actions.edit], [null, [], true]);
    await page.goto(`${baseUrl}/resolutions/${resolution.id}`);
    const panel = page.getByTestId('committee-panel');
    await panel.getByText('Chưa thành lập Ban chỉ đạo.').waitFor();

    await panel.getByRole('button', { name: /Sửa Ban chỉ đạo$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Ban chỉ đạo nghị quyết 71-NQ/TW').waitFor();
    await pickAgency('Cơ quan thường trực', 'Giáo dục và Đào tạo', 'Bộ Giáo dục và Đào tạo');
    await pickAgency('Thành viên', 'Bộ Y tế', 'Bộ Y tế');
    await dialog.locator('.ant-modal-title').click(); // closes the members' dropdown
    await field('Thành viên').locator('.ant-select-selection-item[title="Bộ Y tế"]').waitFor();
    await page.waitForTimeout(400); // the dropdown fades out
    await dialog.screenshot({ path: resolve(screenshots, 'committee-dialog.png') });
    await axeNow('the committee dialog');
    const puts = writesTo('PUT /api/v1/resolutions/');
    await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expectEqual('PUT sent', writesTo('PUT /api/v1/resolutions/') - puts, 1);
    await panel.getByTestId('committee-standing').getByText('Bộ Giáo dục và Đào tạo', { exact: true }).waitFor();
    await panel.getByTestId('committee-members').getByText('Bộ Y tế', { exact: true }).waitFor();
    const set = (await apiCall('GET', `/resolutions/${resolution.id}/committee`, admin)).body;
    expectEqual('committee set', [set.standing_agency?.name, set.members.map((m) => m.name)], ['Bộ Giáo dục và Đào tạo', ['Bộ Y tế']]);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' }).catch(() => undefined);
    await panel.screenshot({ path: resolve(screenshots, 'committee.png') });
    await axeNow('the resolution page with its committee');

    // Back as the demo was: no committee.
    await panel.getByRole('button', { name: /Sửa Ban chỉ đạo$/ }).click();
    await field('Cơ quan thường trực').hover();
    await field('Cơ quan thường trực').locator('.ant-select-clear').click();
    await field('Thành viên').hover();
    await field('Thành viên').locator('.ant-select-clear').click();
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByText('Chưa thành lập Ban chỉ đạo.').waitFor();
    const after = (await apiCall('GET', `/resolutions/${resolution.id}/committee`, admin)).body;
    expectEqual('committee after', [after.standing_agency_id ?? null, after.member_agency_ids], [null, []]);
  });

  await check('admin edits the Hà Nội education department: the sector line field names "Bộ Giáo dục và Đào tạo"; closing sends nothing', async () => {
    await signInAdmin();
    const admin = await tokenOf('admin', adminPassword);
    const found = (await apiCall('GET', '/agencies?q=HN-SGDDT', admin)).body.items;
    const department = found.find((a) => a.code === 'HN-SGDDT');
    if (!department) throw new Error('no agency HN-SGDDT in the demo');
    const head = (await apiCall('GET', `/sector-heads?id=${department.sector_ministry_id}`, admin)).body.items[0];
    expectEqual('its head', head?.name, 'Bộ Giáo dục và Đào tạo');
    await page.goto(`${baseUrl}/admin/agencies`);
    await page.getByLabel('Lọc theo mã hoặc tên đơn vị').fill('HN-SGDDT');
    await page.locator('.agency-node[data-code="HN-SGDDT"]').click();
    await page.getByText(`HN-SGDDT — ${department.name}`).waitFor();
    await page.getByRole('button', { name: /^(edit )?Sửa$/ }).click();
    const dialog = page.getByRole('dialog');
    const sector = field('Ngành dọc (bộ/sở quản lý chuyên ngành)');
    await sector.locator('.ant-select-selection-item[title="Bộ Giáo dục và Đào tạo"]').waitFor();
    await dialog.screenshot({ path: resolve(screenshots, 'agency-sector-line.png') });
    await axeNow('the agency form');
    const patches = writesTo('PATCH /api/v1/agencies/');
    await dialog.getByRole('button', { name: 'Hủy', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expectEqual('PATCH sent', writesTo('PATCH /api/v1/agencies/') - patches, 0);
  });
} finally {
  await browser.close();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`planner e2e: ${passed} passed, ${failed} failed; axe checked ${axeChecked.size} pages`);
process.exit(failed === 0 ? 0 : 1);
