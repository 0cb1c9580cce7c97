import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notification, NotificationPage } from '../../../api/models';
import { NotificationBell } from './NotificationBell';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const note = (id: string, title: string, read: boolean, link: string): Notification => ({
  id,
  kind: 'directive_issued',
  title,
  body: 'Nhiệm vụ 57-NQ/TW.3.2.1 — Phường Ba Đình\nHạn trả lời: 09/12/2026',
  link,
  created_at: '2026-12-02T07:38:16Z',
  read,
});

/** A server with two unread notifications and one read; marking read lowers its count. */
function serve() {
  const notes = [note('n1', 'Ý kiến chỉ đạo về nhiệm vụ 57-NQ/TW.3.2.1', false, '/tasks/t1'), note('n2', 'Số liệu DT_DOCS bị trả lại', false, '/indicators/i1'), note('n3', 'Sắp đến hạn báo cáo', true, '/work')];
  const unread = () => notes.filter((n) => !n.read).length;
  api.GET.mockImplementation((path: string, init: { params?: { query?: { unread?: boolean; limit?: number } } }) => {
    if (path !== '/api/v1/me/notifications') return Promise.resolve(reply(404, { status: 404, title: 'Not Found', code: 'not_found' }));
    const q = init.params?.query ?? {};
    const items = notes.filter((n) => !q.unread || !n.read).slice(0, q.limit ?? 20);
    const page: NotificationPage = { items: items.map((n) => ({ ...n })), total: q.unread ? unread() : notes.length, limit: q.limit ?? 20, offset: 0, unread: unread() };
    return Promise.resolve(reply(200, page));
  });
  api.POST.mockImplementation((_path: string, init: { body: { ids?: string[] } }) => {
    for (const n of notes) if (!init.body.ids || init.body.ids.includes(n.id)) n.read = true;
    return Promise.resolve(reply(200, { unread: unread() }));
  });
}

function renderBell() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/work']}>
          <NotificationBell />
          <Routes>
            <Route path="/work" element={<div>Trang việc cần làm</div>} />
            <Route path="/tasks/:id" element={<div>Trang nhiệm vụ</div>} />
          </Routes>
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const bell = () => screen.getByTestId('bell');

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
  serve();
});

describe('NotificationBell', () => {
  it('shows the unread count from a one-row page of unread notifications', async () => {
    renderBell();
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 thông báo chưa đọc'), WAIT);
    expect(api.GET).toHaveBeenCalledWith('/api/v1/me/notifications', expect.objectContaining({ params: { query: { unread: true, limit: 1 } } }));
  }, 30_000);

  it('lists the latest with their date and time; opening one marks it read and goes to its page', async () => {
    renderBell();
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 thông báo chưa đọc'), WAIT);
    await userEvent.setup().click(bell());
    const panel = await screen.findByTestId('bell-panel', undefined, WAIT);
    const first = (await within(panel).findByText('Ý kiến chỉ đạo về nhiệm vụ 57-NQ/TW.3.2.1', undefined, WAIT)).closest('button') as HTMLElement;
    expect(within(panel).getByText('Sắp đến hạn báo cáo')).toBeInTheDocument();
    expect(within(first).getByText(/\d\d\/12\/2026 \d\d:\d\d/)).toBeInTheDocument();
    await userEvent.setup().click(first);
    expect(await screen.findByText('Trang nhiệm vụ', undefined, WAIT)).toBeInTheDocument();
    expect(api.POST).toHaveBeenCalledWith('/api/v1/me/notifications/read', { body: { ids: ['n1'] } });
    await waitFor(() => expect(bell()).toHaveAccessibleName('1 thông báo chưa đọc'), WAIT);
  }, 30_000);

  it('marks all read: the count goes away', async () => {
    renderBell();
    await waitFor(() => expect(bell()).toHaveAccessibleName('2 thông báo chưa đọc'), WAIT);
    await userEvent.setup().click(bell());
    const panel = await screen.findByTestId('bell-panel', undefined, WAIT);
    await within(panel).findByText('Số liệu DT_DOCS bị trả lại', undefined, WAIT);
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }));
    expect(api.POST).toHaveBeenCalledWith('/api/v1/me/notifications/read', { body: {} });
    await waitFor(() => expect(bell()).toHaveAccessibleName('Thông báo'), WAIT);
    expect(await screen.findByText('Đã đánh dấu đọc tất cả thông báo', undefined, WAIT)).toBeInTheDocument();
  }, 30_000);
});
