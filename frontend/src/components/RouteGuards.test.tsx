import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { act } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeActions } from '../lib/navigation';
import { session } from '../lib/session';
import { RequireAction, RequireSession } from './RouteGuards';

const api = vi.hoisted(() => ({ GET: vi.fn() }));
vi.mock('../lib/api-client', () => ({ apiClient: api, authClient: api }));

const ACTIONS: MeActions = {
  plan_resolutions: false,
  plan_tasks: false,
  plan_indicators: false,
  decide_figures: false,
  decide_tasks: false,
  manage_agencies: false,
  manage_users: false,
  grantable_roles: [],
  grantable_key_roles: [],
  attach_evidence: false,
  manage_api_keys: false,
  manage_webhooks: false,
  read_audit: true,
  evaluate_alerts: false,
  change_password: true,
  schedule_reports: false,
  view_sector: false,
  import_kinds: [],
};

function renderGuarded(actions: MeActions, roles: string[]) {
  api.GET.mockResolvedValue({ data: { id: 'u', username: 'u', agency_id: 'A', roles, actions }, response: { ok: true, status: 200, headers: new Headers() } });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <RequireAction action="manage_agencies">
          <p>trang đơn vị</p>
        </RequireAction>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('RequireAction', () => {
  it('opens the page when me.actions allows it, whatever the roles', async () => {
    renderGuarded({ ...ACTIONS, manage_agencies: true }, ['viewer']);
    expect(await screen.findByText('trang đơn vị')).toBeInTheDocument();
  });

  it('shows 403 when me.actions does not, even to an admin by role', async () => {
    renderGuarded(ACTIONS, ['admin']);
    expect(await screen.findByText('Bạn không có quyền truy cập trang này')).toBeInTheDocument();
    expect(screen.queryByText('trang đơn vị')).toBeNull();
  });
});

function LoginProbe() {
  const from = (useLocation().state as { from?: string } | null)?.from;
  return <p>đăng nhập từ {from}</p>;
}

function renderSessionGuarded() {
  render(
    <MemoryRouter initialEntries={['/tasks/42?tab=reports']}>
      <Routes>
        <Route path="/login" element={<LoginProbe />} />
        <Route path="*" element={<RequireSession><p>trang nhiệm vụ</p></RequireSession>} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('RequireSession while the tab asks the other tabs for a session', () => {
  afterEach(() => act(() => session.finishRestore()));

  it('waits (no login page) and shows the page when another tab hands the session over', () => {
    act(() => session.beginRestore());
    renderSessionGuarded();
    expect(screen.getByRole('status')).toBeInTheDocument();
    expect(screen.queryByText(/đăng nhập từ/)).not.toBeInTheDocument();
    act(() => session.adopt({ id: 's', generation: 3, accessToken: 'a', refreshToken: 'r', enrolmentRequired: false }));
    expect(screen.getByText('trang nhiệm vụ')).toBeInTheDocument();
    act(() => session.end('logged_out'));
  });

  it('sends to the login page, keeping the deep link, when no tab answers', () => {
    act(() => session.beginRestore());
    renderSessionGuarded();
    act(() => session.finishRestore());
    expect(screen.getByText('đăng nhập từ /tasks/42?tab=reports')).toBeInTheDocument();
  });
});
