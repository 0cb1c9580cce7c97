import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgencyTreeNode, Indicator, IndicatorValue, Problem, ValuePage } from '../../../api/models';
import { ApprovalsPage } from './ApprovalsPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const NO_AGENCY_ACTIONS = { edit: false, edit_identity: false, add_child: false, delete: false, merge: false, dissolve: false, undo_merge: false };
const agency = (id: string, name: string, children: AgencyTreeNode[] = []): AgencyTreeNode => ({
  id,
  code: id,
  name,
  kind: children.length > 0 ? 'province' : 'commune',
  status: 'active',
  parent_id: children.length > 0 ? null : 'HN',
  actions: NO_AGENCY_ACTIONS,
  children,
});
const TREE = agency('HN', 'Thành phố Hà Nội', [agency('BD', 'Phường Ba Đình'), agency('HB', 'Phường Hàng Bạc')]);

const INDICATOR: Indicator = {
  id: 'I1',
  code: 'COMMUNE_ONLINE',
  name: 'Tỷ lệ hồ sơ giải quyết trực tuyến cấp xã',
  description: '',
  group: 'output',
  unit: '%',
  value_type: 'percent',
  direction: 'increase',
  aggregation: 'average',
  frequency: 'quarterly',
  owner_agency_id: 'ROOT',
  owner_agency_name: 'Trung ương',
  reporting_agency_ids: [],
  drives_task_progress: false,
  definition: '',
  data_source: '',
  method: '',
  verification: '',
  locked: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  actions: { edit: false, set_targets: false, write_agency_ids: [] },
};

const figure = (id: string, agencyId: string, period: string, value: number, over: Partial<IndicatorValue> = {}): IndicatorValue => ({
  id,
  indicator_id: 'I1',
  agency_id: agencyId,
  period,
  value,
  note: '',
  status: 'submitted',
  revision: 1,
  current: true,
  counted: false,
  created_by: 'U9',
  created_at: '2026-10-01T00:00:00Z',
  updated_at: '2026-10-01T00:00:00Z',
  submitted_by: 'U9',
  submitted_at: '2026-10-05T03:00:00Z',
  due_date: period === '2026-Q3' ? '2026-10-15' : '2027-01-15',
  on_time: true,
  locked: false,
  attachments: [],
  target: null,
  previous: null,
  actions: { submit: false, approve: true, return: true, own_submission: false, unlock: false },
  ...over,
});

const QUEUE = [
  figure('V1', 'BD', '2026-Q3', 86, { on_time: false, locked: true, actions: { submit: false, approve: true, return: true, own_submission: false, unlock: true } }),
  figure('V2', 'HB', '2026-Q3', 90),
  figure('V3', 'BD', '2026-Q4', 95, { target: 90, previous: { period: '2026-Q3', value: 86 }, note: 'Số liệu sơ bộ' }),
  figure('V4', 'HB', '2026-Q4', 70, { actions: { submit: false, approve: false, return: false, own_submission: true, unlock: false } }),
];

const refused = (errors: Problem['errors']): Problem => ({
  type: 'urn:restrack:problem:bulk_refused',
  title: 'Conflict',
  status: 409,
  detail: `${errors?.length ?? 0} of 3 figures cannot be approved; nothing was decided`,
  code: 'bulk_refused',
  request_id: 'r',
  errors,
});

function serve() {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { id: 'U1', username: 'pheduyet.hn', agency_id: 'HN', roles: ['approver'], actions: { decide_figures: true } }));
    if (path === '/api/v1/agencies/{id}/tree') return Promise.resolve(reply(200, TREE));
    if (path === '/api/v1/indicators') return Promise.resolve(reply(200, { items: [INDICATOR], total: 1, limit: 500, offset: 0 }));
    if (path === '/api/v1/users') return Promise.resolve(reply(200, { items: [], total: 0, limit: 500, offset: 0 }));
    if (path === '/api/v1/values') return Promise.resolve(reply(200, { items: QUEUE, total: QUEUE.length, limit: 20, offset: 0 } satisfies ValuePage));
    return Promise.resolve(reply(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'nope', code: 'not_found', request_id: 'r' }));
  });
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/approvals']}>
          <ApprovalsPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
// Label and text queries: role queries over antd's table are slow in jsdom.
const checkbox = (label: string) => screen.getByLabelText(`Chọn số liệu COMMUNE_ONLINE — ${label}`);
const button = (name: string, within_: HTMLElement = document.body) => {
  const found = within(within_).getByText(name, { selector: 'button span' }).closest('button');
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const rowOf = (label: string) => checkbox(label).closest('tr') as HTMLElement;
/** The confirmation's own "Duyệt" (each row has one too). */
const confirmApproval = async () => {
  const buttons = await waitFor(() => {
    const found = document.querySelector('.ant-popconfirm .ant-popconfirm-buttons');
    if (!found) throw new Error('no confirmation');
    return found as HTMLElement;
  }, WAIT);
  return button('Duyệt', buttons);
};
const loaded = () => screen.findByLabelText('Chọn số liệu COMMUNE_ONLINE — Phường Ba Đình, Quý 3/2026', undefined, WAIT);

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  serve();
});

describe('ApprovalsPage, bulk decisions', () => {
  it('shows next to each figure what the approver weighs it against: target, previous period, note and evidence', async () => {
    renderPage();
    await loaded();
    const row = rowOf('Phường Ba Đình, Quý 4/2026');
    expect(within(row).getByTestId('value-target')).toHaveTextContent('Mục tiêu kỳ: 90%');
    expect(within(row).getByTestId('value-previous')).toHaveTextContent('Kỳ trước (Quý 3/2026): 86%');
    expect(within(row).getByTestId('value-note')).toHaveTextContent('Ghi chú: Số liệu sơ bộ');
    expect(within(row).getByText('Không có minh chứng')).toBeInTheDocument();
    const first = rowOf('Phường Ba Đình, Quý 3/2026');
    expect(within(first).getByTestId('value-target')).toHaveTextContent('Chưa có mục tiêu kỳ này');
    expect(within(first).getByTestId('value-previous')).toHaveTextContent('Chưa có số liệu kỳ trước');
  }, 60_000);

  it('lets only figures the user may approve be selected, and shows each due date, timeliness and lock', async () => {
    renderPage();
    await loaded();
    expect(checkbox('Phường Hàng Bạc, Quý 4/2026')).toBeDisabled();
    const late = rowOf('Phường Ba Đình, Quý 3/2026');
    expect(within(late).getByText('15/10/2026')).toBeInTheDocument();
    expect(within(late).getByText('Trễ hạn')).toBeInTheDocument();
    expect(within(late).getByText('Đã khóa')).toBeInTheDocument();
    expect(within(late).getByRole('button', { name: /Mở khóa kỳ/ })).toBeInTheDocument();
    expect(within(rowOf('Phường Hàng Bạc, Quý 3/2026')).getByText('Đúng hạn')).toBeInTheDocument();
    expect(within(rowOf('Phường Hàng Bạc, Quý 3/2026')).queryByRole('button', { name: /Mở khóa kỳ/ })).toBeNull();
    await userEvent.setup().click(button('Chọn cả trang'));
    expect(button('Duyệt 3 mục đã chọn')).toBeEnabled();
    expect(checkbox('Phường Hàng Bạc, Quý 4/2026')).not.toBeChecked();
  }, 60_000);

  it('on 409 bulk_refused says nothing was decided and marks each refused row, mapping ids[i] to the i-th id sent', async () => {
    api.POST.mockResolvedValue(reply(409, refused([{ field: 'ids[1]', code: 'conflict', message: 'V1: a approved value cannot be approved' }])));
    renderPage();
    await loaded();
    const user = userEvent.setup();
    // Selected in this order: V3, V1, V2; so ids[1] is V1.
    await user.click(checkbox('Phường Ba Đình, Quý 4/2026'));
    await user.click(checkbox('Phường Ba Đình, Quý 3/2026'));
    await user.click(checkbox('Phường Hàng Bạc, Quý 3/2026'));
    await user.click(button('Duyệt 3 mục đã chọn'));
    await user.click(await confirmApproval());
    await waitFor(() => expect(api.POST).toHaveBeenCalledWith('/api/v1/values/approve', { body: { ids: ['V3', 'V1', 'V2'] } }));
    const alert = await screen.findByTestId('bulk-refusal', undefined, WAIT);
    expect(alert).toHaveTextContent('Chưa duyệt số liệu nào: 1 trong 3 mục đã chọn không duyệt được');
    expect(alert).toHaveTextContent('Mục 2: COMMUNE_ONLINE — Phường Ba Đình, Quý 3/2026 — số liệu không còn chờ duyệt');
    expect(rowOf('Phường Ba Đình, Quý 3/2026')).toHaveClass('bulk-refused');
    expect(within(rowOf('Phường Ba Đình, Quý 3/2026')).getByText(/số liệu không còn chờ duyệt/)).toBeInTheDocument();
    expect(rowOf('Phường Ba Đình, Quý 4/2026')).not.toHaveClass('bulk-refused');
    // The server's English message is never shown.
    expect(screen.queryByText(/cannot be approved/)).toBeNull();
    // Nothing was decided: the selection stays, and the refused rows can be cleared from it.
    await user.click(button('Bỏ chọn các mục bị từ chối', alert));
    expect(button('Duyệt 2 mục đã chọn')).toBeEnabled();
    expect(checkbox('Phường Ba Đình, Quý 3/2026')).not.toBeChecked();
    expect(screen.queryByTestId('bulk-refusal')).toBeNull();
  }, 60_000);

  it('returns the selected figures with one required reason, and a refusal closes the dialog to show the marked rows', async () => {
    api.POST.mockResolvedValue(reply(409, refused([{ field: 'ids[0]', code: 'forbidden', message: 'V2: not yours' }])));
    renderPage();
    await loaded();
    const user = userEvent.setup();
    await user.click(checkbox('Phường Hàng Bạc, Quý 3/2026'));
    await user.click(button('Trả lại 1 mục đã chọn'));
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    await user.click(button('Trả lại', dialog));
    expect(await within(dialog).findByText('Vui lòng nhập lý do trả lại', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).not.toHaveBeenCalled();
    await user.type(within(dialog).getByLabelText('Lý do trả lại'), 'Thiếu minh chứng');
    await user.click(button('Trả lại', dialog));
    await waitFor(() => expect(api.POST).toHaveBeenCalledWith('/api/v1/values/return', { body: { ids: ['V2'], reason: 'Thiếu minh chứng' } }));
    const alert = await screen.findByTestId('bulk-refusal', undefined, WAIT);
    expect(alert).toHaveTextContent('Chưa trả lại số liệu nào: 1 trong 1 mục đã chọn không trả lại được');
    expect(alert).toHaveTextContent('bạn không có quyền quyết định số liệu này');
    expect(rowOf('Phường Hàng Bạc, Quý 3/2026')).toHaveClass('bulk-refused');
  }, 60_000);

  it('approves all of them when the server accepts, and clears the selection', async () => {
    api.POST.mockResolvedValue(reply(200, { items: [], total: 0, limit: 3, offset: 0 }));
    renderPage();
    await loaded();
    const user = userEvent.setup();
    await user.click(button('Chọn cả trang'));
    await user.click(button('Duyệt 3 mục đã chọn'));
    await user.click(await confirmApproval());
    expect(await screen.findByText('Đã duyệt 3 số liệu', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).toHaveBeenCalledWith('/api/v1/values/approve', { body: { ids: ['V1', 'V2', 'V3'] } });
    expect(button('Duyệt 0 mục đã chọn')).toBeDisabled();
  }, 60_000);
});
