import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../api/models';
import { ApiKeysRoute } from './ApiKeysRoute';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), DELETE: vi.fn() }));
vi.mock('../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (body: unknown) => ({ data: body, response: { ok: true, status: 200, headers: new Headers() } as Response });

const key = (id: string, name: string, more: Partial<ApiKey> = {}): ApiKey => ({
  id,
  name,
  agency_id: 'ROOT',
  key_prefix: `rtk_${id}`,
  roles: ['reporter'],
  active: true,
  created_at: '2026-01-01T00:00:00Z',
  expires_at: null,
  revoked_at: null,
  ...more,
});
const KEYS = [
  key('k1', 'Hệ thống đang dùng'),
  key('k2', 'Hệ thống đã thu hồi', { active: false, revoked_at: '2026-02-01T00:00:00Z' }),
  key('k3', 'Hệ thống hết hạn', { expires_at: '2020-01-01T00:00:00Z' }),
];

function serve(manageWebhooks: boolean) {
  api.GET.mockImplementation((path: string) => {
    if (path === '/api/v1/me')
      return Promise.resolve(reply({ id: 'u', username: 'admin', agency_id: 'ROOT', roles: ['admin'], actions: { manage_api_keys: true, manage_webhooks: manageWebhooks, grantable_key_roles: ['reporter'] } }));
    if (path === '/api/v1/api-keys') return Promise.resolve(reply({ items: KEYS, total: KEYS.length, limit: 500, offset: 0 }));
    if (path === '/api/v1/webhooks') return Promise.resolve(reply({ items: [], total: 0, limit: 100, offset: 0 }));
    return Promise.resolve({ error: { status: 404, title: 'Not Found' }, response: { ok: false, status: 404, headers: new Headers() } as Response });
  });
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter>
          <ApiKeysRoute />
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
const row = async (name: string) => (await screen.findByText(name, { selector: 'strong' }, WAIT)).closest('tr') as HTMLElement;
const buttonsOf = (r: HTMLElement) => within(r).queryAllByRole('button').map((b) => b.textContent);

beforeEach(() => {
  api.GET.mockReset();
});

describe('the API keys page with webhooks', () => {
  it('offers "Webhook" on each active key when me.actions.manage_webhooks, and opens that key\'s webhooks', async () => {
    serve(true);
    renderPage();
    await waitFor(async () => expect(buttonsOf(await row('Hệ thống đang dùng'))).toEqual(['Webhook', 'Thu hồi']), WAIT);
    expect(buttonsOf(await row('Hệ thống đã thu hồi'))).toEqual([]);
    expect(buttonsOf(await row('Hệ thống hết hạn'))).toEqual(['Thu hồi']);
    await userEvent.setup().click(within(await row('Hệ thống đang dùng')).getByRole('button', { name: /Webhook$/ }));
    expect(await screen.findByText('Webhook của khóa “Hệ thống đang dùng”', undefined, WAIT)).toBeInTheDocument();
    expect(await screen.findByText('Khóa này chưa có webhook nào', undefined, WAIT)).toBeInTheDocument();
    expect(api.GET).toHaveBeenCalledWith('/api/v1/webhooks', expect.objectContaining({ params: { query: { api_key_id: 'k1', limit: 100 } } }));
  }, 30_000);

  it('offers no "Webhook" without me.actions.manage_webhooks', async () => {
    serve(false);
    renderPage();
    await screen.findByRole('button', { name: /Tạo API key$/ }, WAIT); // GET /me has answered
    expect(buttonsOf(await row('Hệ thống đang dùng'))).toEqual(['Thu hồi']);
  }, 30_000);
});
