import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ImportsPage } from './ImportsPage';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../../../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (body: unknown) => ({ data: body, response: { ok: true, status: 200, headers: new Headers() } as Response });

describe('ImportsPage', () => {
  it('offers only the kinds of me.actions.import_kinds, the first one chosen', async () => {
    api.GET.mockImplementation((path: string) =>
      Promise.resolve(
        path === '/api/v1/me'
          ? reply({ id: 'u', username: 'u', agency_id: 'A', roles: ['admin'], actions: { import_kinds: ['indicator-values', 'tasks'] } })
          : reply({ items: [], total: 0, limit: 10, offset: 0 }),
      ),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <App>
          <MemoryRouter>
            <ImportsPage />
          </MemoryRouter>
        </App>
      </QueryClientProvider>,
    );
    const select = await screen.findByRole('combobox', { name: 'Loại dữ liệu' }, { timeout: 10_000 });
    expect(screen.getByText('Các cột của tệp Nhiệm vụ')).toBeInTheDocument();
    await userEvent.setup().click(select);
    await screen.findAllByRole('option');
    const options = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
    expect(options).toEqual(['Nhiệm vụ', 'Số liệu chỉ tiêu']);
  }, 30_000);
});
