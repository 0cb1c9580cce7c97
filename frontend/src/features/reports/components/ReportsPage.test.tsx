import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportSchedule } from '../../../api/models';
import { ReportsPage } from './ReportsPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const WAIT = { timeout: 20_000 };
const reply = (body: unknown, status = 200) => ({ data: body, response: { ok: true, status, headers: new Headers() } as Response });
const refuse = (status: number, problem: object) => ({ error: problem, response: { ok: false, status, headers: new Headers() } as Response });

const schedule = (id: string, canDelete: boolean): ReportSchedule => ({
  id,
  agency_id: 'ROOT',
  agency_name: 'Văn phòng Trung ương',
  resolution_id: null,
  period_kind: 'quarter',
  format: 'docx',
  recipient_ids: ['an', 'binh'],
  created_by: 'an',
  created_at: '2026-10-01T00:00:00Z',
  next_period: { from: '2026-10-01', to: '2026-12-31' },
  last_run: null,
  actions: { delete: canDelete },
});
const USERS = [
  { id: 'an', username: 'an', display_name: 'Nguyễn Văn An', agency_id: 'ROOT', roles: ['planner'], active: true },
  { id: 'binh', username: 'binh', display_name: 'Trần Thị Bình', agency_id: 'HN', roles: ['viewer'], active: true },
];

function serve(scheduleReports: boolean, schedules: ReportSchedule[]) {
  api.GET.mockImplementation((path: string) => {
    switch (path) {
      case '/api/v1/me':
        return Promise.resolve(reply({ id: 'an', username: 'an', agency_id: 'ROOT', roles: ['planner'], actions: { schedule_reports: scheduleReports } }));
      case '/api/v1/agencies/{id}/tree':
        return Promise.resolve(reply({ id: 'ROOT', code: 'ROOT', name: 'Văn phòng Trung ương', status: 'active', children: [] }));
      case '/api/v1/resolutions':
        return Promise.resolve(reply({ items: [], total: 0, limit: 500, offset: 0 }));
      case '/api/v1/report-schedules':
        return Promise.resolve(reply({ items: schedules, total: schedules.length, limit: 500, offset: 0 }));
      case '/api/v1/users':
        return Promise.resolve(reply({ items: USERS, total: 2, limit: 500, offset: 0 }));
      case '/api/v1/report-schedules/{id}/runs':
        return Promise.resolve(reply({ items: [], total: 0, limit: 50, offset: 0 }));
      default:
        return Promise.resolve(refuse(404, { status: 404, title: 'Not Found' }));
    }
  });
}

function renderPage(entry = '/reports') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={[entry]}>
          <ReportsPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const reportRequests = () => api.GET.mock.calls.filter(([path]) => path === '/api/v1/reports/periodic');
const buttonNamed = (name: string) => screen.queryByRole('button', { name: (n) => n.endsWith(name) });

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
});

describe('ReportsPage', () => {
  it('refuses a range that ends before it starts next to "Đến ngày", keeps it as typed and sends nothing', async () => {
    serve(false, []);
    renderPage('/reports?from=2026-03-15&to=2026-03-10');
    expect(await screen.findByText('Ngày kết thúc không được trước ngày bắt đầu.', undefined, WAIT)).toBeInTheDocument();
    const user = userEvent.setup();
    for (const name of ['Tải Word (.docx)', 'Tải PDF', 'Tải Excel (.xlsx)', 'Tải CSV', 'Xem bản in']) await user.click(buttonNamed(name) as HTMLElement);
    expect(reportRequests()).toEqual([]);
    expect(screen.getByLabelText('Từ ngày')).toHaveValue('15/03/2026');
    expect(screen.getByLabelText('Đến ngày')).toHaveValue('10/03/2026');
    expect(screen.getByTestId('report-period-words')).toHaveTextContent('Kỳ báo cáo đã chọn: —');
  }, 60_000);

  it('offers "Lập lịch báo cáo" only with me.actions.schedule_reports and "Xóa" only on a schedule whose actions allow it', async () => {
    serve(false, [schedule('s1', false)]);
    renderPage();
    const row = (await screen.findByText('Quý IV năm 2026: 01/10/2026 – 31/12/2026', undefined, WAIT)).closest('tr') as HTMLElement;
    expect(within(row).getByText('Hằng quý')).toBeInTheDocument();
    expect(within(row).getByText('2 người')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: (n) => n.endsWith('Xóa') })).toBeNull();
    expect(buttonNamed('Lập lịch báo cáo')).toBeNull();
  }, 60_000);

  it('shows a refused recipient (recipient_ids[1]) by name next to "Người nhận" and keeps the form open', async () => {
    serve(true, [schedule('s1', true)]);
    api.POST.mockResolvedValue(
      refuse(422, {
        type: 'urn:restrack:problem:validation_failed', title: 'Unprocessable Entity', status: 422, code: 'validation_failed', request_id: 'r',
        errors: [{ field: 'recipient_ids[1]', code: 'not_found', message: 'not a person of that agency or above' }],
      }),
    );
    renderPage();
    const row = (await screen.findByText('Quý IV năm 2026: 01/10/2026 – 31/12/2026', undefined, WAIT)).closest('tr') as HTMLElement;
    expect(within(row).getByRole('button', { name: (n) => n.endsWith('Xóa') })).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(buttonNamed('Lập lịch báo cáo') as HTMLElement);
    const dialog = await screen.findByRole('dialog', undefined, WAIT);
    const recipients = within(dialog).getByLabelText('Người nhận').closest('.ant-form-item') as HTMLElement;
    fireEvent.mouseDown(recipients.querySelector('.ant-select-selector') as HTMLElement);
    for (const name of ['Nguyễn Văn An (an)', 'Trần Thị Bình (binh)']) {
      await waitFor(() => expect(document.querySelector(`.ant-select-item-option[title="${name}"]`)).not.toBeNull(), WAIT);
      await user.click(document.querySelector(`.ant-select-item-option[title="${name}"]`) as HTMLElement);
    }
    await user.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(api.POST).toHaveBeenCalledTimes(1), WAIT);
    expect(api.POST.mock.calls[0]?.[1]).toMatchObject({ body: { agency_id: 'ROOT', period_kind: 'quarter', format: 'docx', recipient_ids: ['an', 'binh'] } });
    await waitFor(() => expect(recipients).toHaveTextContent('Trần Thị Bình (binh) không thuộc đơn vị được báo cáo hoặc một đơn vị cấp trên.'), WAIT);
    expect(recipients).not.toHaveTextContent('Nguyễn Văn An (an) không thuộc');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  }, 60_000);

  it('opens the runs of the schedule named by ?schedule=', async () => {
    serve(false, [schedule('s1', false)]);
    renderPage('/reports?schedule=s1');
    expect(await screen.findByText('Các báo cáo đã lập: Văn phòng Trung ương — Hằng quý, Word (.docx)', undefined, WAIT)).toBeInTheDocument();
    await waitFor(() => expect(api.GET).toHaveBeenCalledWith('/api/v1/report-schedules/{id}/runs', expect.objectContaining({ params: { path: { id: 's1' } } })), WAIT);
  }, 60_000);
});
