import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoginSession } from '../../../api/models';
import { session } from '../../../lib/session';
import { SessionsCard } from './SessionsCard';

const api = vi.hoisted(() => ({ GET: vi.fn(), DELETE: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (body: unknown) => ({ data: body, response: { ok: true, status: 200, headers: new Headers() } as Response });
const noContent = () => ({ data: undefined, response: { ok: true, status: 204, headers: new Headers() } as Response });

const at = (iso: string) => ({ created_at: iso, last_active_at: iso, expires_at: iso, ends_at: iso });
const THIS: LoginSession = { id: 's1', ...at('2026-12-07T01:02:00Z'), client_address: '10.0.0.1', user_agent: 'Firefox trên máy bàn', current: true };
const OTHER: LoginSession = { id: 's2', ...at('2026-03-05T08:09:00Z'), last_active_at: '2026-03-06T10:11:00Z', client_address: '10.0.0.2', user_agent: null, current: false };

function renderCard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/account']}>
          <Routes>
            <Route path="/account" element={<SessionsCard />} />
            <Route path="/login" element={<p>trang đăng nhập</p>} />
          </Routes>
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const rowOf = (id: string) => document.querySelector(`tr[data-session-id="${id}"]`) as HTMLElement;
let list: LoginSession[];

beforeEach(() => {
  api.GET.mockReset();
  api.DELETE.mockReset();
  list = [THIS, OTHER];
  api.GET.mockImplementation(() => Promise.resolve(reply(list)));
  api.DELETE.mockImplementation((_: string, init: { params: { path: { id: string } } }) => {
    list = list.filter((s) => s.id !== init.params.path.id);
    return Promise.resolve(noContent());
  });
});

describe('SessionsCard', () => {
  it('lists the sessions with device, address and times in dd/mm/yyyy HH:mm, marks "Phiên này", and ends another one after a confirmation', async () => {
    session.setTokens({ access_token: 'a', refresh_token: 'r' });
    renderCard();
    const user = userEvent.setup();
    await screen.findByText('Phiên này', undefined, WAIT);
    expect(within(rowOf('s1')).getByText('Firefox trên máy bàn')).toBeInTheDocument();
    expect(within(rowOf('s2')).getByText('Không rõ thiết bị')).toBeInTheDocument();
    expect(within(rowOf('s2')).getByText('10.0.0.2')).toBeInTheDocument();
    expect(within(rowOf('s2')).getByText(/^05\/03\/2026 \d{2}:09$/)).toBeInTheDocument();
    expect(within(rowOf('s2')).getByText(/^06\/03\/2026 \d{2}:11$/)).toBeInTheDocument();
    expect(within(rowOf('s2')).queryByText('Phiên này')).toBeNull();

    await user.click(within(rowOf('s2')).getByRole('button', { name: 'Kết thúc' }));
    expect(api.DELETE).not.toHaveBeenCalled();
    const confirm = await screen.findByText('Kết thúc phiên đăng nhập này?', undefined, WAIT);
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Kết thúc' }));
    await waitFor(() => expect(api.DELETE).toHaveBeenCalledWith('/api/v1/me/sessions/{id}', { params: { path: { id: 's2' } } }));
    await waitFor(() => expect(rowOf('s2')).toBeNull(), WAIT);
    expect(session.getSnapshot().authenticated).toBe(true);
  }, 30_000);

  it('ending the current session logs out: the local session ends and the login page opens', async () => {
    session.setTokens({ access_token: 'a', refresh_token: 'r' });
    renderCard();
    const user = userEvent.setup();
    await screen.findByText('Phiên này', undefined, WAIT);
    await user.click(within(rowOf('s1')).getByRole('button', { name: 'Kết thúc' }));
    const confirm = await screen.findByText(/kết thúc phiên này sẽ đăng xuất bạn/, undefined, WAIT);
    await user.click(within(confirm.closest('.ant-popover') as HTMLElement).getByRole('button', { name: 'Kết thúc' }));
    expect(await screen.findByText('trang đăng nhập', undefined, WAIT)).toBeInTheDocument();
    expect(api.DELETE).toHaveBeenCalledWith('/api/v1/me/sessions/{id}', { params: { path: { id: 's1' } } });
    expect(session.getSnapshot()).toMatchObject({ authenticated: false, endReason: 'logged_out' });
  }, 30_000);
});
