import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MyWork, WorkCounts, WorkItem } from '../../../api/models';
import { WorkPage } from './WorkPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const item = (over: Partial<WorkItem>): WorkItem => ({
  kind: 'figure_to_enter',
  title: 'DT_DOCS — Tỷ lệ văn bản điện tử được ký số',
  due_date: null,
  overdue: false,
  locked: false,
  link: '/indicators/i1',
  subject_id: 'i1',
  period: '2026-Q4',
  agency_id: 'a1',
  ...over,
});

const NO_COUNTS: WorkCounts = {
  figure_to_enter: 0,
  figure_to_correct: 0,
  report_to_file: 0,
  figure_to_approve: 0,
  completion_to_decide: 0,
  request_to_decide: 0,
  directive_to_answer: 0,
  overdue: 0,
  total: 0,
};

const WORK: MyWork = {
  today: '2026-12-02',
  counts: { ...NO_COUNTS, figure_to_correct: 1, report_to_file: 1, figure_to_approve: 1, overdue: 1, total: 3 },
  items: [
    item({ kind: 'figure_to_correct', title: 'NEW_FIRMS — Số doanh nghiệp thành lập mới', due_date: '2026-11-20', overdue: true, locked: true, subject_id: 'v1', period: '2026-Q3' }),
    item({ kind: 'report_to_file', title: '57-NQ/TW.3.2.1 — Phường Ba Đình: 100% hồ sơ trực tuyến', due_date: '2026-12-07', link: '/tasks/t1', subject_id: 't1', period: '2026-11' }),
    item({ kind: 'figure_to_approve', title: 'COMMUNE_ONLINE — Phường Hàng Bạc', due_date: '2027-01-15', link: '/approvals', subject_id: 'v2' }),
  ],
};

function renderPage(work: MyWork, at = '/work') {
  api.GET.mockImplementation((path: string) => Promise.resolve(path === '/api/v1/me/work' ? reply(200, work) : reply(404, { status: 404, title: 'Not Found', code: 'not_found' })));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={[at]}>
          <Routes>
            <Route path="/work" element={<WorkPage />} />
            <Route path="/tasks/:id" element={<div>Trang nhiệm vụ</div>} />
          </Routes>
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const row = async (text: string) => (await screen.findByText(text, undefined, WAIT)).closest('tr') as HTMLElement;

beforeEach(() => {
  api.GET.mockReset();
});

describe('WorkPage', () => {
  it('lists each item with its kind, period, due date in dd/mm/yyyy and how urgent it is', async () => {
    renderPage(WORK);
    const overdue = await row('NEW_FIRMS — Số doanh nghiệp thành lập mới');
    expect(within(overdue).getByText('Số liệu cần sửa')).toBeInTheDocument();
    expect(within(overdue).getByText('Quý 3/2026')).toBeInTheDocument();
    expect(within(overdue).getByText('20/11/2026')).toBeInTheDocument();
    expect(within(overdue).getByText('Quá hạn 12 ngày')).toBeInTheDocument();
    expect(within(overdue).getByText('Đã khóa')).toBeInTheDocument();
    const soon = await row('57-NQ/TW.3.2.1 — Phường Ba Đình: 100% hồ sơ trực tuyến');
    expect(within(soon).getByText('Báo cáo tiến độ cần gửi')).toBeInTheDocument();
    expect(within(soon).getByText('07/12/2026')).toBeInTheDocument();
    expect(within(soon).getByText('Còn 5 ngày')).toBeInTheDocument();
    const later = await row('COMMUNE_ONLINE — Phường Hàng Bạc');
    expect(within(later).getByText('15/01/2027')).toBeInTheDocument();
    expect(within(later).queryByText(/Còn|Quá hạn/)).toBeNull();
    expect(screen.getByTestId('work-summary')).toHaveTextContent('3 việc, 1 việc quá hạn');
    expect(screen.getByTestId('work-summary')).toHaveTextContent('Hôm nay: 02/12/2026');
  }, 30_000);

  it('filters by kind with the counts, and by what is overdue', async () => {
    renderPage(WORK);
    await row('COMMUNE_ONLINE — Phường Hàng Bạc');
    const filters = screen.getByRole('radiogroup', { name: 'Lọc theo loại việc' });
    expect(within(filters).getByText('Tất cả (3)')).toBeInTheDocument();
    // Kinds with nothing to do are not offered.
    expect(within(filters).queryByText(/Số liệu cần nhập/)).toBeNull();
    await userEvent.setup().click(within(filters).getByText('Số liệu chờ duyệt (1)'));
    expect(screen.queryByText('NEW_FIRMS — Số doanh nghiệp thành lập mới')).toBeNull();
    expect(screen.getByText('COMMUNE_ONLINE — Phường Hàng Bạc')).toBeInTheDocument();
    await userEvent.setup().click(within(filters).getByText('Quá hạn (1)'));
    expect(screen.getByText('NEW_FIRMS — Số doanh nghiệp thành lập mới')).toBeInTheDocument();
    expect(screen.queryByText('COMMUNE_ONLINE — Phường Hàng Bạc')).toBeNull();
  }, 30_000);

  it('goes to the item\'s page when the row is clicked', async () => {
    renderPage(WORK);
    const soon = await row('57-NQ/TW.3.2.1 — Phường Ba Đình: 100% hồ sơ trực tuyến');
    await userEvent.setup().click(within(soon).getByText('Báo cáo tiến độ cần gửi'));
    expect(await screen.findByText('Trang nhiệm vụ', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('says in Vietnamese that nothing waits', async () => {
    renderPage({ today: '2026-12-02', counts: NO_COUNTS, items: [] });
    expect(await screen.findByText(/Bạn không có việc nào cần làm/, undefined, WAIT)).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup')).toBeNull();
  }, 30_000);
});
