import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IndicatorSet } from '../../../api/models';
import { IndicatorSetPage } from './IndicatorSetPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  data: status < 400 ? body : undefined,
  error: status < 400 ? undefined : body,
  response: { ok: status < 400, status, headers: new Headers(headers) } as Response,
});

const SET: IndicatorSet = {
  id: 'S1', code: 'BO-57', name: 'Bộ chỉ tiêu 57', owner_agency_id: 'HN', set_version: 1, status: 'draft',
  items: [{ indicator_id: 'I1', weight: 2.5 }], created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
};

function serve(set: IndicatorSet, planIndicators: boolean) {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/me') return Promise.resolve(reply(200, { id: 'u', agency_id: 'HN', roles: ['planner'], actions: { plan_indicators: planIndicators } }));
    if (path === '/api/v1/agencies/{id}/tree') return Promise.resolve(reply(200, { id: 'HN', code: 'HN', name: 'Hà Nội', kind: 'province', status: 'active', children: [] }));
    if (path === '/api/v1/indicator-sets/{id}') return Promise.resolve(reply(200, set, { ETag: '"1"' }));
    if (path === '/api/v1/indicator-sets') return Promise.resolve(reply(200, { items: [set], total: 1, limit: 100, offset: 0 }));
    if (path === '/api/v1/indicators') return Promise.resolve(reply(200, { items: [{ id: 'I1', code: 'CT-01', name: 'Số hồ sơ' }], total: 1, limit: 500, offset: 0 }));
    return Promise.resolve(reply(404, { status: 404, title: 'Not Found' }));
  });
}

function renderPage() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <App>
        <MemoryRouter initialEntries={['/indicator-sets/S1']}>
          <Routes>
            <Route path="/indicator-sets/:id" element={<IndicatorSetPage />} />
          </Routes>
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

describe('IndicatorSetPage', { timeout: 60_000 }, () => {
  beforeEach(() => {
    api.GET.mockReset();
    api.POST.mockReset().mockResolvedValue(reply(200, { ...SET, status: 'published', published_at: '2026-02-01T00:00:00Z' }));
  });

  it('shows the items with a decimal comma and no buttons without me.actions.plan_indicators', async () => {
    serve(SET, false);
    renderPage();
    expect(await screen.findByText('CT-01')).toBeInTheDocument();
    expect(screen.getByText('2,5')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Công bố/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Sửa dự thảo/ })).not.toBeInTheDocument();
  });

  it('publishes a draft only after a confirmation naming it', async () => {
    serve(SET, true);
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Công bố/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Công bố BO-57, phiên bản 1 gồm 1 chỉ tiêu/)).toBeInTheDocument();
    expect(api.POST).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Công bố' }));
    await waitFor(() => expect(api.POST).toHaveBeenCalledWith('/api/v1/indicator-sets/{id}/publish', { params: { path: { id: 'S1' } } }));
  });

  it('offers a new version, not editing, for a published version', async () => {
    serve({ ...SET, status: 'published' }, true);
    renderPage();
    expect(await screen.findByRole('button', { name: /Tạo phiên bản mới/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Sửa dự thảo/ })).not.toBeInTheDocument();
  });
});
