import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { MeActions } from '../lib/navigation';
import { RequireAction } from './RouteGuards';

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
  read_audit: true,
  evaluate_alerts: false,
  change_password: true,
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
