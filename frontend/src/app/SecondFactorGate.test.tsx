import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from 'antd';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../lib/session';
import { SecondFactorGate } from './SecondFactorGate';

const api = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock('../lib/api-client', () => ({ apiClient: api, authClient: api }));

const reply = (body: unknown) => ({ data: body, response: { ok: true, status: 200, headers: new Headers() } as Response });
const ME = { id: 'u', username: 'lanhdao', display_name: 'Lãnh đạo', agency_id: 'ROOT', roles: ['viewer'], actions: {} };

function renderGate() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <App>
        <MemoryRouter initialEntries={['/admin/users']}>
          <SecondFactorGate>
            <p>ứng dụng đầy đủ</p>
          </SecondFactorGate>
        </MemoryRouter>
      </App>
    </QueryClientProvider>,
  );
}

const WAIT = { timeout: 10_000 };
let enabled: boolean;

beforeEach(() => {
  enabled = false;
  api.GET.mockReset();
  api.POST.mockReset();
  api.GET.mockImplementation((path: string) =>
    Promise.resolve(path === '/api/v1/me/totp' ? reply({ enabled, pending: false, required: true, recovery_codes_left: enabled ? 10 : 0 }) : reply(ME)),
  );
  api.POST.mockImplementation((path: string) => {
    if (path === '/api/v1/me/totp') return Promise.resolve(reply({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://x', qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));
    enabled = true;
    return Promise.resolve(reply({ recovery_codes: Array.from({ length: 10 }, (_, i) => `code-${i}`) }));
  });
});

describe('SecondFactorGate', () => {
  it('shows the app to a full session', () => {
    session.setTokens({ access_token: 'a', refresh_token: 'r', second_factor_enrolment_required: false });
    renderGate();
    expect(screen.getByText('ứng dụng đầy đủ')).toBeInTheDocument();
  });

  it('shows an enrol-only session nothing but the enrolment page with the reason, whatever the address; after the enrolment the app opens without a new login', async () => {
    session.setTokens({ access_token: 'a', refresh_token: 'r', second_factor_enrolment_required: true });
    renderGate();
    const page = await screen.findByTestId('enrolment-page', undefined, WAIT);
    expect(within(page).getByRole('heading', { name: 'Cần bật xác thực hai lớp' })).toBeInTheDocument();
    expect(within(page).getByText(/Vai trò của bạn bắt buộc dùng xác thực hai lớp/)).toBeInTheDocument();
    expect(screen.queryByText('ứng dụng đầy đủ')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();

    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Bật' }, WAIT));
    await user.click(await screen.findByLabelText('Mật khẩu hiện tại', undefined, WAIT));
    await user.paste('mat-khau-hien-tai');
    await user.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    await user.type(await screen.findByLabelText('Mã xác thực', undefined, WAIT), '123456');
    await user.click(screen.getByRole('button', { name: 'Xác nhận' }));
    await screen.findByTestId('recovery-codes', undefined, WAIT);
    // Still enrol-only until the user has seen the codes.
    expect(session.getSnapshot().enrolmentRequired).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Vào hệ thống' }));
    expect(await screen.findByText('ứng dụng đầy đủ', undefined, WAIT)).toBeInTheDocument();
    expect(session.getSnapshot().enrolmentRequired).toBe(false);
  }, 30_000);
});
