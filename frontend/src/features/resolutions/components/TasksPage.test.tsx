import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter, useLocation } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task, TaskPage } from '../../../api/models';
import { TasksPage } from './TasksPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const TASKS: TaskPage = {
  total: 1,
  limit: 20,
  offset: 0,
  items: [
    {
      id: 't1',
      code: '57-NQ/TW.3.2.3',
      title: 'Xã Sóc Sơn: phủ sóng hạ tầng số đến thôn',
      lead_agency_id: 'socson',
      resolution_id: 'R1',
      status: 'in_progress',
      health: 'overdue',
      progress: 40,
      due_date: '2026-11-22',
    } as Task,
  ],
};
const TREE = { id: 'hn', code: 'HN', name: 'Thành phố Hà Nội', children: [{ id: 'socson', code: 'HN-SOCSON', name: 'Xã Sóc Sơn', children: [] }] };

/** The address as the page left it. */
function Address() {
  const { search } = useLocation();
  return <output data-testid="address">{search}</output>;
}

function renderPage(at: string) {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/tasks') return Promise.resolve(reply(200, TASKS));
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { agency_id: 'hn' }));
    if (path === '/api/v1/agencies/{id}/tree') return Promise.resolve(reply(200, TREE));
    if (path === '/api/v1/resolutions') return Promise.resolve(reply(200, { items: [{ id: 'R1', code: '57-NQ/TW', title: 'Nghị quyết 57' }], total: 1, limit: 500, offset: 0 }));
    return Promise.resolve(reply(404, { status: 404, title: 'Not Found', code: 'not_found' }));
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={[at]}>
          <TasksPage />
          <Address />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
/** The query of the latest `GET /tasks`. */
const lastQuery = () =>
  (api.GET.mock.calls.filter(([path]) => path === '/api/v1/tasks').at(-1)?.[1] as { params: { query: Record<string, unknown> } } | undefined)?.params.query;
const address = () => new URLSearchParams(screen.getByTestId('address').textContent ?? '');

beforeEach(() => {
  api.GET.mockReset();
});

describe('TasksPage and the evaluation', () => {
  it('reads the class, the period and the agency\'s subtree from the address, asks the server for them and shows them as filters', async () => {
    renderPage('/tasks?lead_agency_subtree=hn&evaluation=not_completed_overdue&evaluation_from=2026-01-01&evaluation_to=2026-12-31');
    await screen.findByText('57-NQ/TW.3.2.3', undefined, WAIT);
    expect(lastQuery()).toEqual({
      lead_agency_subtree: 'hn',
      evaluation: 'not_completed_overdue',
      evaluation_from: '2026-01-01',
      evaluation_to: '2026-12-31',
      sort: 'due_date',
      limit: 20,
      offset: 0,
    });
    // The class by its Vietnamese name, the period in dd/mm/yyyy.
    expect(document.querySelector('.task-evaluation-filter .ant-select-selection-item')).toHaveTextContent('Chưa hoàn thành quá hạn');
    const [from, to] = [...document.querySelectorAll<HTMLInputElement>('.task-evaluation-period input')];
    expect(from).toHaveValue('01/01/2026');
    expect(to).toHaveValue('31/12/2026');
    expect(screen.getByText('Kỳ đánh giá')).toBeInTheDocument();
    expect(await screen.findByText('Tổng 1', undefined, WAIT)).toBeInTheDocument();
  });

  it('removes the class and then the period, keeping the other filters in the address and the query', async () => {
    renderPage('/tasks?lead_agency_subtree=hn&health=overdue&evaluation=not_completed_overdue&evaluation_from=2026-01-01&evaluation_to=2026-12-31');
    await screen.findByText('57-NQ/TW.3.2.3', undefined, WAIT);
    const clear = (selector: string) => {
      const icon = document.querySelector(`${selector} .ant-select-clear, ${selector} .ant-picker-clear`);
      if (!icon) throw new Error(`no clear icon in ${selector}`);
      fireEvent.mouseDown(icon);
      fireEvent.mouseUp(icon);
      fireEvent.click(icon);
    };
    clear('.task-evaluation-filter');
    await waitFor(() => expect(address().has('evaluation')).toBe(false));
    expect(address().get('evaluation_from')).toBe('2026-01-01');
    expect(address().get('health')).toBe('overdue');
    await waitFor(() => expect(lastQuery()).toEqual({ lead_agency_subtree: 'hn', health: 'overdue', evaluation_from: '2026-01-01', evaluation_to: '2026-12-31', sort: 'due_date', limit: 20, offset: 0 }));
    clear('.task-evaluation-period');
    await waitFor(() => expect(address().toString()).toBe('lead_agency_subtree=hn&health=overdue'));
    await waitFor(() => expect(lastQuery()).toEqual({ lead_agency_subtree: 'hn', health: 'overdue', sort: 'due_date', limit: 20, offset: 0 }));
  });

  it('picks a class from the select with the Vietnamese names', async () => {
    renderPage('/tasks');
    await screen.findByText('57-NQ/TW.3.2.3', undefined, WAIT);
    fireEvent.mouseDown(document.querySelector('.task-evaluation-filter .ant-select-selector') as Element);
    const names = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].map((e) => e.textContent);
    expect(names).toEqual(['Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Chưa hoàn thành trong hạn', 'Chưa hoàn thành quá hạn']);
    fireEvent.click(screen.getByTitle('Hoàn thành quá hạn'));
    await waitFor(() => expect(address().get('evaluation')).toBe('completed_late'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ evaluation: 'completed_late' }));
  });
});
