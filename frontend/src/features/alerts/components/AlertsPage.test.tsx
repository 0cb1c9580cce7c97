import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../../api/models';
import { AlertsPage } from './AlertsPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers() } as Response,
});

const alert = (id: string, message: string, acknowledge: boolean, status: Alert['status'] = 'open'): Alert => ({
  id,
  kind: 'overdue',
  severity: 'critical',
  status,
  message,
  agency_id: 'ROOT',
  task_id: null,
  indicator_id: null,
  raised_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
  actions: { acknowledge },
});

/** The server: two open alerts, one the caller may acknowledge; roles are deliberately unrelated. */
function serve({ evaluate, roles }: { evaluate: boolean; roles: string[] }) {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { id: 'u', username: 'u', agency_id: 'ROOT', roles, actions: { evaluate_alerts: evaluate } }));
    if (path === '/api/v1/alerts')
      return Promise.resolve(reply(200, { items: [alert('A1', 'Nhiệm vụ A quá hạn', true), alert('A2', 'Nhiệm vụ B quá hạn', false)], total: 2, limit: 20, offset: 0 }));
    return Promise.resolve(reply(404, { type: 'urn:restrack:problem:not_found', title: 'Not Found', status: 404, detail: 'nope', code: 'not_found', request_id: 'r' }));
  });
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/alerts']}>
          <AlertsPage />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const row = async (text: string) => (await screen.findByText(text, undefined, WAIT)).closest('tr') as HTMLElement;
const ack = (r: HTMLElement) => within(r).queryByRole('button', { name: (n) => n.endsWith('Đã nắm') });

beforeEach(() => {
  api.GET.mockReset();
  api.POST.mockReset();
});

describe('AlertsPage', () => {
  it('offers "Đã nắm" only on alerts whose actions allow it, and no evaluation without evaluate_alerts', async () => {
    serve({ evaluate: false, roles: ['admin'] });
    renderPage();
    expect(ack(await row('Nhiệm vụ A quá hạn'))).not.toBeNull();
    expect(ack(await row('Nhiệm vụ B quá hạn'))).toBeNull();
    expect(screen.queryByRole('button', { name: (n) => n.endsWith('Đánh giá ngay') })).toBeNull();
  }, 30_000);

  it('offers "Đánh giá ngay" when me.actions.evaluate_alerts, whatever the roles', async () => {
    serve({ evaluate: true, roles: ['viewer'] });
    renderPage();
    await row('Nhiệm vụ A quá hạn');
    expect(await screen.findByRole('button', { name: (n) => n.endsWith('Đánh giá ngay') }, WAIT)).toBeInTheDocument();
  }, 30_000);

  it('says so when the alert was acknowledged meanwhile (409 alert_acknowledged) and reloads the list', async () => {
    serve({ evaluate: false, roles: ['reporter'] });
    api.POST.mockResolvedValue(
      reply(409, { type: 'urn:restrack:problem:alert_acknowledged', title: 'Conflict', status: 409, detail: 'the alert is already acknowledged', code: 'alert_acknowledged', request_id: 'r' }),
    );
    renderPage();
    const loads = () => api.GET.mock.calls.filter(([path]) => path === '/api/v1/alerts').length;
    const button = ack(await row('Nhiệm vụ A quá hạn')) as HTMLElement;
    const before = loads();
    await userEvent.setup().click(button);
    expect(await screen.findByText('Cảnh báo này đã được ghi nhận trước đó.', undefined, WAIT)).toBeInTheDocument();
    await waitFor(() => expect(loads()).toBeGreaterThan(before));
  }, 30_000);
});
