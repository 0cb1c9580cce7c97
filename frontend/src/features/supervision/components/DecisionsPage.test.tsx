import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task, TaskPage } from '../../../api/models';
import { DecisionsPage } from './DecisionsPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const task = (over: Partial<Task>): Task =>
  ({
    id: 't1',
    code: '57-NQ/TW.3.1',
    title: 'Số hóa hồ sơ thủ tục hành chính cấp thành phố',
    lead_agency_id: 'skhcn',
    status: 'in_progress',
    health: 'on_track',
    due_date: '2027-03-15',
    ...over,
  }) as Task;

const PAGE: TaskPage = {
  total: 2,
  limit: 20,
  offset: 0,
  items: [
    task({
      waiting: [
        { kind: 'extension', id: 'r1', since: '2026-11-20T03:00:00Z', due_date: '2027-04-15' },
        { kind: 'cancellation', id: 'r2', since: '2026-11-22T03:00:00Z', due_date: null },
      ],
    }),
    task({ id: 't2', code: '57-NQ/TW.4', status: 'awaiting_acceptance', waiting: [{ kind: 'completion', id: 'c1', since: '2026-12-01T08:00:00Z' }] }),
  ],
};

const TREE = { id: 'hn', code: 'HN', name: 'Thành phố Hà Nội', children: [{ id: 'skhcn', code: 'HN-SKHCN', name: 'Sở Khoa học và Công nghệ Hà Nội', children: [] }] };

function renderPage() {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/tasks') return Promise.resolve(reply(200, PAGE));
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { agency_id: 'hn' }));
    if (path === '/api/v1/agencies/{id}/tree') return Promise.resolve(reply(200, TREE));
    return Promise.resolve(reply(404, { status: 404, title: 'Not Found', code: 'not_found' }));
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/decisions']}>
          <DecisionsPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };

beforeEach(() => {
  api.GET.mockReset();
});

describe('DecisionsPage', () => {
  it('shows each decision a task waits for from the list\'s `waiting`, with the date an extension asks for, and asks nothing per row', async () => {
    renderPage();
    const row = (await screen.findByText('57-NQ/TW.3.1', undefined, WAIT)).closest('tr') as HTMLElement;
    const items = row.querySelectorAll('.decision-waiting');
    expect([...items].map((e) => e.getAttribute('data-kind'))).toEqual(['extension', 'cancellation']);
    expect(within(items[0] as HTMLElement).getByText('Đề nghị gia hạn')).toBeInTheDocument();
    expect(within(items[0] as HTMLElement).getByText(/^Xin gia hạn đến 15\/04\/2027 · Gửi lúc \d{2}\/11\/2026 \d{2}:\d{2}$/)).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText('Đề nghị hủy nhiệm vụ')).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).queryByText(/Xin gia hạn/)).not.toBeInTheDocument();
    expect(await within(row).findByText('Sở Khoa học và Công nghệ Hà Nội', undefined, WAIT)).toBeInTheDocument();

    const other = screen.getByText('57-NQ/TW.4').closest('tr') as HTMLElement;
    expect(other.querySelector('.decision-waiting[data-kind="completion"]')).toHaveTextContent(/^Đề nghị công nhận hoàn thànhGửi lúc \d{2}\/12\/2026 \d{2}:\d{2}$/);

    // One request for the page: no proposals or requests read row by row.
    const paths = api.GET.mock.calls.map(([path]) => path as string);
    expect(paths.filter((p) => p === '/api/v1/tasks')).toHaveLength(1);
    expect(paths.some((p) => p.includes('/completions') || p.includes('/requests'))).toBe(false);
    const query = (api.GET.mock.calls.find(([path]) => path === '/api/v1/tasks')?.[1] as { params: { query: Record<string, unknown> } }).params.query;
    expect(query).toMatchObject({ awaiting_decision: true, limit: 20, offset: 0 });
  });
});
